package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerDiagnostics;
import io.meterreader.gauge.PointerEvidence;
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
            + "x,y,width,height,status,confidence,fraction,error,ring_radius,"
            + String.join(",", PointerEvidence.FACTOR_NAMES) + ",detection";

    /**
     * Figures for one gauge type. Errors are shares of the span (0.01 = 1%): mean, p95, p99 and max
     * of the readings' absolute errors, and {@code bias}, the median of their signed errors (read
     * less true: above 0, read high), which shows a systematic offset the others hide.
     */
    public record Stats(int gauges, int detected, int read, double mean, double p95, double p99, double max,
                        double bias) {
        public double readShare() {
            return gauges == 0 ? 0 : (double) read / gauges;
        }

        public double detectedShare() {
            return gauges == 0 ? 0 : (double) detected / gauges;
        }
    }

    /** One true gauge; {@code marks} are a dial's scale marks, null where the export has none. */
    private record Truth(String image, GaugeType type, double fraction, BoundingBox box, MarkedPointerReader.Marks marks) {
    }

    /**
     * The figures by gauge type, and by type and size: a dial by its box's width, a sight glass
     * by its height, in image pixels (classes of {@link #SIZE_CLASSES}), since how many pixels a
     * gauge spans decides most of how well it reads.
     */
    public record Report(Map<GaugeType, Stats> byType, Map<GaugeType, Map<String, Stats>> bySize) {
        public Stats get(GaugeType type) {
            return byType.get(type);
        }
    }

    /** Lower bounds of the size classes, in pixels. */
    static final int[] SIZE_CLASSES = {0, 60, 90, 130, 200};

    /** Counts and errors of one group of gauges. */
    private static final class Tally {
        int gauges;
        int detected;
        int read;
        /** Each reading's signed error, read less true. */
        final List<Double> errors = new ArrayList<>();

        Stats stats() {
            return AccuracyEvaluation.stats(gauges, detected, read, errors);
        }
    }

    /** The figures of a group of gauges from its counts and its readings' signed errors (read less true). */
    static Stats stats(int gauges, int detected, int read, List<Double> signed) {
        double[] e = signed.stream().mapToDouble(Math::abs).sorted().toArray();
        double[] s = signed.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length == 0 ? Double.NaN : (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
        return new Stats(gauges, detected, read, e.length == 0 ? Double.NaN : Arrays.stream(e).average().orElseThrow(),
                percentile(e, 0.95), percentile(e, 0.99), e.length == 0 ? Double.NaN : e[e.length - 1], median);
    }

    private AccuracyEvaluation() {
    }

    public static Report run(OfflineReader reader, Path dataset, String split, int limit, PrintStream progress)
            throws IOException {
        return run(reader, dataset, split, limit, 0, progress);
    }

    /** As above, counting as read only the readings whose reader confidence is at least {@code minConfidence}. */
    public static Report run(OfflineReader reader, Path dataset, String split, int limit, double minConfidence,
                             PrintStream progress) throws IOException {
        return run(reader, dataset, split, limit, minConfidence, progress, null);
    }

    /**
     * As above, and when {@code gauges} is not null, one CSV line per true gauge to it (after the
     * header {@value #GAUGES_HEADER}): what was found over it and how far off it read, so the
     * worst readings can be looked up in their images. A gauge not found has the status MISSED.
     */
    public static Report run(OfflineReader reader, Path dataset, String split, int limit, double minConfidence,
                             PrintStream progress, PrintStream gauges) throws IOException {
        return run(reader, dataset, split, limit, minConfidence, progress, gauges, false);
    }

    /**
     * As above; with {@code scaleMarks}, each dial is read as a meter calibrated with scale marks
     * is, from its pointer against the true marks the export wrote ({@link MarkedPointerReader}).
     */
    public static Report run(OfflineReader reader, Path dataset, String split, int limit, double minConfidence,
                             PrintStream progress, PrintStream gauges, boolean scaleMarks) throws IOException {
        Path truthFile = dataset.resolve("det/truth/" + split + ".csv");
        Path images = dataset.resolve("det/images/" + split);
        if (!Files.isRegularFile(truthFile) || !Files.isDirectory(images)) {
            throw new IOException(dataset + " is not a sim dataset (no det/truth/" + split + ".csv or det/images/"
                    + split + ")");
        }
        Map<String, List<Truth>> byImage = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(truthFile);
        for (int n = 1; n < lines.size(); n++) {
            String[] p = lines.get(n).split(",", -1);
            try {
                GaugeType type = GaugeType.valueOf(p[2].toUpperCase(Locale.ROOT));
                MarkedPointerReader.Marks marks = null;
                if (scaleMarks && type == GaugeType.POINTER) {
                    if (p.length < 14 || p[8].isEmpty()) {
                        throw new IOException(truthFile + " has no scale marks (an export older than them): render it "
                                + "again");
                    }
                    marks = new MarkedPointerReader.Marks(point(p, 8), point(p, 10), point(p, 12));
                }
                byImage.computeIfAbsent(p[0], k -> new ArrayList<>()).add(new Truth(p[0], type,
                        Double.parseDouble(p[3]), new BoundingBox(Double.parseDouble(p[4]), Double.parseDouble(p[5]),
                        Double.parseDouble(p[6]), Double.parseDouble(p[7])), marks));
            } catch (RuntimeException e) {
                // a short line, a type or a number that is not one: the export is damaged, say where
                throw new IOException(truthFile + " line " + (n + 1) + " is not a truth line (image, index, type, "
                        + "fraction, x, y, width, height ...): " + lines.get(n), e);
            }
        }
        if (byImage.isEmpty()) {
            throw new IOException("the " + split + " split of " + dataset + " holds no gauges (" + truthFile
                    + " has no lines): nothing to measure");
        }
        if (gauges != null) {
            gauges.println(GAUGES_HEADER);
        }
        List<String> names = new ArrayList<>(byImage.keySet());
        if (limit > 0 && names.size() > limit) {
            names = names.subList(0, limit);
        }
        Map<GaugeType, Tally> byType = new EnumMap<>(GaugeType.class);
        Map<GaugeType, Tally[]> bySize = new EnumMap<>(GaugeType.class);
        for (GaugeType t : GaugeType.values()) {
            byType.put(t, new Tally());
            Tally[] classes = new Tally[SIZE_CLASSES.length];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = new Tally();
            }
            bySize.put(t, classes);
        }
        for (int start = 0; start < names.size(); start += BATCH) {
            List<String> batch = names.subList(start, Math.min(names.size(), start + BATCH));
            List<ImageDecoder.BgrImage> decoded = new ArrayList<>();
            for (String name : batch) {
                Path image = images.resolve(name + ".jpg");
                if (!Files.isRegularFile(image)) {
                    throw new IOException(image + " is missing: " + truthFile + " names it (the export is incomplete)");
                }
                try {
                    decoded.add(ImageDecoder.decode(Files.readAllBytes(image)));
                } catch (ImageDecoder.UnreadableImageException | ImageDecoder.ImageTooLargeException e) {
                    throw new IOException(image + ": " + e.getMessage(), e);
                }
            }
            List<List<FoundGauge>> found = reader.find(decoded);
            for (int i = 0; i < batch.size(); i++) {
                List<FoundGauge> free = new ArrayList<>(found.get(i));
                for (Truth t : byImage.get(batch.get(i))) {
                    FoundGauge match = match(t, free);
                    free.remove(match);
                    if (match != null && t.marks() != null) {
                        match = match.readAgainst(t.marks());
                    }
                    if (gauges != null) {
                        gauges.println(line(t, match, minConfidence));
                    }
                    score(t, match, minConfidence, byType.get(t.type()));
                    score(t, match, minConfidence, bySize.get(t.type())[sizeClass(t)]);
                }
            }
            if (progress != null) {
                progress.printf("\r%d/%d images", Math.min(names.size(), start + BATCH), names.size());
            }
        }
        if (progress != null) {
            progress.println();
        }
        Map<GaugeType, Stats> types = new EnumMap<>(GaugeType.class);
        Map<GaugeType, Map<String, Stats>> sizes = new EnumMap<>(GaugeType.class);
        for (GaugeType t : GaugeType.values()) {
            types.put(t, byType.get(t).stats());
            Map<String, Stats> classes = new LinkedHashMap<>();
            Tally[] tallies = bySize.get(t);
            for (int i = 0; i < tallies.length; i++) {
                if (tallies[i].gauges > 0) {
                    classes.put(sizeLabel(i), tallies[i].stats());
                }
            }
            sizes.put(t, classes);
        }
        return new Report(types, sizes);
    }

    private static ImagePoint point(String[] p, int at) {
        return new ImagePoint(Double.parseDouble(p[at]), Double.parseDouble(p[at + 1]));
    }

    /** The size that matters for reading: a dial's width, a sight glass's length. */
    private static int sizeClass(Truth t) {
        double size = t.type() == GaugeType.POINTER ? t.box().width() : t.box().height();
        int c = 0;
        while (c + 1 < SIZE_CLASSES.length && size >= SIZE_CLASSES[c + 1]) {
            c++;
        }
        return c;
    }

    private static String sizeLabel(int c) {
        return c + 1 < SIZE_CLASSES.length ? SIZE_CLASSES[c] + "-" + SIZE_CLASSES[c + 1] + " px"
                : ">= " + SIZE_CLASSES[c] + " px";
    }

    /** The unclaimed detection of the gauge's type that overlaps it most (IoU at least {@value #MATCH_IOU}), or null. */
    private static FoundGauge match(Truth t, List<FoundGauge> free) {
        FoundGauge best = null;
        double bestIou = MATCH_IOU;
        for (FoundGauge g : free) {
            double iou = g.box().iou(t.box());
            if (g.type() == t.type() && iou >= bestIou) {
                best = g;
                bestIou = iou;
            }
        }
        return best;
    }

    private static void score(Truth t, FoundGauge found, double minConfidence, Tally tally) {
        tally.gauges++;
        if (found == null) {
            return;
        }
        tally.detected++;
        if (found.status().hasValue() && found.confidence() >= minConfidence) {
            tally.read++;
            tally.errors.add(found.fraction() - t.fraction());
        }
    }

    /**
     * One true gauge's CSV line. Its status is the one the service would show with the gate at
     * {@code minConfidence} (LOW_CONFIDENCE under it); the fraction and the error are written
     * under the gate too, for looking into.
     */
    private static String line(Truth t, FoundGauge found, double minConfidence) {
        BoundingBox b = t.box();
        String truth = String.format(Locale.ROOT, "%s,%s,%.6f,%.1f,%.1f,%.1f,%.1f", t.image(),
                t.type().name().toLowerCase(Locale.ROOT), t.fraction(), b.x(), b.y(), b.width(), b.height());
        if (found == null) {
            return truth + ",,,,,MISSED,,," + ",".repeat(PointerEvidence.FACTOR_NAMES.length + 2);
        }
        BoundingBox f = found.box();
        String read = found.status().hasValue()
                ? String.format(Locale.ROOT, "%.6f,%.6f", found.fraction(), Math.abs(found.fraction() - t.fraction()))
                : ",";
        String status = found.status().hasValue() && found.confidence() < minConfidence
                ? ReadingStatus.LOW_CONFIDENCE.name() : found.status().name();
        return truth + String.format(Locale.ROOT, ",%.1f,%.1f,%.1f,%.1f,%s,%.4f,", f.x(), f.y(), f.width(), f.height(),
                status, found.confidence()) + read + evidence(found)
                + String.format(Locale.ROOT, ",%.4f", found.detectionConfidence());
    }

    /** The pointer reader's confidence factors, as the CSV's last columns; empty where there are none. */
    private static String evidence(FoundGauge found) {
        if (found.measurement().diagnostics() instanceof PointerDiagnostics d && d.evidence() != null) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, ",%.2f", d.evidence().ringRadius()));
            for (double f : d.evidence().factors()) {
                sb.append(String.format(Locale.ROOT, ",%.4f", f));
            }
            return sb.toString();
        }
        return ",".repeat(PointerEvidence.FACTOR_NAMES.length + 1);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The report as tables (by type, then by type and size), errors in percent of span. */
    public static String format(Report report) {
        StringBuilder sb = new StringBuilder();
        header(sb, "type");
        for (var e : report.byType().entrySet()) {
            row(sb, e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
        }
        if (report.bySize().values().stream().allMatch(Map::isEmpty)) {
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "%nby size (dials: box width; sight glasses: box height)%n"));
        header(sb, "type, size");
        for (var e : report.bySize().entrySet()) {
            for (var c : e.getValue().entrySet()) {
                row(sb, e.getKey().name().toLowerCase(Locale.ROOT) + " " + c.getKey(), c.getValue());
            }
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, String first) {
        sb.append(String.format(Locale.ROOT, "%-19s %7s %9s %7s %9s %9s %9s %9s %9s%n", first, "gauges", "detected",
                "read", "mean %", "p95 %", "p99 %", "max %", "bias %"));
    }

    private static void row(StringBuilder sb, String label, Stats s) {
        sb.append(String.format(Locale.ROOT, "%-19s %7d %9s %7s %9s %9s %9s %9s %9s%n", label, s.gauges(),
                percent(s.detectedShare(), "%.1f%%"), percent(s.readShare(), "%.1f%%"), percent(s.mean(), "%.3f"),
                percent(s.p95(), "%.3f"), percent(s.p99(), "%.3f"), percent(s.max(), "%.3f"),
                percent(s.bias(), "%+.3f")));
    }

    /** A share as a percentage in {@code format}; "-" where there is none to give (no gauge in a bin, none read). */
    private static String percent(double share, String format) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, format, 100 * share) : "-";
    }
}
