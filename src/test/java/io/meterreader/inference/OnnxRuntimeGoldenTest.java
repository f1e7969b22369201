package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.onnx.OnnxRuntimeRunner;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixed images through the tiny ONNX models on ONNX Runtime, compared with what torch and an
 * independent Python implementation of the pipeline computed (tools/testmodels).
 */
class OnnxRuntimeGoldenTest {

    static InferenceProperties props(double confidence, double iou, int maxDetections, int maxBatch) {
        return new InferenceProperties(InferenceBackend.ONNXRUNTIME, Golden.path("det-tiny.onnx"),
                Golden.path("seg-tiny.onnx"), confidence, confidence, iou, maxDetections, 1, maxBatch,
                Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
    }

    static OnnxRuntimeRunner runner(Golden.Case c, int maxBatch) {
        return OnnxRuntimeRunner.open(Golden.path(c.model()), c.segment() ? YoloTask.SEGMENT : YoloTask.DETECT,
                c.classes(), 1, maxBatch);
    }

    @Test
    void goldenImages_rawOutputsMatchTorch() {
        for (Golden.Case c : Golden.cases()) {
            try (OnnxRuntimeRunner runner = runner(c, 1)) {
                Letterbox lb = Letterbox.of(c.image().width(), c.image().height(), runner.layout().inputWidth(),
                        runner.layout().inputHeight());
                RawOutputs out = runner.run(List.of(c.image()), List.of(lb));
                assertClose(out.predictions(), Golden.floats(c.output0()), c.image() + " output0");
                if (c.segment()) {
                    assertClose(out.prototypes(), Golden.floats(c.output1()), c.image() + " output1");
                }
            }
        }
    }

    @Test
    void goldenImages_letterboxMatchesPython() {
        for (Golden.Case c : Golden.cases()) {
            int inputW = c.model().startsWith("det") ? 96 : 64;
            Letterbox lb = Letterbox.of(c.image().width(), c.image().height(), inputW, 64);
            assertThat(List.of(lb.resizedWidth(), lb.resizedHeight(), lb.padLeft(), lb.padTop()))
                    .as(c.image().toString())
                    .containsExactly(c.resizedWidth(), c.resizedHeight(), c.padLeft(), c.padTop());
        }
    }

    @Test
    void goldenImages_detectionsAndMasksMatchPythonPipeline() {
        InferenceProperties props = props(0.25, 0.45, 100, 8);
        int compared = 0;
        int masksCompared = 0;
        for (Golden.Case c : Golden.cases()) {
            List<Detection> found = run(c, props, List.of(c.image())).get(0);
            assertThat(found).as(c.image() + " detection count").hasSize(c.detections().size());
            for (int i = 0; i < found.size(); i++) {
                Detection d = found.get(i);
                Golden.ExpectedDetection e = c.detections().get(i);
                String what = c.model() + " " + c.image() + " detection " + i;
                assertThat(d.classId()).as(what).isEqualTo(e.classId());
                assertThat(d.label()).as(what).isEqualTo(e.label());
                assertThat(d.confidence()).as(what).isCloseTo(e.confidence(), within(1e-5));
                assertThat(d.box().x()).as(what + " x").isCloseTo(e.x(), within(1e-3));
                assertThat(d.box().y()).as(what + " y").isCloseTo(e.y(), within(1e-3));
                assertThat(d.box().width()).as(what + " width").isCloseTo(e.width(), within(1e-3));
                assertThat(d.box().height()).as(what + " height").isCloseTo(e.height(), within(1e-3));
                if (c.segment()) {
                    assertThat(d.mask().width()).isEqualTo(c.image().width());
                    assertThat(d.mask().height()).isEqualTo(c.image().height());
                    // float rounding differs between PyTorch's resize and ours: allow a pixel on the 0.5 edge
                    assertThat(Golden.differingPixels(d.mask(), e.mask())).as(what + " mask").isLessThanOrEqualTo(1);
                    masksCompared += e.mask().area() > 0 ? 1 : 0;
                } else {
                    assertThat(d.mask()).isNull();
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(30);
        assertThat(masksCompared).isGreaterThanOrEqualTo(10);
    }

    @Test
    void batchOfImages_equalsOneImageAtATime() {
        InferenceProperties props = props(0.25, 0.45, 100, 8);
        for (boolean segment : new boolean[] {false, true}) {
            List<Golden.Case> cases = Golden.cases().stream().filter(c -> c.segment() == segment).toList();
            List<ImageRegion> images = new ArrayList<>();
            // repeat the images so the batch is larger than the runner's limit of 8 and gets split
            for (int r = 0; r < 4; r++) {
                cases.forEach(c -> images.add(c.image()));
            }
            List<List<Detection>> batched = run(cases.get(0), props, images);
            assertThat(batched).hasSize(images.size());
            for (int i = 0; i < images.size(); i++) {
                List<Detection> single = run(cases.get(0), props, List.of(images.get(i))).get(0);
                assertThat(batched.get(i)).as("image " + i).isEqualTo(single);
            }
        }
    }

    @Test
    void maxDetections_keepsTheBestInOrder() {
        Golden.Case c = Golden.cases().get(0);
        List<Detection> all = run(c, props(0.25, 0.45, 100, 8), List.of(c.image())).get(0);
        List<Detection> two = run(c, props(0.25, 0.45, 2, 8), List.of(c.image())).get(0);
        assertThat(all.size()).isGreaterThan(2);
        assertThat(two).isEqualTo(all.subList(0, 2));
    }

    @Test
    void confidenceThreshold_dropsWeakerDetections() {
        Golden.Case c = Golden.cases().get(0);
        List<Detection> all = run(c, props(0.25, 0.45, 100, 8), List.of(c.image())).get(0);
        List<Detection> strong = run(c, props(0.5, 0.45, 100, 8), List.of(c.image())).get(0);
        assertThat(strong).isNotEmpty().allSatisfy(d -> assertThat(d.confidence()).isGreaterThan(0.5));
        assertThat(strong.size()).isLessThan(all.size());
    }

    @Test
    void info_describesTheModel() {
        try (Models models = InferenceBackends.open(props(0.25, 0.45, 100, 4), List.of("meter", "water", "level"),
                List.of("pointer", "scale"))) {
            ModelInfo det = models.detector().info();
            assertThat(det).isEqualTo(new ModelInfo("det-tiny.onnx", "onnxruntime", 96, 64,
                    List.of("meter", "water", "level"), 4, "fp32"));
            assertThat(models.segmenter().info().inputWidth()).isEqualTo(64);
            assertThat(models.backend()).isEqualTo("onnxruntime");
            assertThat(models.selectionReason()).isEqualTo("configured backend onnxruntime");
        }
    }

    private static List<List<Detection>> run(Golden.Case c, InferenceProperties props, List<ImageRegion> images) {
        OnnxRuntimeRunner runner = runner(c, props.maxBatch());
        if (c.segment()) {
            try (Segmenter s = InferenceBackends.segmenter(Golden.path(c.model()), runner, props)) {
                return s.segment(images);
            }
        }
        try (Detector d = InferenceBackends.detector(Golden.path(c.model()), runner, props)) {
            return d.detect(images);
        }
    }

    private static void assertClose(FloatBuffer actual, FloatBuffer expected, String what) {
        int n = expected.remaining();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double e = expected.get(i);
            double diff = Math.abs(actual.get(i) - e) / (1 + Math.abs(e));
            worst = Math.max(worst, diff);
        }
        assertThat(worst).as(what + ": worst relative difference over " + n + " values").isLessThan(1e-4);
    }
}
