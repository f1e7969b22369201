/**
 * Models: YOLOv8 detection ({@link io.meterreader.inference.Detector}, classes meter, water,
 * level) and YOLOv8-seg segmentation of gauge crops ({@link io.meterreader.inference.Segmenter},
 * classes pointer, scale), on ONNX Runtime (CPU, the default) or TensorRT (GPU).
 *
 * <p>{@link io.meterreader.inference.InferenceBackends#open} opens both models for the configured
 * backend and says which one it chose and why. Each runtime only implements
 * {@link io.meterreader.inference.ModelRunner} (pre-processing into its input, one batched run);
 * splitting requests into batches, decoding, NMS and masks are shared ({@code YoloModel} and the
 * runtime-free {@code inference.yolo} package), so both backends return the same records.
 *
 * <ul>
 * <li>{@code yolo}: the letterbox (and its sampling formula, documented on
 *     {@link io.meterreader.inference.yolo.LetterboxPreprocessor}), the output decoder with per-class
 *     NMS, mask assembly, and the load-time shape check; no runtime inside.</li>
 * <li>{@code onnx}: ONNX Runtime sessions with direct, pinned buffers.</li>
 * <li>{@code tensorrt}: engines built from the ONNX and cached beside it, NVRTC-compiled letterbox
 *     kernel ({@code cuda/letterbox.cu}), pinned uploads and {@code enqueueV3} on its own stream.
 *     Probed at start; where CUDA, TensorRT or a device is missing it reports why and never lets
 *     a native linkage error escape.</li>
 * </ul>
 */
package io.meterreader.inference;
