package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.List;

/**
 * Reads a liquid-level sight gauge: the height of the liquid surface in the glass, 0 at the
 * glass's bottom and 1 at its top.
 *
 * <p>Coordinates: the glass box, the level boxes and the results are all in the pixels of
 * {@code pixels} (origin at its top-left corner), which is where the detector ran (a whole frame,
 * or a region of one).
 *
 * <p>Implementations are stateless and safe to share between threads.
 */
public interface LevelReader {

    /**
     * @param glass  the detector's {@code water} box: the sight glass
     * @param levels the detector's {@code level} detections (the liquid-surface band, centred on
     *               the surface), any of them, none, or some belonging to other glasses
     * @param pixels the image the boxes are in, for refining the surface from its intensity
     *               profile; {@code null} to read from the boxes alone
     */
    GaugeMeasurement read(BoundingBox glass, List<Detection> levels, ImageRegion pixels);

    /** The reader the service uses: the level box refined by the intensity edge along the glass. */
    static LevelReader standard() {
        return new ProfileLevelReader();
    }

    /** The original system's reader (the level box's centre, to the whole percent), the baseline. */
    static LevelReader original() {
        return new OriginalLevelReader();
    }
}
