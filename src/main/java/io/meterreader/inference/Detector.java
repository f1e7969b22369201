package io.meterreader.inference;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.List;

/**
 * A YOLOv8 detection model (classes meter, water, level in this service). Thread-safe: calls are
 * serialised, because a model reuses its buffers.
 */
public interface Detector extends AutoCloseable {

    /**
     * Detects objects in each image; any number of images (batches beyond the model's limit are
     * split). Boxes are in each region's own pixels.
     *
     * @return one list per image, in order, best detection first
     */
    List<List<Detection>> detect(List<ImageRegion> images);

    ModelInfo info();

    @Override
    void close();
}
