package io.meterreader.inference;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.List;

/** A segmentation model on any runtime. */
final class YoloSegmenter implements Segmenter {

    private final YoloModel model;

    YoloSegmenter(YoloModel model) {
        this.model = model;
    }

    @Override
    public List<List<Detection>> segment(List<ImageRegion> crops) {
        return model.infer(crops);
    }

    @Override
    public ModelInfo info() {
        return model.info();
    }

    @Override
    public void close() {
        model.close();
    }
}
