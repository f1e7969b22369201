package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.meterreader.config.ConfigurationException;
import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.inference.tensorrt.TensorRtAvailability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {

    private static final List<String> DET = List.of("meter", "water", "level");
    private static final List<String> SEG = List.of("pointer", "scale");

    private static InferenceProperties props(InferenceBackend backend, Path detector, Path segmenter) {
        return new InferenceProperties(backend, detector, segmenter, 0.25, 0.1, 0.45, 100, 1, 8, Duration.ofMillis(20),
                2, 1, Duration.ZERO, true, true, true);
    }

    @Test
    void autoWithoutTensorRt_usesOnnxRuntimeAndSaysWhy() {
        TensorRtAvailability trt = TensorRtAvailability.probe();
        assumeFalse(trt.usable(), "TensorRT is usable here");
        try (Models models = InferenceBackends.open(props(InferenceBackend.AUTO, Golden.path("det-tiny.onnx"),
                Golden.path("seg-tiny.onnx")), DET, SEG)) {
            assertThat(models.backend()).isEqualTo("onnxruntime");
            assertThat(models.detector().info().backend()).isEqualTo("onnxruntime");
            assertThat(models.selectionReason())
                    .isEqualTo("TensorRT unavailable: " + trt.reason() + "; using ONNX Runtime");
        }
    }

    @Test
    void tensorRtDemandedWithoutIt_stopsWithAConfigurationError() {
        assumeFalse(TensorRtAvailability.probe().usable(), "TensorRT is usable here");
        assertThatThrownBy(() -> InferenceBackends.open(props(InferenceBackend.TENSORRT,
                Golden.path("det-tiny.onnx"), Golden.path("seg-tiny.onnx")), DET, SEG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("meter-reader.inference.backend is tensorrt, but TensorRT cannot run here");
    }

    @Test
    void missingModelFile_namesTheProperty() {
        assertThatThrownBy(() -> InferenceBackends.open(props(InferenceBackend.ONNXRUNTIME,
                Path.of("models/nowhere.onnx"), Golden.path("seg-tiny.onnx")), DET, SEG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("meter-reader.inference.detector is models/nowhere.onnx, which is not a file"
                        + " (it does not exist)");
    }

    @Test
    void modelsSwapped_stopsWithAShapeMessage() {
        assertThatThrownBy(() -> InferenceBackends.open(props(InferenceBackend.ONNXRUNTIME,
                Golden.path("seg-tiny.onnx"), Golden.path("det-tiny.onnx")), DET, SEG))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("meter-reader.inference.detector names a model that does not fit: ")
                .hasMessageContaining("looks like a segmentation model");
    }

    @Test
    void closedModels_refuseWork() {
        Models models = InferenceBackends.open(props(InferenceBackend.ONNXRUNTIME, Golden.path("det-tiny.onnx"),
                Golden.path("seg-tiny.onnx")), DET, SEG);
        models.close();
        assertThatThrownBy(() -> models.detector().detect(List.of(Golden.cases().get(0).image())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
