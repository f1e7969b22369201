package io.meterreader.inference;

import java.util.List;

/**
 * What a loaded model is, for logs, metrics and {@code /actuator/info}.
 *
 * @param name      the model file's name
 * @param backend   {@code onnxruntime} or {@code tensorrt}
 * @param maxBatch  images per model run at most (larger requests are split)
 * @param precision {@code fp32}, {@code fp16} (TensorRT on a GPU with fast FP16) or {@code int8} (an
 *                  8-bit copy on ONNX Runtime, {@link Int8Copy})
 */
public record ModelInfo(String name, String backend, int inputWidth, int inputHeight, List<String> classNames,
                        int maxBatch, String precision) {

    public ModelInfo {
        classNames = List.copyOf(classNames);
    }
}
