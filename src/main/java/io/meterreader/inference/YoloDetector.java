package io.meterreader.inference;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.List;

/** A detection model on any runtime. */
final class YoloDetector implements Detector {

    private final YoloModel model;

    YoloDetector(YoloModel model) {
        this.model = model;
    }

    @Override
    public List<List<Detection>> detect(List<ImageRegion> images) {
        return model.infer(images);
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
