package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole pipeline (detection, segmentation, geometry) over a split of a synthetic dataset
 * ({@code sim dataset}), against its exact truth: for every true gauge, was it found (a detection
 * of its type with IoU at least 0.5), was it read (status OK and, when asked, at least the given
 * reader confidence, the gate the service applies before it calls a reading OK), and how far is
 * the fraction read from the true one, as a share of the scale's span.
 */
public final class AccuracyEvaluation {

    static final double MATCH_IOU = 0.5;
    static final int BATCH = 4;
    /** The columns of the per-gauge CSV; fractions and the error are shares of the span, boxes in pixels. */
    public static final String GAUGES_HEADER = "image,type,true_fraction,true_x,true_y,true_width,true_height,"
            + "x,y,width,height,status,confidence,fraction,error";

    /** Figures for one gauge type. Errors are shares of the span (0.01 = 1%). */
    public record Stats(int gauges, int detected, int read, double mean, double p95, double p99, double max) {
        public double readShare() {
            return gauges == 0 ? 0 : (double) read / gauges;
        }

        public double detectedShare() {
            return gauges == 0 ? 0 : (double) detected / gauges;
        }
    }

    private record Truth(String image, GaugeType type, double fraction, BoundingBox box) {
    }

    private AccuracyEvaluation() {
    }

    public static Map<GaugeType, Stats> run(OfflineReader reader, Path dataset, String split, int limit,
                                            PrintStream progress) throws IOException {
        return run(reader, dataset, split, limit, 0, progress);
    }

    /** As above, counting as read only the readings whose reader confidence is at least {@code minConfidence}. */
    public static Map<GaugeType, Stats> run(OfflineReader reader, Path dataset, String split, int limit,
                                            double minConfidence, PrintStream progress) throws IOException {
        return run(reader, dataset, split, limit, minConfidence, progress, null);
    }

    /**
     * As above, and when {@code gauges} is not null, one CSV line per true gauge to it (after the
     * header {@value #GAUGES_HEADER}): what was found over it and how far off it read, so the
     * worst readings can be looked up in their images. A gauge not found has the status MISSED.
     */
    public static Map<GaugeType, Stats> run(OfflineReader reader, Path dataset, String split, int limit,
                                            double minConfidence, PrintStream progress, PrintStream gauges)
            throws IOException {
        Path truthFile = dataset.resolve("det/truth/" + split + ".csv");
        Path images = dataset.resolve("det/images/" + split);
        if (!Files.isRegularFile(truthFile) || !Files.isDirectory(images)) {
            throw new IOException(dataset + " is not a sim dataset (no det/truth/" + split + ".csv or det/images/"
                    + split + ")");
        }
        Map<String, List<Truth>> byImage = new LinkedHashMap<>();
        for (String line : Files.readAllLines(truthFile).subList(1, Files.readAllLines(truthFile).size())) {
            String[] p = line.split(",");
            byImage.computeIfAbsent(p[0], k -> new ArrayList<>()).add(new Truth(p[0],
                    GaugeType.valueOf(p[2].toUpperCase(Locale.ROOT)), Double.parseDouble(p[3]),
                    new BoundingBox(Double.parseDouble(p[4]), Double.parseDouble(p[5]), Double.parseDouble(p[6]),
                            Double.parseDouble(p[7]))));
        }
        if (gauges != null) {
            gauges.println(GAUGES_HEADER);
        }
        List<String> names = new ArrayList<>(byImage.keySet());
        if (limit > 0 && names.size() > limit) {
            names = names.subList(0, limit);
        }
        Map<GaugeType, List<Double>> errors = new EnumMap<>(GaugeType.class);
        Map<GaugeType, int[]> counts = new EnumMap<>(GaugeType.class);
        for (GaugeType t : GaugeType.values()) {
            errors.put(t, new ArrayList<>());
            counts.put(t, new int[3]);
        }
        for (int start = 0; start < names.size(); start += BATCH) {
            List<String> batch = names.subList(start, Math.min(names.size(), start + BATCH));
            List<ImageDecoder.BgrImage> decoded = new ArrayList<>();
            for (String name : batch) {
                try {
                    decoded.add(ImageDecoder.decode(Files.readAllBytes(images.resolve(name + ".jpg"))));
                } catch (ImageDecoder.UnreadableImageException | ImageDecoder.ImageTooLargeException e) {
                    throw new IOException(name + ": " + e.getMessage(), e);
                }
            }
            List<List<FoundGauge>> found = reader.find(decoded);
            for (int i = 0; i < batch.size(); i++) {
                score(byImage.get(batch.get(i)), found.get(i), minConfidence, errors, counts, gauges);
            }
            if (progress != null) {
                progress.printf("\r%d/%d images", Math.min(names.size(), start + BATCH), names.size());
            }
        }
        if (progress != null) {
            progress.println();
        }
        Map<GaugeType, Stats> out = new EnumMap<>(GaugeType.class);
        for (GaugeType t : GaugeType.values()) {
            double[] e = errors.get(t).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int[] c = counts.get(t);
            out.put(t, new Stats(c[0], c[1], c[2], e.length == 0 ? Double.NaN : Arrays.stream(e).average().orElseThrow(),
                    percentile(e, 0.95), percentile(e, 0.99), e.length == 0 ? Double.NaN : e[e.length - 1]));
        }
        return out;
    }

