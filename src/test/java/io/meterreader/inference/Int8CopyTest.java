package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8CopyTest {

    private static final List<String> DET = List.of("meter", "water", "level");
    private static final List<String> SEG = List.of("pointer", "scale");

    @TempDir
    Path dir;

    @Test
    void withoutACopy_theModelItselfRuns() throws IOException {
        Path model = floatModel();
        Int8Copy choice = Int8Copy.choose(model, true);
        assertThat(choice.file()).isEqualTo(model);
        assertThat(choice.note()).isEmpty();
        assertThat(choice.stale()).isFalse();
    }

    @Test
    void aCopyMadeFromTheModel_runsInstead() throws IOException {
        Path model = floatModel();
        Path copy = copy(model, ModelDigest.sha256(model));
        Int8Copy choice = Int8Copy.choose(model, true);
        assertThat(copy.getFileName()).hasToString("seg-int8.onnx");
        assertThat(choice.file()).isEqualTo(copy);
        assertThat(choice.note()).isEqualTo("seg.onnx runs its 8-bit copy seg-int8.onnx");
    }

    @Test
    void aCopyOfAnotherModel_isNotRunAndTheNoteSaysWhy() throws IOException {
        Path model = floatModel();
        copy(model, ModelDigest.sha256(Golden.path("det-tiny.onnx")));
        Int8Copy choice = Int8Copy.choose(model, true);
        assertThat(choice.file()).isEqualTo(model);
        assertThat(choice.stale()).isTrue();
        assertThat(choice.note()).isEqualTo("seg-int8.onnx was not made from seg.onnx, so seg.onnx runs in float;"
                + " make it again with models/training/quantize.py or delete it");
    }

    @Test
    void aCopyThatNamesNoModel_isNotRun() throws IOException {
        Path model = floatModel();
        Files.copy(Golden.path("seg-tiny.onnx"), dir.resolve("seg-int8.onnx"));
        Int8Copy choice = Int8Copy.choose(model, true);
        assertThat(choice.file()).isEqualTo(model);
        assertThat(choice.note()).contains("(it names no quantized_from)");
    }

    @Test
    void aCpuWithoutVnni_runsTheModelItself() throws IOException {
        Path model = floatModel();
        copy(model, ModelDigest.sha256(model));
        Int8Copy choice = Int8Copy.choose(model, false);
        assertThat(choice.file()).isEqualTo(model);
        assertThat(choice.stale()).isFalse();
        assertThat(choice.note()).isEqualTo("seg.onnx runs in float: this CPU has no 8-bit dot products (VNNI) for"
                + " seg-int8.onnx");
    }

    @Test
    void vnni_isReadFromTheCpuFlags() {
        assertThat(CpuFeatures.vnni("processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_vnni\n")).isTrue();
        assertThat(CpuFeatures.vnni("flags\t\t: fpu avx2 avx_vnni\n")).isTrue();
        assertThat(CpuFeatures.vnni("flags\t\t: fpu avx2 avx512f avx512_vnnix\n")).isFalse();
        assertThat(CpuFeatures.vnni("Features\t: fp asimd asimddp\n")).isFalse();
        assertThat(CpuFeatures.vnni("")).isFalse();
    }

    @Test
    void backends_runTheCopyOnOnnxRuntimeUnlessTurnedOff_andSayWhichInTheReason() throws IOException {
        assumeTrue(CpuFeatures.VNNI, "this CPU has no VNNI, so no 8-bit copy is run here");
        Path det = Files.copy(Golden.path("det-tiny.onnx"), dir.resolve("det.onnx"));
        Path seg = Files.copy(Golden.path("seg-tiny.onnx"), dir.resolve("seg.onnx"));
        copy(seg, ModelDigest.sha256(seg));
        copy(det, "0".repeat(64));
        try (Models models = InferenceBackends.open(props(det, seg, true), DET, SEG)) {
            assertThat(models.segmenter().info().name()).isEqualTo("seg-int8.onnx");
            assertThat(models.segmenter().info().precision()).isEqualTo("int8");
            assertThat(models.detector().info().name()).isEqualTo("det.onnx");
            assertThat(models.detector().info().precision()).isEqualTo("fp32");
            assertThat(models.selectionReason()).isEqualTo("configured backend onnxruntime"
                    + "; det-int8.onnx was not made from det.onnx, so det.onnx runs in float;"
                    + " make it again with models/training/quantize.py or delete it"
                    + "; seg.onnx runs its 8-bit copy seg-int8.onnx");
        }
        try (Models models = InferenceBackends.open(props(det, seg, false), DET, SEG)) {
            assertThat(models.segmenter().info().name()).isEqualTo("seg.onnx");
            assertThat(models.selectionReason()).isEqualTo("configured backend onnxruntime");
        }
    }

    /** The model a copy is made from: a tiny segmenter as seg.onnx. */
    private Path floatModel() throws IOException {
        return Files.copy(Golden.path("seg-tiny.onnx"), dir.resolve("seg.onnx"));
    }

    private static InferenceProperties props(Path detector, Path segmenter, boolean int8) {
        return new InferenceProperties(InferenceBackend.ONNXRUNTIME, detector, segmenter, 0.25, 0.1, 0.45, 100, 1, 8,
                Duration.ofMillis(20), 2, 1, Duration.ZERO, int8, true, true);
    }

    /**
     * NAME-int8.onnx beside the model: the model itself (a stand-in for its quantized graph) with a
     * {@code quantized_from} metadata entry appended, as protobuf allows a repeated field to go on.
     */
    private static Path copy(Path model, String madeFrom) throws IOException {
        Path copy = Int8Copy.copyOf(model);
        Files.copy(model, copy);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        field(entry, 1, Int8Copy.QUANTIZED_FROM.getBytes(StandardCharsets.UTF_8));
        field(entry, 2, madeFrom.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream prop = new ByteArrayOutputStream();
        field(prop, 14, entry.toByteArray());
        Files.write(copy, prop.toByteArray(), StandardOpenOption.APPEND);
        return copy;
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (number << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
