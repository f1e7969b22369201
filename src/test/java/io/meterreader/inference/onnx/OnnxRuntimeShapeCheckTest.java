package io.meterreader.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.inference.Golden;
import io.meterreader.inference.ModelLoadException;
import io.meterreader.inference.yolo.ModelShapeException;
import io.meterreader.inference.yolo.YoloTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong-shaped ONNX files (built by tools/testmodels) are refused at load with clear messages. */
class OnnxRuntimeShapeCheckTest {

    private static final List<String> DETECTOR = List.of("meter", "water", "level");
    private static final List<String> SEGMENTER = List.of("pointer", "scale");

    private static String refusal(String model, YoloTask task, List<String> classes) {
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(
                () -> OnnxRuntimeRunner.open(Golden.path(model), task, classes, 1, 8).close());
        assertThat(e).isInstanceOf(ModelShapeException.class);
        assertThat(e.getMessage()).contains(model);
        return e.getMessage();
    }

    @Test
    void classificationModel_isRefusedAsSuch() {
        assertThat(refusal("wrong-classifier.onnx", YoloTask.DETECT, DETECTOR))
                .contains("expected output [B, 7, N] (4 box values and 3 class scores), found [B, 5]")
                .contains("classification model");
    }

    @Test
    void endToEndExport_isRefusedWithAdvice() {
        assertThat(refusal("wrong-end2end.onnx", YoloTask.DETECT, DETECTOR))
                .contains("found [B, 300, 6]")
                .contains("end-to-end export with NMS inside");
    }

    @Test
    void wrongClassCount_namesBothCounts() {
        // this file declares symbolic output dimensions: the loader runs it once to learn [B, 6, 84]
        assertThat(refusal("wrong-2class-det.onnx", YoloTask.DETECT, DETECTOR))
                .contains("with 3 classes meter, water, level")
                .contains("found [B, 6, 84]")
                .contains("a model with 2 classes, 3 are configured");
    }

    @Test
    void dynamicImageSize_isRefused() {
        assertThat(refusal("wrong-dynamic-size.onnx", YoloTask.DETECT, DETECTOR))
                .contains("fixed height and width")
                .contains("found [B, 3, ?, ?]");
    }

    @Test
    void grayInput_isRefused() {
        assertThat(refusal("wrong-gray-input.onnx", YoloTask.DETECT, DETECTOR))
                .contains("expected input [B, 3, H, W]")
                .contains("found [B, 1, 64, 64]");
    }

    @Test
    void transposedOutput_isRefusedWithAdvice() {
        assertThat(refusal("wrong-transposed.onnx", YoloTask.DETECT, DETECTOR))
                .contains("found [B, 84, 7]")
                .contains("transposed");
    }

    @Test
    void segmentationModelAsDetector_isRefused() {
        assertThat(refusal("seg-tiny.onnx", YoloTask.DETECT, DETECTOR))
                .contains("found 2 outputs [B, 38, 84] and [B, 32, 16, 16]")
                .contains("looks like a segmentation model");
    }

    @Test
    void detectionModelAsSegmenter_isRefused() {
        assertThat(refusal("det-tiny.onnx", YoloTask.SEGMENT, SEGMENTER))
                .contains("expected outputs [B, 38, N] (4 box values, 2 class scores, 32 mask coefficients)"
                        + " and mask prototypes [B, 32, 16, 24]")
                .contains("found [B, 7, 126]")
                .contains("looks like a detection model");
    }

    @Test
    void segmenterWithThreeClasses_isRefusedForTwo() {
        assertThat(refusal("wrong-3class-seg.onnx", YoloTask.SEGMENT, SEGMENTER))
                .contains("found 2 outputs [B, 39, 84] and [B, 32, 16, 16]")
                .contains("a model with 3 classes, 2 are configured");
    }

    @Test
    void notAnOnnxFile_failsToLoadWithThePath(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxRuntimeRunner.open(junk, YoloTask.DETECT, DETECTOR, 1, 8))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load " + junk);
    }
}
