package io.meterreader.pipeline;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.List;

/** Finds and reads every gauge in a batch of images: detection, crops, segmentation, geometry. */
interface FrameReader extends AutoCloseable {

    /** One list per image, gauges in image pixels. */
    default List<List<FoundGauge>> read(List<ImageRegion> images) {
        return read(images, detect(images));
    }

    /** The detector's gauges in each image (one list per image, boxes in image pixels). */
    List<List<Detection>> detect(List<ImageRegion> images);

    /**
     * Reads the gauges at given detections, one list per image, whether the detector just found
     * them in these images or in earlier frames of the same fixed camera ({@link DetectionMemory}).
     */
    List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections);

    /**
     * As {@link #read(List, List)}, with each image's camera history of what its dials read (an
     * element is null where there is none): a reader may read a steady dial in less work then
     * ({@link DialViewHistory}). This one ignores them.
     */
    default List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections,
                                        List<DialViewHistory.At> histories) {
        return read(images, detections);
    }

    /** The backend the models run on, for logs and metrics. */
    String backend();

    @Override
    void close();
}
