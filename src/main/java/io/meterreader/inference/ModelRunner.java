package io.meterreader.inference;

import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.YoloLayout;
import java.util.List;

/**
 * What a runtime (ONNX Runtime, TensorRT) does for a YOLOv8 model: pre-processing into its input
 * and one batched run. Decoding is shared and lives in {@code inference.yolo}. Implementations
 * need not be thread-safe; {@link YoloModel} serialises calls.
 */
public interface ModelRunner extends AutoCloseable {

    YoloLayout layout();

    /** {@code onnxruntime} or {@code tensorrt}. */
    String backend();

    /** Images per run at most. */
    int maxBatch();

    /** {@code fp32} or {@code fp16}. */
    String precision();

    /**
     * Letterboxes each region into the model's input as its letterbox says, runs the model once
     * and returns its outputs (valid until the next call).
     *
     * @param regions at most {@link #maxBatch()}
     */
    RawOutputs run(List<ImageRegion> regions, List<Letterbox> letterboxes);

    @Override
    void close();
}
