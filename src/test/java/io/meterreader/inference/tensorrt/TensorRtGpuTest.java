package io.meterreader.inference.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.Golden;
import io.meterreader.inference.ModelDigest;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.LetterboxPreprocessor;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU side of the TensorRT path; skips itself where no CUDA device and TensorRT are usable. */
@Tag("gpu")
class TensorRtGpuTest {

    private static final List<String> CLASSES = List.of("meter", "water", "level");

    @BeforeEach
    void needsTensorRt() {
        TensorRtAvailability trt = TensorRtAvailability.probe();
        assumeTrue(trt.usable(), () -> "TensorRT cannot run here: " + trt.reason());
    }

    @Test
    void letterboxKernel_equalsJavaPreprocessorBitForBit(@TempDir Path dir) throws Exception {
        Path model = Files.copy(Golden.path("det-tiny.onnx"), dir.resolve("det-tiny.onnx"));
        List<ImageRegion> images = new ArrayList<>();
        Golden.cases().stream().filter(c -> !c.segment()).forEach(c -> images.add(c.image()));
        // a crop inside a larger image, as the pipeline hands gauge crops
        ImageRegion first = images.get(0);
        images.add(new ImageRegion(first.bgr(), first.imageWidth(), first.imageHeight(), 7, 5, 50, 31));
        try (TensorRtRunner runner = TensorRtRunner.open(model, YoloTask.DETECT, CLASSES, 8)) {
            int w = runner.layout().inputWidth();
            int h = runner.layout().inputHeight();
            List<Letterbox> boxes = images.stream().map(i -> Letterbox.of(i.width(), i.height(), w, h)).toList();
            runner.run(images, boxes);
            FloatBuffer gpu = runner.copyInput(images.size());
            FloatBuffer cpu = ByteBuffer.allocateDirect(images.size() * 3 * w * h * 4).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            LetterboxPreprocessor pre = new LetterboxPreprocessor(w, h);
            for (int i = 0; i < images.size(); i++) {
                pre.write(images.get(i), boxes.get(i), cpu, i);
            }
            int differing = 0;
            for (int i = 0; i < cpu.capacity(); i++) {
                if (Float.floatToIntBits(cpu.get(i)) != Float.floatToIntBits(gpu.get(i))) {
                    differing++;
                }
            }
            assertThat(differing).as("values that differ between the CUDA kernel and Java").isZero();
        }
    }

    @Test
    void engine_isCachedAndForeignEnginesAreRebuilt(@TempDir Path dir) throws Exception {
        Path model = Files.copy(Golden.path("det-tiny.onnx"), dir.resolve("det-tiny.onnx"));
        TensorRtAvailability trt = TensorRtAvailability.probe();
        Path cache = EngineCache.pathFor(model, trt.deviceName());
        try (TensorRtRunner ignored = TensorRtRunner.open(model, YoloTask.DETECT, CLASSES, 8)) {
            assertThat(cache).exists();
        }
        String header = firstTwoLines(cache);
        assertThat(header).contains("gpu=" + trt.deviceName(), "tensorrt=" + trt.tensorRtVersion(),
                "model-sha256=" + ModelDigest.sha256(model), "max-batch=8");
        byte[] built = Files.readAllBytes(cache);

        // same GPU, TensorRT and model: loaded, not rebuilt
        try (TensorRtRunner ignored = TensorRtRunner.open(model, YoloTask.DETECT, CLASSES, 8)) {
            assertThat(Files.readAllBytes(cache)).isEqualTo(built);
        }
        // an engine that claims another GPU is never loaded: rebuilt and replaced
        Files.write(cache, new String(built, StandardCharsets.ISO_8859_1)
                .replace("gpu=" + trt.deviceName(), "gpu=Some Other GPU").getBytes(StandardCharsets.ISO_8859_1));
        try (TensorRtRunner runner = TensorRtRunner.open(model, YoloTask.DETECT, CLASSES, 8)) {
            assertThat(firstTwoLines(cache)).contains("gpu=" + trt.deviceName());
            assertThat(runner.precision()).isIn("fp16", "fp32");
        }
    }

    private static String firstTwoLines(Path file) throws Exception {
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 512);
        String s = new String(head, StandardCharsets.ISO_8859_1);
        int first = s.indexOf('\n');
        int second = s.indexOf('\n', first + 1);
        return s.substring(0, second);
    }
}
