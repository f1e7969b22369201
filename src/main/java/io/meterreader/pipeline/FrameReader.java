package io.meterreader.pipeline;

import io.meterreader.frame.ImageRegion;
import java.util.List;

/** Finds and reads every gauge in a batch of images: detection, crops, segmentation, geometry. */
interface FrameReader extends AutoCloseable {

    /** One list per image, gauges in image pixels. */
    List<List<FoundGauge>> read(List<ImageRegion> images);

    /** The backend the models run on, for logs and metrics. */
    String backend();

    @Override
    void close();
}
