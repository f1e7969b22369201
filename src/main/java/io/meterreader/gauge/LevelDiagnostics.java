package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;

/**
 * What a level reader found in a sight glass. Coordinates are in the pixels of the image the
 * reader was given; any part not found is {@code null}.
 *
 * @param glass          the sight glass ({@code water} detection): fraction 0 at its bottom, 1 at its top
 * @param level          the liquid-surface detection used
 * @param boxSurfaceY    the surface's height from the level box alone (its centre), as the original read it
 * @param surfaceY       the surface's height after the intensity-profile refinement
 * @param edgeContrast   the intensity step across the surface found in the profile, in grey levels
 *                       (0 when no profile was available)
 * @param rawFraction    the surface's position before any clamping
 * @param readBetween    the glass whose ends the fraction is read between: the detected one, its
 *                       ends moved in onto the glass's own where they show; null when the fraction
 *                       is read between the calibration's level marks
 */
public record LevelDiagnostics(
        BoundingBox glass,
        BoundingBox level,
        Double boxSurfaceY,
        Double surfaceY,
        double edgeContrast,
        Double rawFraction,
        BoundingBox readBetween) implements GaugeDiagnostics {

    /** Read between the detected glass's ends. */
    public LevelDiagnostics(BoundingBox glass, BoundingBox level, Double boxSurfaceY, Double surfaceY,
                            double edgeContrast, Double rawFraction) {
        this(glass, level, boxSurfaceY, surfaceY, edgeContrast, rawFraction, glass);
    }
}
