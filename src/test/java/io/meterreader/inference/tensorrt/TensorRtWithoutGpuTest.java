package io.meterreader.inference.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.meterreader.inference.Golden;
import io.meterreader.inference.yolo.YoloTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where CUDA or TensorRT is missing, the TensorRT path says so and nothing native escapes. */
class TensorRtWithoutGpuTest {

    @Test
    void probe_neverThrowsAndGivesAReason() {
        TensorRtAvailability a = TensorRtAvailability.probe();
        assertThat(a.reason()).isNotBlank();
        assertThat(TensorRtAvailability.probe()).isSameAs(a);
    }

    @Test
    void withoutCuda_probeIsUnusable() {
        TensorRtAvailability a = TensorRtAvailability.probe();
        assumeFalse(a.usable(), "a CUDA device is usable here");
        assertThat(a.deviceName()).isEmpty();
        assertThat(a.reason()).containsAnyOf("CUDA libraries do not load", "no CUDA device", "driver",
                "NVRTC", "TensorRT does not load");
    }

    @Test
    void withoutCuda_openingARunnerFailsCleanly() {
        assumeFalse(TensorRtAvailability.probe().usable(), "a CUDA device is usable here");
        assertThatThrownBy(() -> TensorRtRunner.open(Golden.path("det-tiny.onnx"), YoloTask.DETECT,
                List.of("meter", "water", "level"), 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("TensorRT unavailable: ");
    }
}
