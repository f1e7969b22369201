package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxMetadataTest {

    @TempDir
    Path dir;

    @Test
    void theShippedModels_sayWhatTheyAre_andTheSegmenterWhereItsMasksSit() throws IOException {
        Map<String, String> seg = OnnxMetadata.read(Path.of("models/meter-seg.onnx"));
        Map<String, String> det = OnnxMetadata.read(Path.of("models/meter-det.onnx"));

        assertThat(seg).containsEntry("task", "segment").containsEntry("imgsz", "[320, 320]")
                .containsEntry("names", "{0: 'pointer', 1: 'scale'}").containsEntry("mask_offset", "0.5");
        assertThat(det).containsEntry("task", "detect").doesNotContainKey("mask_offset");
        assertThat(OnnxMetadata.maskOffset(Path.of("models/meter-seg.onnx"))).isEqualTo(0.5);
        // a model without the entry (an Ultralytics export) draws its masks where they are
        assertThat(OnnxMetadata.maskOffset(Path.of("models/meter-det.onnx"))).isZero();
    }

    @Test
    void entries_areReadPastOtherFields_inFileOrder() throws IOException {
        byte[] model = concat(
                new byte[] {0x08, 0x08},                          // ir_version: 8
                field(7, new byte[] {1, 2, 3, 4, 5}),             // graph: skipped
                field(14, concat(field(1, "a".getBytes()), field(2, "1".getBytes()))),
                field(14, concat(field(2, "x".getBytes()), field(1, "b".getBytes()))));

        assertThat(OnnxMetadata.read(new ByteArrayInputStream(model))).containsExactly(Map.entry("a", "1"),
                Map.entry("b", "x"));
    }

    @Test
    void aFileThatIsNotAModel_isAClearError() throws IOException {
        Path truncated = dir.resolve("cut.onnx");
        Files.write(truncated, new byte[] {0x3A, 0x7F, 1, 2});   // graph of 127 bytes, 2 there
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, new byte[] {0x0F, 0x00});             // wire type 7
        Path badNumber = dir.resolve("bad.onnx");
        Files.write(badNumber, field(14, concat(field(1, "mask_offset".getBytes()), field(2, "half".getBytes()))));

        assertThatThrownBy(() -> OnnxMetadata.read(truncated)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> OnnxMetadata.read(garbage)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an ONNX model");
        assertThatThrownBy(() -> OnnxMetadata.maskOffset(badNumber)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'mask_offset' must be a number, got 'half'");
    }

    private static byte[] field(int number, byte[] payload) {
        return concat(new byte[] {(byte) (number << 3 | 2), (byte) payload.length}, payload);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