    private static void score(List<Truth> truths, List<FoundGauge> found, double minConfidence,
                              Map<GaugeType, List<Double>> errors, Map<GaugeType, int[]> counts, PrintStream gauges) {
        List<FoundGauge> free = new ArrayList<>(found);
        for (Truth t : truths) {
            int[] c = counts.get(t.type());
            c[0]++;
            FoundGauge best = null;
            double bestIou = MATCH_IOU;
            for (FoundGauge g : free) {
                double iou = g.box().iou(t.box());
                if (g.type() == t.type() && iou >= bestIou) {
                    best = g;
                    bestIou = iou;
                }
            }
            if (gauges != null) {
                gauges.println(line(t, best));
            }
            if (best == null) {
                continue;
            }
            free.remove(best);
            c[1]++;
            if (best.status().hasValue() && best.confidence() >= minConfidence) {
                c[2]++;
                errors.get(t.type()).add(Math.abs(best.fraction() - t.fraction()));
            }
        }
    }

    private static String line(Truth t, FoundGauge found) {
        BoundingBox b = t.box();
        String truth = String.format(Locale.ROOT, "%s,%s,%.6f,%.1f,%.1f,%.1f,%.1f", t.image(),
                t.type().name().toLowerCase(Locale.ROOT), t.fraction(), b.x(), b.y(), b.width(), b.height());
        if (found == null) {
            return truth + ",,,,,MISSED,,,";
        }
        BoundingBox f = found.box();
        String read = found.status().hasValue()
                ? String.format(Locale.ROOT, "%.6f,%.6f", found.fraction(), Math.abs(found.fraction() - t.fraction()))
                : ",";
        return truth + String.format(Locale.ROOT, ",%.1f,%.1f,%.1f,%.1f,%s,%.4f,", f.x(), f.y(), f.width(), f.height(),
                found.status(), found.confidence()) + read;
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The report as a table, errors in percent of span. */
    public static String format(Map<GaugeType, Stats> stats) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %7s %9s %7s %9s %9s %9s %9s%n", "type", "gauges", "detected",
                "read", "mean %", "p95 %", "p99 %", "max %"));
        for (var e : stats.entrySet()) {
            Stats s = e.getValue();
            sb.append(String.format(Locale.ROOT, "%-8s %7d %8.1f%% %6.1f%% %9.3f %9.3f %9.3f %9.3f%n",
                    e.getKey().name().toLowerCase(Locale.ROOT), s.gauges(), 100 * s.detectedShare(),
                    100 * s.readShare(), 100 * s.mean(), 100 * s.p95(), 100 * s.p99(), 100 * s.max()));
        }
        return sb.toString();
    }
}
