package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import javax.imageio.ImageIO;
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
