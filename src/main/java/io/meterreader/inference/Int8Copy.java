package io.meterreader.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which file ONNX Runtime runs for a model: its 8-bit copy where there is one made from it,
 * else the model itself.
 *
 * <p>The copy of {@code NAME.onnx} is {@code NAME-int8.onnx} beside it, written by
 * {@code models/training/quantize.py}: integer convolutions (QDQ form, fused by ONNX Runtime into
 * {@code QLinearConv}) that run the shipped segmenter about 1.6 times as fast on a CPU with
 * AVX-512 VNNI. The copy names the SHA-256 of the float model it was quantized from in its
 * metadata ({@value #QUANTIZED_FROM}); a copy made from another file (a model retrained and
 * replaced, the copy left behind) is not run, and the note says so. Nor is a copy run on a CPU
 * without 8-bit dot-product instructions (VNNI): its accuracy was measured only with them, and
 * without them ONNX Runtime's unsigned-by-signed 8-bit products can saturate. TensorRT always
 * builds its engine from the float model.
 *
 * @param model the float model
 * @param file  the file to run
 * @param note  empty when the float model runs for want of a copy; otherwise a sentence: what
 *              runs and why
 * @param stale whether a copy was found but made from another model
 */
public record Int8Copy(Path model, Path file, String note, boolean stale) {

    /** Metadata key of the copy: the float model's SHA-256, lower-case hex. */
    public static final String QUANTIZED_FROM = "quantized_from";

    /** {@code NAME-int8.onnx} beside {@code NAME.onnx}. */
    public static Path copyOf(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name;
        return model.resolveSibling(stem + "-int8.onnx");
    }

    /**
     * The copy of {@code model} if it exists and was made from it, else {@code model}.
     *
     * @throws ModelLoadException when the copy exists but cannot be read
     */
    public static Int8Copy choose(Path model) {
        return choose(model, CpuFeatures.VNNI);
    }

    static Int8Copy choose(Path model, boolean vnni) {
        Path copy = copyOf(model);
        if (!Files.isRegularFile(copy)) {
            return new Int8Copy(model, model, "", false);
        }
        if (!vnni) {
            return new Int8Copy(model, model, model.getFileName() + " runs in float: this CPU has no 8-bit dot"
                    + " products (VNNI) for " + copy.getFileName(), false);
        }
        String madeFrom;
        String digest;
        try {
            madeFrom = OnnxMetadata.read(copy).get(QUANTIZED_FROM);
            digest = ModelDigest.sha256(model);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + copy + " or " + model + ": " + e.getMessage(), e);
        }
        if (!digest.equals(madeFrom)) {
            return new Int8Copy(model, model, copy.getFileName() + " was not made from " + model.getFileName()
                    + (madeFrom == null ? " (it names no " + QUANTIZED_FROM + ")" : "")
                    + ", so " + model.getFileName() + " runs in float; make it again with"
                    + " models/training/quantize.py or delete it", true);
        }
        return new Int8Copy(model, copy, model.getFileName() + " runs its 8-bit copy " + copy.getFileName(), false);
    }
}
