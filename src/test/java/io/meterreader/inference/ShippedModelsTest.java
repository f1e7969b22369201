package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.onnx.OnnxRuntimeRunner;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.YoloTask;
import io.meterreader.pipeline.ImageDecoder;
import io.meterreader.pipeline.ImageDecoder.BgrImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export check of the models we ship: ONNX Runtime, given the check image through the Java
 * letterbox, must give what PyTorch gave for the same image (models/training/export.py wrote an
 * evenly spaced sample of torch's outputs to models/check/).
 */
class ShippedModelsTest {

    @ParameterizedTest
    @CsvSource({
        "det, meter-det.onnx, DETECT, meter;water;level",
        "seg, meter-seg.onnx, SEGMENT, pointer;scale",
    })
    void onnxRuntimeMatchesTorch(String task, String file, YoloTask yoloTask, String classes) throws IOException {
        Path models = Path.of("models");
        JsonNode check = JsonMapper.builder().build().readTree(Files.readString(models.resolve("check/" + task + ".json")));
        assertThat(check.get("model").asString()).isEqualTo(file);
        BgrImage bgr = ImageDecoder.toBgr(ImageIO.read(models.resolve("check/" + check.get("image").asString()).toFile()));
        ImageRegion image = ImageRegion.whole(bgr.bgr(), bgr.width(), bgr.height());
        try (OnnxRuntimeRunner runner = OnnxRuntimeRunner.open(models.resolve(file), yoloTask, List.of(classes.split(";")), 1, 1)) {
            assertThat(runner.layout().inputWidth()).isEqualTo(check.get("input").asInt());
            Letterbox lb = Letterbox.of(image.width(), image.height(), runner.layout().inputWidth(), runner.layout().inputHeight());
            RawOutputs out = runner.run(List.of(image), List.of(lb));
            double worst = compare(out.predictions(), check.get("output0"), task + " output0");
            if (yoloTask == YoloTask.SEGMENT) {
                worst = Math.max(worst, compare(out.prototypes(), check.get("output1"), task + " output1"));
            }
            System.out.printf("%s: ONNX Runtime vs PyTorch, max abs difference %.2e over the sampled outputs%n", file, worst);
        }
    }

    /**
     * The segmenter's 8-bit copy, what ONNX Runtime runs by default: made from the shipped float
     * model (a retrained model without a new copy fails here), and on the check crop it finds the
     * float model's pointer and ticks.
     */
    @Test
    void int8Segmenter_isMadeFromTheShippedModelAndFindsWhatItFinds() throws IOException {
        Path models = Path.of("models");
        Int8Copy copy = Int8Copy.choose(models.resolve("meter-seg.onnx"), true);
        assertThat(copy.file()).as(copy.note()).isEqualTo(models.resolve("meter-seg-int8.onnx"));
        BgrImage bgr = ImageDecoder.toBgr(ImageIO.read(models.resolve("check/seg.png").toFile()));
        ImageRegion image = ImageRegion.whole(bgr.bgr(), bgr.width(), bgr.height());
        List<Detection> fp32;
        List<Detection> int8;
        try (Segmenter f = segmenter(copy.model()); Segmenter q = segmenter(copy.file())) {
            assertThat(f.info().precision()).isEqualTo("fp32");
            assertThat(q.info().precision()).isEqualTo("int8");
            fp32 = f.segment(List.of(image)).get(0);
            int8 = q.segment(List.of(image)).get(0);
        }
        List<Detection> ticks = fp32.stream().filter(d -> d.label().equals("scale")).toList();
        assertThat(ticks).hasSizeGreaterThan(10);
        long matched = ticks.stream().filter(t -> bestIou(t, int8) >= 0.5).count();
        Detection pointer = fp32.stream().filter(d -> d.label().equals("pointer")).findFirst().orElseThrow();
        System.out.printf("8-bit segmenter on the check crop: pointer mask IoU %.3f with the float model's, %d of %d"
                + " ticks matched (IoU >= 0.5), %d instances against %d%n", bestIou(pointer, int8), matched,
                ticks.size(), int8.size(), fp32.size());
        assertThat(bestIou(pointer, int8)).isGreaterThanOrEqualTo(0.8);
        assertThat(matched).isGreaterThanOrEqualTo(Math.round(0.9 * ticks.size()));
    }

    private static Segmenter segmenter(Path file) {
        InferenceProperties props = new InferenceProperties(InferenceBackend.ONNXRUNTIME, file, file, 0.25, 0.1, 0.45,
                100, 1, 1, Duration.ofMillis(20), 2, 1, Duration.ZERO, false, true, true);
        return InferenceBackends.segmenter(file, OnnxRuntimeRunner.open(file, YoloTask.SEGMENT,
                List.of("pointer", "scale"), 1, 1), props);
    }

    /** The best mask overlap of {@code d} with a detection of its class among {@code others}. */
    private static double bestIou(Detection d, List<Detection> others) {
        return others.stream().filter(o -> o.classId() == d.classId()).mapToDouble(o -> o.mask().iou(d.mask()))
                .max().orElse(0);
    }

    /** Largest absolute difference; each value must agree to 1e-3 of its magnitude (at least 1). */
    private static double compare(FloatBuffer actual, JsonNode expected, String what) {
        int step = expected.get("step").asInt();
        JsonNode values = expected.get("values");
        int size = 1;
        for (JsonNode d : expected.get("shape")) {
            size *= d.asInt();
        }
        assertThat(actual.remaining()).as(what + " size").isGreaterThanOrEqualTo(size);
        assertThat(values.size()).as(what + " samples").isGreaterThan(500);
        double worst = 0;
        for (int i = 0; i < values.size(); i++) {
            double e = values.get(i).asDouble();
            double a = actual.get(i * step);
            assertThat(Math.abs(a - e)).as(what + " element " + i * step).isLessThanOrEqualTo(1e-3 * Math.max(1, Math.abs(e)));
            worst = Math.max(worst, Math.abs(a - e));
        }
        return worst;
    }
}
