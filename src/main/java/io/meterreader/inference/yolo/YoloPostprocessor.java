package io.meterreader.inference.yolo;

import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one image's slice of a model's raw outputs into detections in the image's own pixels:
 * decoding, per-class NMS, boxes mapped back through the letterbox and clipped, and for
 * segmentation models the masks. Both runtimes hand it the same output layout.
 *
 * <p>Not thread-safe (scratch arrays); a model owns one and serialises its calls.
 */
public final class YoloPostprocessor {

    private final YoloLayout layout;
    private final YoloDecoder decoder;
    private final MaskAssembler masks;

    public YoloPostprocessor(YoloLayout layout, double confidenceThreshold, double iouThreshold, int maxDetections) {
        if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1) || !(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("thresholds must lie in [0, 1]");
        }
        if (maxDetections < 1) {
            throw new IllegalArgumentException("maxDetections must be positive, got " + maxDetections);
        }
        this.layout = layout;
        this.decoder = new YoloDecoder(layout, confidenceThreshold, iouThreshold, maxDetections);
        this.masks = layout.task() == YoloTask.SEGMENT ? new MaskAssembler(layout) : null;
    }

    public YoloLayout layout() {
        return layout;
    }

    /**
     * Detections of image {@code imageIndex} of a batch.
     *
     * @param predictions the prediction output, {@code [B, 4 + nc (+ 32), N]}
     * @param prototypes  the prototype output {@code [B, 32, H/4, W/4]}, or null for detection
     * @param letterbox   how that image was fitted into the input
     */
    public List<Detection> process(FloatBuffer predictions, FloatBuffer prototypes, int imageIndex,
                                   Letterbox letterbox) {
        List<Candidate> kept = decoder.decode(predictions, imageIndex);
        List<Detection> detections = new ArrayList<>(kept.size());
        for (Candidate c : kept) {
            Mask mask = masks == null ? null : masks.assemble(predictions, prototypes, imageIndex, c, letterbox);
            double confidence = Math.max(0, Math.min(1, c.score()));
            detections.add(new Detection(c.classId(), layout.classNames().get(c.classId()), confidence,
                    letterbox.toSource(c.x1(), c.y1(), c.x2(), c.y2()), mask));
        }
        return detections;
    }
}
