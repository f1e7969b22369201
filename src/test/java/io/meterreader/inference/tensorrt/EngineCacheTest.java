package io.meterreader.inference.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.inference.ModelDigest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine cache's keys, file names and refusals: plain file handling, no GPU needed. */
class EngineCacheTest {

    private static final EngineCache.Key KEY = new EngineCache.Key("Tesla P4", "10.15.1", "ab12", "fp16", 8);
    private static final byte[] PLAN = {1, 2, 3, 4, 5, 0, 10, (byte) 255};

    @Test
    void storedPlan_loadsBackForTheSameKey(@TempDir Path dir) {
        Path file = dir.resolve("m.onnx.tesla-p4.engine");
        EngineCache.store(file, KEY, PLAN);
        assertThat(EngineCache.load(file, KEY)).hasValueSatisfying(p -> assertThat(p).containsExactly(PLAN));
    }

    @Test
    void planBuiltForAnythingElse_isNotLoaded(@TempDir Path dir) {
        Path file = dir.resolve("m.engine");
        EngineCache.store(file, KEY, PLAN);
        assertThat(EngineCache.load(file, new EngineCache.Key("NVIDIA A2", "10.15.1", "ab12", "fp16", 8))).isEmpty();
        assertThat(EngineCache.load(file, new EngineCache.Key("Tesla P4", "10.16.0", "ab12", "fp16", 8))).isEmpty();
        assertThat(EngineCache.load(file, new EngineCache.Key("Tesla P4", "10.15.1", "cd34", "fp16", 8))).isEmpty();
        assertThat(EngineCache.load(file, new EngineCache.Key("Tesla P4", "10.15.1", "ab12", "fp32", 8))).isEmpty();
        assertThat(EngineCache.load(file, new EngineCache.Key("Tesla P4", "10.15.1", "ab12", "fp16", 4))).isEmpty();
    }

    @Test
    void foreignOrTruncatedFile_isNotLoaded(@TempDir Path dir) throws Exception {
        Path trtexec = Files.write(dir.resolve("plain.engine"), new byte[] {0x66, 0x74, 0x72, 0x74, 1, 2, 3});
        assertThat(EngineCache.load(trtexec, KEY)).isEmpty();
        Path headerOnly = dir.resolve("header.engine");
        EngineCache.store(headerOnly, KEY, PLAN);
        byte[] all = Files.readAllBytes(headerOnly);
        Files.write(headerOnly, java.util.Arrays.copyOf(all, all.length - PLAN.length));
        assertThat(EngineCache.load(headerOnly, KEY)).isEmpty();
        assertThat(EngineCache.load(dir.resolve("missing.engine"), KEY)).isEmpty();
    }

    @Test
    void cacheFile_sitsBesideTheModelNamedForTheGpu() {
        assertThat(EngineCache.pathFor(Path.of("models/meter-det.onnx"), "Tesla P4"))
                .isEqualTo(Path.of("models/meter-det.onnx.tesla-p4.engine"));
        assertThat(EngineCache.pathFor(Path.of("meter-seg.onnx"), "NVIDIA GeForce RTX 4090 (24GB)"))
                .isEqualTo(Path.of("meter-seg.onnx.nvidia-geforce-rtx-4090-24gb.engine"));
    }

    @Test
    void modelHash_isTheFileSha256(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.onnx"), "abc", StandardCharsets.UTF_8);
        assertThat(ModelDigest.sha256(f)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void unwritableDirectory_onlySkipsCaching(@TempDir Path dir) {
        Path file = dir.resolve("no-such-dir").resolve("m.engine");
        EngineCache.store(file, KEY, PLAN);
        assertThat(file).doesNotExist();
    }

    @Test
    void tensorRtVersionNumber_readsAsMajorMinorPatch() {
        assertThat(TensorRtAvailability.versionString(101501)).isEqualTo("10.15.1");
    }
}
