package io.meterreader.inference;

import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Mask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The golden data tools/testmodels/build_test_models.py wrote into src/test/resources/inference:
 * tiny YOLOv8-layout models, fixed BGR images, the raw outputs torch computed for them, and the
 * detections and masks an independent Python implementation of the pipeline found.
 */
public final class Golden {

    public static final String DIR = "/inference/";

    private Golden() {
    }

    public record Case(String model, List<String> classes, boolean segment, ImageRegion image, String output0,
                       String output1, int resizedWidth, int resizedHeight, int padLeft, int padTop,
                       List<ExpectedDetection> detections) {
    }

    public record ExpectedDetection(int classId, String label, double confidence, double x, double y, double width,
                                    double height, Mask mask) {
    }

    public static Path path(String name) {
        try {
            var url = Golden.class.getResource(DIR + name);
            if (url == null) {
                throw new IllegalStateException(DIR + name + " missing: run tools/testmodels/build_test_models.py test");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(DIR + name + " missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FloatBuffer floats(String name) {
        return ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    public static JsonNode json() {
        return JsonMapper.builder().build().readTree(bytes("golden.json"));
    }

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : json().get("cases")) {
            int w = c.get("width").asInt();
            int h = c.get("height").asInt();
            ImageRegion image = ImageRegion.whole(bytes(c.get("image").asString()), w, h);
            List<String> classes = new ArrayList<>();
            c.get("classes").forEach(n -> classes.add(n.asString()));
            List<ExpectedDetection> dets = new ArrayList<>();
            for (JsonNode d : c.get("detections")) {
                JsonNode box = d.get("box");
                Mask mask = d.has("maskRle") ? decodeRle(d.get("maskRle"), w, h) : null;
                dets.add(new ExpectedDetection(d.get("classId").asInt(), d.get("label").asString(),
                        d.get("confidence").asDouble(), box.get(0).asDouble(), box.get(1).asDouble(),
                        box.get(2).asDouble(), box.get(3).asDouble(), mask));
            }
            JsonNode lb = c.get("letterbox");
            cases.add(new Case(c.get("model").asString(), classes, c.get("segment").asBoolean(), image,
                    c.get("output0").asString(), c.has("output1") ? c.get("output1").asString() : null,
                    lb.get("resizedWidth").asInt(), lb.get("resizedHeight").asInt(), lb.get("padLeft").asInt(),
                    lb.get("padTop").asInt(), dets));
        }
        return cases;
    }

    /** Run lengths, alternating 0 and 1, starting with 0s. */
    static Mask decodeRle(JsonNode runs, int w, int h) {
        byte[] pixels = new byte[w * h];
        int at = 0;
        byte value = 0;
        for (JsonNode run : runs) {
            int n = run.asInt();
            if (value == 1) {
                java.util.Arrays.fill(pixels, at, at + n, (byte) 1);
            }
            at += n;
            value ^= 1;
        }
        if (at != w * h) {
            throw new IllegalStateException("mask runs cover " + at + " pixels, not " + w * h);
        }
        return new Mask(w, h, pixels);
    }

    /** Pixels set in exactly one of two masks. */
    public static int differingPixels(Mask a, Mask b) {
        int n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (a.get(x, y) != b.get(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}
