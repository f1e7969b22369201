package io.meterreader.gauge;

import java.util.List;

/**
 * What a pointer reader found in a gauge crop. Points are in crop pixels; angles are in degrees,
 * clockwise from the x axis, measured in the reader's rectified view of the dial (the dial as seen
 * face-on after the perspective was taken out). Any part not found is {@code null}.
 *
 * @param method          which reader made it ("rectified" or "original")
 * @param center          the pointer's pivot
 * @param ring            the ellipse fitted through the ticks (a circle for the original reader)
 * @param ticks           the ticks accepted as part of the scale, first to last
 * @param firstTick       the scale's first tick (fraction 0)
 * @param lastTick        the scale's last tick (fraction 1)
 * @param pointerTip      where the pointer crosses the ring of ticks
 * @param pointerAngle    the pointer's direction
 * @param firstTickAngle  the first tick's direction
 * @param lastTickAngle   the last tick's direction
 * @param tickIntervals   how many tick intervals the scale spans (missing ticks included)
 * @param rawFraction     the pointer's position on the scale before any clamping: below 0 or
 *                        above 1 when it lies outside the scale
 * @param agreement       how far apart, as a share of the span, two independent ways of placing
 *                        the pointer on the scale came out (0 for the original reader, which
 *                        has only one)
 * @param evidence        what the confidence was made of; {@code null} when the reader got no
 *                        pointer on a scale, or is the original (which has no confidence)
 */
public record PointerDiagnostics(
        String method,
        ImagePoint center,
        Ellipse ring,
        List<ImagePoint> ticks,
        ImagePoint firstTick,
        ImagePoint lastTick,
        ImagePoint pointerTip,
        Double pointerAngle,
        Double firstTickAngle,
        Double lastTickAngle,
        int tickIntervals,
        Double rawFraction,
        double agreement,
        PointerEvidence evidence) implements GaugeDiagnostics {

    public PointerDiagnostics {
        ticks = ticks == null ? List.of() : List.copyOf(ticks);
    }

    public int tickCount() {
        return ticks.size();
    }
}
