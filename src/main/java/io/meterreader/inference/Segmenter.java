package io.meterreader.inference;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.List;

/**
 * A YOLOv8-seg model run on gauge crops (classes pointer, scale in this service). Thread-safe:
 * calls are serialised, because a model reuses its buffers.
 */
public interface Segmenter extends AutoCloseable {

    /**
     * Segments each crop; any number of crops. Boxes are in each crop's own pixels and every
     * {@link Detection#mask()} is crop-sized (mask width and height equal the crop's).
     *
     * @return one list per crop, in order, best detection first
     */
    List<List<Detection>> segment(List<ImageRegion> crops);

    ModelInfo info();

    @Override
    void close();
}
