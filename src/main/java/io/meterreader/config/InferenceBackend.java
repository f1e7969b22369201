package io.meterreader.config;

/** Which runtime runs the models. */
public enum InferenceBackend {
    /** TensorRT when CUDA and TensorRT load and a device is present, otherwise ONNX Runtime. */
    AUTO,
    /** ONNX Runtime on the CPU. */
    ONNXRUNTIME,
    /** TensorRT on an NVIDIA GPU, with CUDA preprocessing. */
    TENSORRT
}
