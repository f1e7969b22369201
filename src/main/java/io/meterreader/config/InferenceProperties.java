package io.meterreader.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Models and how to run them.
 *
 * @param backend             auto | onnxruntime | tensorrt (default auto)
 * @param detector            YOLOv8 detection model, classes meter, water, level
 * @param segmenter           YOLOv8-seg model for pointer-gauge crops, classes pointer, scale
 * @param confidenceThreshold detections below this confidence are dropped (0..1, default 0.25)
 * @param segmenterConfidenceThreshold the segmenter's pointer and tick instances below this are
 *                            dropped (0..1, default 0.1): the pointer reader fits its scale to every
 *                            tick and weighs each by its score, so it is better served by faint
 *                            ticks than by none (measured: MODEL_CARD.md)
 * @param iouThreshold        non-maximum suppression overlap (0..1, default 0.45)
 * @param maxDetections       at most this many detections per image (default 100)
 * @param threads             CPU threads per ONNX Runtime session (0 = the cores shared out
 *                            between the {@code workers}; offline reads: all cores)
 * @param maxBatch            frames per inference batch, across cameras (1..8, default 8),
 *                            shared out between the {@code workers}
 * @param batchTimeout        how long a partial batch waits for more frames (default 20ms)
 * @param dialViews           crops each pointer gauge is segmented and read from, with different
 *                            margins, their readings combined (1..2, default 2): two cut the mean
 *                            error of what is shown as OK by a fifth to more than half, and
 *                            most of the dials shown 2% off, for twice the segmentation time
 *                            (MODEL_CARD.md)
 * @param workers             inference workers of the live pipeline, each with its own copy of
 *                            the models, taking its own batches (0 = auto: ONNX Runtime one per
 *                            core up to 4, {@code threads} shared out between them; TensorRT 1).
 *                            On a CPU, two single-threaded workers read a quarter more frames per
 *                            second than one worker with two threads (README, Benchmarks)
 * @param detectEvery         how long the live pipeline reuses a camera's detections before the
 *                            detector looks at its frames again (default 10s; 0 = every frame):
 *                            a fixed camera's gauges stay put, and the segmenter reads each frame
 *                            at the remembered boxes. A gauge that stops reading OK there has the
 *                            detector look again at once. Each detection is kept for a random
 *                            75-100% of this (a camera's first for a random share of it), so that
 *                            cameras started together do not all need the detector in the same
 *                            second ({@code DetectionMemory})
 * @param int8                on ONNX Runtime, run a model's 8-bit copy ({@code NAME-int8.onnx}
 *                            beside it, made from it by {@code models/training/quantize.py})
 *                            where there is one (default true; the segmenter's ships: about 1.6
 *                            times as fast on a CPU, accuracy in MODEL_CARD.md). TensorRT runs
 *                            the float models
 * @param alternateViews      with two {@code dial-views}, a live camera's dial is segmented in one
 *                            crop per frame, the crops taking turns, and a reading that agrees
 *                            with the other crop's of a recent frame (at most 5 s before, or
 *                            2.5 of the camera's read intervals if that is longer) is
 *                            taken as both crops agreeing; the dial is segmented in its other crop
 *                            too only where they do not agree or there is none (default true:
 *                            about half the segmentation on steady dials; accuracy in README)
 * @param learnScaleMarks     a live pointer meter calibrated without {@code scale-marks} learns
 *                            them from its tick readings (the pivot and the end ticks, the median
 *                            of 15 frames, 9 agreeing; the pivot where the needle's axes cross
 *                            once it has turned) and is read against them, from its pointer, in
 *                            the frames where its ticks are not shown (default true;
 *                            {@code LearnedMarks}, accuracy in README)
 */
public record InferenceProperties(
        @DefaultValue("auto") @NotNull InferenceBackend backend,
        @DefaultValue("models/meter-det.onnx") @NotNull Path detector,
        @DefaultValue("models/meter-seg.onnx") @NotNull Path segmenter,
        @DefaultValue("0.25") @DecimalMin("0.0") @DecimalMax("1.0") double confidenceThreshold,
        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double segmenterConfidenceThreshold,
        @DefaultValue("0.45") @DecimalMin("0.0") @DecimalMax("1.0") double iouThreshold,
        @DefaultValue("100") @Min(1) @Max(1000) int maxDetections,
        @DefaultValue("0") @Min(0) @Max(256) int threads,
        @DefaultValue("8") @Min(1) @Max(8) int maxBatch,
        @DefaultValue("20ms") @NotNull Duration batchTimeout,
        @DefaultValue("2") @Min(1) @Max(2) int dialViews,
        @DefaultValue("0") @Min(0) @Max(64) int workers,
        @DefaultValue("10s") @NotNull @MinDuration(millis = 0) Duration detectEvery,
        @DefaultValue("true") boolean int8,
        @DefaultValue("true") boolean alternateViews,
        @DefaultValue("true") boolean learnScaleMarks) {

    /** These properties with another number of threads per ONNX Runtime session. */
    public InferenceProperties withThreads(int sessionThreads) {
        return new InferenceProperties(backend, detector, segmenter, confidenceThreshold, segmenterConfidenceThreshold,
                iouThreshold, maxDetections, sessionThreads, maxBatch, batchTimeout, dialViews, workers, detectEvery,
                int8, alternateViews, learnScaleMarks);
    }

    /** These properties with another backend. */
    public InferenceProperties withBackend(InferenceBackend other) {
        return new InferenceProperties(other, detector, segmenter, confidenceThreshold, segmenterConfidenceThreshold,
                iouThreshold, maxDetections, threads, maxBatch, batchTimeout, dialViews, workers, detectEvery, int8,
                alternateViews, learnScaleMarks);
    }
}
