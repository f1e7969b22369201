package io.meterreader.inference.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape check on shapes as a runtime reports them (-1 for dynamic). */
class YoloLayoutTest {

    private static final List<String> DET = List.of("meter", "water", "level");
    private static final List<String> SEG = List.of("pointer", "scale");

    @Test
    void ultralyticsDetectionExport_isAccepted() {
        YoloLayout l = YoloLayout.check("m.onnx", YoloTask.DETECT, List.of(TensorShape.of("images", -1, 3, 640, 640)),
                List.of(TensorShape.of("output0", -1, 7, 8400)), DET);
        assertThat(l.inputWidth()).isEqualTo(640);
        assertThat(l.anchorCount()).isEqualTo(8400);
        assertThat(l.maxBatch()).isZero();
        assertThat(l.predictionSize()).isEqualTo(7 * 8400);
        assertThat(l.protoOutput()).isNull();
    }

    @Test
    void segmentationExport_isAcceptedWhateverTheOutputOrder() {
        YoloLayout l = YoloLayout.check("s.onnx", YoloTask.SEGMENT, List.of(TensorShape.of("images", 1, 3, 320, 256)),
                List.of(TensorShape.of("output1", 1, 32, 80, 64), TensorShape.of("output0", 1, 38, 1680)), SEG);
        assertThat(l.maxBatch()).isEqualTo(1);
        assertThat(l.inputWidth()).isEqualTo(256);
        assertThat(l.inputHeight()).isEqualTo(320);
        assertThat(l.protoWidth()).isEqualTo(64);
        assertThat(l.protoHeight()).isEqualTo(80);
        assertThat(l.predictionOutput()).isEqualTo("output0");
        assertThat(l.protoSize()).isEqualTo(32 * 80 * 64);
    }

    @Test
    void prototypesWithWrongChannels_areRefused() {
        assertThatThrownBy(() -> YoloLayout.check("s.onnx", YoloTask.SEGMENT,
                List.of(TensorShape.of("images", -1, 3, 320, 320)),
                List.of(TensorShape.of("output0", -1, 38, 2100), TensorShape.of("output1", -1, 16, 80, 80)), SEG))
                .isInstanceOf(ModelShapeException.class)
                .hasMessageContaining("found 2 outputs [B, 38, 2100] and [B, 16, 80, 80]")
                .hasMessageContaining("prototypes must have 32 channels");
    }

    @Test
    void twoInputs_areRefused() {
        assertThatThrownBy(() -> YoloLayout.check("m.onnx", YoloTask.DETECT,
                List.of(TensorShape.of("a", -1, 3, 64, 64), TensorShape.of("b", -1, 1)),
                List.of(TensorShape.of("output0", -1, 7, 84)), DET))
                .hasMessageContaining("expected one input [B, 3, H, W], found 2: [B, 3, 64, 64] and [B, 1]");
    }
}
