package io.meterreader.frame;

import java.util.Objects;

/**
 * One object found by a model: its class, confidence and box, and for segmentation models
 * its mask. Coordinates are in the pixels of the image the model was given.
 *
 * @param mask the instance mask, or {@code null} for a detection model
 */
public record Detection(int classId, String label, double confidence, BoundingBox box, Mask mask) {

    public Detection {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(box, "box");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
    }

    public Detection(int classId, String label, double confidence, BoundingBox box) {
        this(classId, label, confidence, box, null);
    }

    public boolean hasMask() {
        return mask != null;
    }
}
