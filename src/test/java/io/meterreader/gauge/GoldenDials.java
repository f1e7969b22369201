package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import io.meterreader.gauge.SyntheticDial.Degradation;
import io.meterreader.gauge.SyntheticDial.Dial;
import io.meterreader.gauge.SyntheticDial.Orientation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Golden segmentations: a few rendered dials stored as text (each detection's class, confidence,
 * box and run-length mask) with their true fraction and what each reader made of them, so a
 * change in the readers' numbers shows even if the fixture changes. Regenerate deliberately with
 * {@code java ... io.meterreader.gauge.GoldenDials src/test/resources/gauge}.
 *
 * <p>Format, one item per line: {@code size W H}, {@code truth F}, {@code reading READER STATUS
 * FRACTION|-}, then per detection {@code detection CLASS LABEL CONFIDENCE X Y W H} followed by
 * {@code runs START LENGTH START LENGTH ...} (row-major pixel index of each run of on pixels).
 */
final class GoldenDials {

    record Golden(String name, List<Detection> segments, int width, int height, double truth,
                  String standardStatus, Double standardFraction, String originalStatus, Double originalFraction) {
    }

    static final Object[][] CASES = {
        {"exact-upright", 11L, Orientation.UPRIGHT, EnumSet.noneOf(Degradation.class)},
        {"exact-rotated", 12L, Orientation.ANY, EnumSet.noneOf(Degradation.class)},
        {"perspective", 13L, Orientation.ANY, EnumSet.of(Degradation.PERSPECTIVE)},
        {"noisy-missing", 14L, Orientation.UPRIGHT, EnumSet.of(Degradation.NOISY, Degradation.MISSING_TICKS)},
        {"blobs-split", 15L, Orientation.ANY, EnumSet.of(Degradation.EXTRA_BLOBS, Degradation.SPLIT_POINTER)},
        {"eroded-perspective", 16L, Orientation.UPRIGHT, EnumSet.of(Degradation.ERODED, Degradation.PERSPECTIVE)},
    };

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/gauge");
        Files.createDirectories(dir);
        for (Object[] c : CASES) {
            @SuppressWarnings("unchecked")
            Dial dial = SyntheticDial.generate((Long) c[1], (Orientation) c[2], (EnumSet<Degradation>) c[3], 240);
            Files.writeString(dir.resolve("dial-" + c[0] + ".txt"), write(dial));
        }
    }

    static String write(Dial dial) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(dial.description()).append('\n');
        out.append("size ").append(dial.width()).append(' ').append(dial.height()).append('\n');
        out.append(String.format(Locale.ROOT, "truth %.12f%n", dial.fraction()));
        appendReading(out, "standard", PointerReader.standard().read(dial.segments(), dial.width(), dial.height()));
        appendReading(out, "original", PointerReader.original().read(dial.segments(), dial.width(), dial.height()));
        for (Detection d : dial.segments()) {
            BoundingBox b = d.box();
            out.append(String.format(Locale.ROOT, "detection %d %s %.6f %.1f %.1f %.1f %.1f%n", d.classId(), d.label(),
                    d.confidence(), b.x(), b.y(), b.width(), b.height()));
            out.append("runs");
            byte[] p = d.mask().pixels();
            for (int i = 0; i < p.length; i++) {
                if (p[i] != 0 && (i == 0 || p[i - 1] == 0)) {
                    int j = i;
                    while (j < p.length && p[j] != 0) {
                        j++;
                    }
                    out.append(' ').append(i).append(' ').append(j - i);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendReading(StringBuilder out, String reader, GaugeMeasurement m) {
        out.append("reading ").append(reader).append(' ').append(m.status()).append(' ')
                .append(m.fraction() == null ? "-" : String.format(Locale.ROOT, "%.12f", m.fraction())).append('\n');
    }

    static Golden read(String name) {
        String resource = "/gauge/dial-" + name + ".txt";
        List<String> lines;
        try (var in = GoldenDials.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int width = 0;
        int height = 0;
        double truth = Double.NaN;
        String[] standard = null;
        String[] original = null;
        List<Detection> segments = new ArrayList<>();
        String[] pending = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "size" -> {
                    width = Integer.parseInt(f[1]);
                    height = Integer.parseInt(f[2]);
                }
                case "truth" -> truth = Double.parseDouble(f[1]);
                case "reading" -> {
                    if (f[1].equals("standard")) {
                        standard = f;
                    } else {
                        original = f;
                    }
                }
                case "detection" -> pending = f;
                case "runs" -> {
                    Mask mask = Mask.empty(width, height);
                    for (int i = 1; i + 1 < f.length; i += 2) {
                        int start = Integer.parseInt(f[i]);
                        int length = Integer.parseInt(f[i + 1]);
                        Arrays.fill(mask.pixels(), start, start + length, (byte) 1);
                    }
                    segments.add(new Detection(Integer.parseInt(pending[1]), pending[2], Double.parseDouble(pending[3]),
                            new BoundingBox(Double.parseDouble(pending[4]), Double.parseDouble(pending[5]),
                                    Double.parseDouble(pending[6]), Double.parseDouble(pending[7])), mask));
                }
                default -> {
                }
            }
        }
        return new Golden(name, segments, width, height, truth, standard[2], fraction(standard[3]), original[2],
                fraction(original[3]));
    }

    private static Double fraction(String text) {
        return text.equals("-") ? null : Double.parseDouble(text);
    }
}
