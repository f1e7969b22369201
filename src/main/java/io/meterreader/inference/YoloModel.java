package io.meterreader.inference;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.YoloLayout;
import io.meterreader.inference.yolo.YoloPostprocessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One loaded model on any runtime: splits requests into batches the runner accepts, letterboxes,
 * runs, decodes. Serialises calls because the runner and post-processor reuse their buffers.
 */
final class YoloModel implements AutoCloseable {

    private final String name;
    private final ModelRunner runner;
    private final YoloPostprocessor postprocessor;
    private boolean closed;

    YoloModel(String name, ModelRunner runner, double confidenceThreshold, double iouThreshold, int maxDetections) {
        this.name = name;
        this.runner = runner;
        this.postprocessor = new YoloPostprocessor(runner.layout(), confidenceThreshold, iouThreshold, maxDetections);
    }

    synchronized List<List<Detection>> infer(List<ImageRegion> images) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        YoloLayout layout = runner.layout();
        List<List<Detection>> results = new ArrayList<>(images.size());
        int batch = runner.maxBatch();
        for (int start = 0; start < images.size(); start += batch) {
            List<ImageRegion> chunk = images.subList(start, Math.min(images.size(), start + batch));
            List<Letterbox> letterboxes = new ArrayList<>(chunk.size());
            for (ImageRegion region : chunk) {
                Objects.requireNonNull(region, "image");
                letterboxes.add(Letterbox.of(region.width(), region.height(), layout.inputWidth(),
                        layout.inputHeight()));
            }
            RawOutputs out = runner.run(chunk, letterboxes);
            for (int i = 0; i < chunk.size(); i++) {
                results.add(postprocessor.process(out.predictions(), out.prototypes(), i, letterboxes.get(i)));
            }
        }
        return results;
    }

    ModelInfo info() {
        YoloLayout layout = runner.layout();
        return new ModelInfo(name, runner.backend(), layout.inputWidth(), layout.inputHeight(), layout.classNames(),
                runner.maxBatch(), runner.precision());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            runner.close();
        }
    }
}
