package io.meterreader.inference.yolo;

/**
 * A model's inputs or outputs are not what a YOLOv8 detection or segmentation model with the
 * configured classes has. The message names the model, the expected and the found shapes, and
 * what the found shapes look like (a classifier, an end-to-end export...).
 */
public class ModelShapeException extends IllegalArgumentException {
    public ModelShapeException(String message) {
        super(message);
    }
}
