package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import java.util.List;

/**
 * Reads a pointer gauge from the segmentation of its crop: where the pointer stands between the
 * scale's first and last tick, as a fraction of the arc between them.
 *
 * <p>The crop is the detector's gauge box widened by a margin on each side and clipped to the
 * frame: 10% of its size in the crops the segmenter was trained on; the service reads each dial
 * from two crops, 6% and 14% ({@link PointerViews}). The segments are the segmentation model's detections on that crop: class
 * {@value #POINTER_CLASS} is the pointer, class {@value #SCALE_CLASS} one tick mark each, every one
 * with a crop-sized mask. Either may be missing, doubled, broken or wrong; a reader says so
 * through the measurement's status and confidence, never by throwing. The scale is taken to
 * increase clockwise as the camera sees it (a camera cannot see a dial mirrored).
 *
 * <p>Implementations are stateless and safe to share between threads.
 */
public interface PointerReader {

    int POINTER_CLASS = 0;
    int SCALE_CLASS = 1;

    /**
     * @param segments   the segmentation model's detections on the crop (any classes; others are ignored)
     * @param cropWidth  the crop's width in pixels (the masks' width)
     * @param cropHeight the crop's height in pixels (the masks' height)
     */
    GaugeMeasurement read(List<Detection> segments, int cropWidth, int cropHeight);

    /**
     * The margin added to the detector's gauge box on each side, as a share of its width or height,
     * in the crops the segmentation model was trained on.
     */
    double CROP_MARGIN = 0.10;

    /**
     * The crop to segment for a detected pointer gauge: its box widened by {@link #CROP_MARGIN} of
     * its width and height on each side (the ticks of a tight box would touch its edges), rounded
     * outwards to whole pixels and clipped to the frame; null when nothing of it is in the frame.
     */
    static BoundingBox crop(BoundingBox gauge, int frameWidth, int frameHeight) {
        return crop(gauge, CROP_MARGIN, frameWidth, frameHeight);
    }

    /** As {@link #crop(BoundingBox, int, int)} with another margin (the views of {@link PointerViews}). */
    static BoundingBox crop(BoundingBox gauge, double margin, int frameWidth, int frameHeight) {
        double mx = margin * gauge.width();
        double my = margin * gauge.height();
        double x1 = Math.max(0, Math.floor(gauge.x() - mx));
        double y1 = Math.max(0, Math.floor(gauge.y() - my));
        double x2 = Math.min(frameWidth, Math.ceil(gauge.x2() + mx));
        double y2 = Math.min(frameHeight, Math.ceil(gauge.y2() + my));
        return x2 > x1 && y2 > y1 ? new BoundingBox(x1, y1, x2 - x1, y2 - y1) : null;
    }

    /** The reader the service uses: dial rectification, open-sector search, tick-grid interpolation. */
    static PointerReader standard() {
        return new RectifiedPointerReader();
    }

    /** The original system's reader, kept as the baseline the standard reader is measured against. */
    static PointerReader original() {
        return new OriginalPointerReader();
    }
}
