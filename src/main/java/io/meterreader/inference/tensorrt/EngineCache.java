package io.meterreader.inference.tensorrt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialised TensorRT engines kept beside their ONNX model, one file per model and GPU model
 * ({@code meter-det.onnx.tesla-p4.engine}). A plan is only valid for the GPU, TensorRT version
 * and model it was built from, so the file starts with a header line that records them (and the
 * precision and batch limit); an engine whose header differs in anything is stale or foreign and
 * is rebuilt, never handed to TensorRT.
 */
final class EngineCache {

    private static final Logger log = LoggerFactory.getLogger(EngineCache.class);
    private static final String MAGIC = "meter-reader-tensorrt-engine 1";

    /** What a plan was built for. */
    record Key(String gpuName, String tensorRtVersion, String modelSha256, String precision, int maxBatch) {
        String line() {
            return "gpu=" + gpuName.replace('\n', ' ') + "; tensorrt=" + tensorRtVersion + "; model-sha256="
                    + modelSha256 + "; precision=" + precision + "; max-batch=" + maxBatch;
        }
    }

    private EngineCache() {
    }

    static Path pathFor(Path model, String gpuName) {
        String slug = gpuName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return model.resolveSibling(model.getFileName() + "." + (slug.isEmpty() ? "gpu" : slug) + ".engine");
    }

    /** The cached plan for exactly this key, or empty when there is none or it was built for something else. */
    static Optional<byte[]> load(Path file, Key key) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] all = Files.readAllBytes(file);
            byte[] header = (MAGIC + "\n" + key.line() + "\n").getBytes(StandardCharsets.UTF_8);
            if (all.length <= header.length || !Arrays.equals(all, 0, header.length, header, 0, header.length)) {
                log.info("TensorRT engine {} was built for another GPU, TensorRT, model or setting; rebuilding", file);
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOfRange(all, header.length, all.length));
        } catch (IOException e) {
            log.warn("cannot read TensorRT engine {} ({}); rebuilding", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Stores a plan under its key; a cache that cannot be written only costs a rebuild next time. */
    static void store(Path file, Key key, byte[] plan) {
        byte[] header = (MAGIC + "\n" + key.line() + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (var out = Files.newOutputStream(tmp)) {
                out.write(header);
                out.write(plan);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot cache TensorRT engine at {} ({}); it will be rebuilt on the next start", file,
                    e.getMessage());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean
            }
        }
    }

    static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete unusable TensorRT engine {} ({})", file, e.getMessage());
        }
    }
}
