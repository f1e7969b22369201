package io.meterreader.inference;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata of an ONNX model file ({@code ModelProto.metadata_props}: the key-value pairs an
 * exporter writes, such as Ultralytics' {@code names}, {@code imgsz} and {@code task}), read
 * straight from the file's protobuf without loading the model, so every backend sees the same.
 * Only the top-level fields are walked; the graph and its weights are skipped over.
 */
public final class OnnxMetadata {

    /** {@code ModelProto.metadata_props}. */
    private static final int METADATA_PROPS = 14;
    /** {@code StringStringEntryProto.key} and {@code .value}. */
    private static final int KEY = 1;
    private static final int VALUE = 2;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    /** A metadata entry longer than this is not one a model of ours writes. */
    private static final int MAX_ENTRY = 1 << 20;

    /**
     * How far right of and below its truth a segmentation model draws its masks, in prototype
     * cells; a model without it draws them where they are, as Ultralytics' models do.
     */
    public static final String MASK_OFFSET = "mask_offset";

    private OnnxMetadata() {
    }

    /** Every metadata entry of the model, in file order. */
    public static Map<String, String> read(Path model) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(model), 1 << 16))) {
            return read(in);
        }
    }

    static Map<String, String> read(InputStream stream) throws IOException {
        DataInputStream in = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
        Map<String, String> out = new LinkedHashMap<>();
        while (true) {
            int first = in.read();
            if (first < 0) {
                return out;
            }
            long tag = varint(in, first);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == METADATA_PROPS && wire == LENGTH_DELIMITED) {
                long length = varint(in);
                if (length > MAX_ENTRY) {
                    throw new IOException("not an ONNX model: a metadata entry of " + length + " bytes");
                }
                byte[] entry = in.readNBytes((int) length);
                if (entry.length != length) {
                    throw new IOException("not an ONNX model: the file ends inside a metadata entry");
                }
                entry(entry, out);
            } else {
                skip(in, wire);
            }
        }
    }

    /**
     * The segmentation model's {@link #MASK_OFFSET}, prototype cells (0 where its metadata has
     * none).
     *
     * @throws ModelLoadException when the file cannot be read or the entry is not a number
     */
    public static double maskOffset(Path segmenter) {
        try {
            return number(read(segmenter), MASK_OFFSET, 0);
        } catch (IOException e) {
            throw new ModelLoadException(segmenter + ": " + e.getMessage(), e);
        }
    }

    /** A metadata entry's number, or {@code byDefault} where the model has none. */
    public static double number(Map<String, String> metadata, String key, double byDefault) throws IOException {
        String text = metadata.get(key);
        if (text == null) {
            return byDefault;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("the model's metadata '" + key + "' must be a number, got '" + text + "'");
    }

    private static void entry(byte[] bytes, Map<String, String> out) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        String key = null;
        String value = "";
        while (in.available() > 0) {
            long tag = varint(in);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if ((field == KEY || field == VALUE) && wire == LENGTH_DELIMITED) {
                int length = (int) varint(in);
                String text = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                if (field == KEY) {
                    key = text;
                } else {
                    value = text;
                }
            } else {
                skip(in, wire);
            }
        }
        if (key != null) {
            out.put(key, value);
        }
    }

    private static void skip(DataInputStream in, int wire) throws IOException {
        long n = switch (wire) {
            case VARINT -> {
                varint(in);
                yield 0;
            }
            case FIXED64 -> 8;
            case LENGTH_DELIMITED -> varint(in);
            case FIXED32 -> 4;
            default -> throw new IOException("not an ONNX model: protobuf wire type " + wire);
        };
        if (n < 0) {
            throw new IOException("not an ONNX model: a negative length");
        }
        in.skipNBytes(n);
    }

    private static long varint(DataInputStream in) throws IOException {
        return varint(in, in.readUnsignedByte());
    }

    /** A varint whose first byte has been read already. */
    private static long varint(DataInputStream in, int first) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = shift == 0 ? first : in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("not an ONNX model: a varint longer than 10 bytes");
    }
}
