package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.onnx.OnnxRuntimeRunner;
import io.meterreader.inference.tensorrt.TensorRtAvailability;
import io.meterreader.inference.tensorrt.TensorRtRunner;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorRT against ONNX Runtime on the golden images: every confident detection of one backend
 * has a twin in the other with box IoU >= 0.99 and mask IoU >= 0.98. Runs where a CUDA device,
 * CUDA and TensorRT are usable; skips itself elsewhere.
 */
@Tag("gpu")
class TensorRtParityTest {

    /** Detections this close to the threshold may appear on one side only (FP16 rounding). */
    private static final double MARGIN = 0.02;
    private static final double CONFIDENCE = 0.25;

    @BeforeEach
    void needsTensorRt() {
        TensorRtAvailability trt = TensorRtAvailability.probe();
        assumeTrue(trt.usable(), () -> "TensorRT cannot run here: " + trt.reason());
    }

    @Test
    void goldenImages_tensorRtMatchesOnnxRuntime(@TempDir Path dir) throws Exception {
        InferenceProperties props = new InferenceProperties(InferenceBackend.TENSORRT, dir.resolve("det-tiny.onnx"),
                dir.resolve("seg-tiny.onnx"), CONFIDENCE, CONFIDENCE, 0.45, 100, 1, 8, Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
        int matched = 0;
        int masks = 0;
        for (Golden.Case c : Golden.cases()) {
            Path model = dir.resolve(c.model());
            if (!Files.exists(model)) {
                Files.copy(Golden.path(c.model()), model);
            }
            YoloTask task = c.segment() ? YoloTask.SEGMENT : YoloTask.DETECT;
            List<ImageRegion> images = List.of(c.image());
            List<Detection> onnx = run(model, OnnxRuntimeRunner.open(model, task, c.classes(), 1, 8), props, c,
                    images).get(0);
            List<Detection> trt = run(model, TensorRtRunner.open(model, task, c.classes(), 8), props, c,
                    images).get(0);
            for (Detection d : confident(onnx)) {
                Detection twin = twin(d, trt);
                assertThat(twin).as(c.image() + ": TensorRT twin of " + d).isNotNull();
                assertThat(twin.box().iou(d.box())).as(c.image() + " box IoU").isGreaterThanOrEqualTo(0.99);
                if (d.hasMask() && d.mask().area() + twin.mask().area() > 0) {
                    assertThat(twin.mask().iou(d.mask())).as(c.image() + " mask IoU").isGreaterThanOrEqualTo(0.98);
                    masks++;
                }
                matched++;
            }
            for (Detection d : confident(trt)) {
                assertThat(twin(d, onnx)).as(c.image() + ": ONNX Runtime twin of " + d).isNotNull();
            }
        }
        assertThat(matched).isGreaterThanOrEqualTo(20);
        assertThat(masks).isGreaterThanOrEqualTo(5);
    }

    @Test
    void batchOfEight_equalsOneAtATime(@TempDir Path dir) throws Exception {
        Golden.Case c = Golden.cases().get(0);
        Path model = Files.copy(Golden.path(c.model()), dir.resolve(c.model()));
        InferenceProperties props = new InferenceProperties(InferenceBackend.TENSORRT, model, model, CONFIDENCE,
                CONFIDENCE, 0.45, 100, 1, 8, Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
        List<ImageRegion> images = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            images.add(Golden.cases().get(i % 3).image());
        }
        try (Detector d = InferenceBackends.detector(model,
                TensorRtRunner.open(model, YoloTask.DETECT, c.classes(), 8), props)) {
            List<List<Detection>> batched = d.detect(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(batched.get(i)).as("image " + i).isEqualTo(d.detect(List.of(images.get(i))).get(0));
            }
        }
    }

    private static List<List<Detection>> run(Path model, ModelRunner runner, InferenceProperties props,
                                             Golden.Case c, List<ImageRegion> images) {
        if (c.segment()) {
            try (Segmenter s = InferenceBackends.segmenter(model, runner, props)) {
                return s.segment(images);
            }
        }
        try (Detector d = InferenceBackends.detector(model, runner, props)) {
            return d.detect(images);
        }
    }

    private static List<Detection> confident(List<Detection> all) {
        return all.stream().filter(d -> d.confidence() >= CONFIDENCE + MARGIN).toList();
    }

    private static Detection twin(Detection d, List<Detection> others) {
        Detection best = null;
        for (Detection o : others) {
            if (o.classId() == d.classId() && (best == null || o.box().iou(d.box()) > best.box().iou(d.box()))) {
                best = o;
            }
        }
        return best;
    }
}
