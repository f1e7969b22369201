package io.meterreader.gauge;

import io.meterreader.gauge.SyntheticDial.Degradation;
import io.meterreader.gauge.SyntheticDial.Dial;
import io.meterreader.gauge.SyntheticDial.Orientation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Reading errors of a pointer reader over seeded synthetic dials, as a share of the scale's span.
 * Run as a program it prints the original and the standard reader side by side:
 * {@code java ... io.meterreader.gauge.PointerAccuracy [dials per set, default 2000] [-v] [affine]}
 * ({@code -v} lists each set's five worst dials; {@code affine} puts the standard reader's affine
 * variant, which unwarps about the ellipse's centre instead of through the pivot, in its place).
 */
final class PointerAccuracy {

    /** A named family of dials: an orientation and the degradations applied to each. */
    record DialSet(String name, Orientation orientation, Set<Degradation> degradations, boolean mixed) {

        Dial dial(long seed) {
            Set<Degradation> set = degradations;
            if (mixed) {
                // Perspective plus two other degradations, chosen by the seed.
                SplittableRandom r = new SplittableRandom(seed * 31 + 7);
                set = EnumSet.of(Degradation.PERSPECTIVE);
                Degradation[] others = Arrays.stream(Degradation.values())
                        .filter(d -> d != Degradation.PERSPECTIVE).toArray(Degradation[]::new);
                while (set.size() < 3) {
                    set.add(others[r.nextInt(others.length)]);
                }
            }
            return SyntheticDial.generate(seed, orientation, set);
        }
    }

    static final List<DialSet> SETS = List.of(
            new DialSet("exact, upright", Orientation.UPRIGHT, EnumSet.noneOf(Degradation.class), false),
            new DialSet("exact, any rotation", Orientation.ANY, EnumSet.noneOf(Degradation.class), false),
            new DialSet("perspective", Orientation.ANY, EnumSet.of(Degradation.PERSPECTIVE), false),
            new DialSet("eroded", Orientation.ANY, EnumSet.of(Degradation.ERODED), false),
            new DialSet("dilated", Orientation.ANY, EnumSet.of(Degradation.DILATED), false),
            new DialSet("noisy", Orientation.ANY, EnumSet.of(Degradation.NOISY), false),
            new DialSet("missing ticks", Orientation.ANY, EnumSet.of(Degradation.MISSING_TICKS), false),
            new DialSet("extra blobs", Orientation.ANY, EnumSet.of(Degradation.EXTRA_BLOBS), false),
            new DialSet("merged ticks", Orientation.ANY, EnumSet.of(Degradation.MERGED_TICKS), false),
            new DialSet("split pointer", Orientation.ANY, EnumSet.of(Degradation.SPLIT_POINTER), false),
            new DialSet("perspective + 2 others", Orientation.ANY, EnumSet.noneOf(Degradation.class), true),
            new DialSet("degraded upright: persp. + 2", Orientation.UPRIGHT, EnumSet.noneOf(Degradation.class), true));

    /** Errors over one set, in percent of span. */
    record Result(int dials, int read, double mean, double p95, double p99, double max, double meanConfidence,
                  List<String> worst) {

        double shareRead() {
            return dials == 0 ? 0 : (double) read / dials;
        }

        String row() {
            return String.format(Locale.ROOT, "%6.1f%% %7.3f %7.3f %7.3f %7.2f", 100 * shareRead(), mean, p95, p99, max);
        }
    }

    static Result measure(PointerReader reader, DialSet set, long firstSeed, int count) {
        double[] errors = new double[count];
        int read = 0;
        double confidence = 0;
        List<double[]> ranked = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Dial dial = set.dial(firstSeed + i);
            GaugeMeasurement m = reader.read(dial.segments(), dial.width(), dial.height());
            if (m.isOk()) {
                double error = 100 * Math.abs(m.fraction() - dial.fraction());
                errors[read++] = error;
                confidence += m.confidence();
                ranked.add(new double[] {error, descriptions.size()});
                descriptions.add(String.format(Locale.ROOT, "%.3f%% truth=%.4f read=%.4f conf=%.2f %s", error,
                        dial.fraction(), m.fraction(), m.confidence(), dial.description()));
            } else {
                ranked.add(new double[] {Double.POSITIVE_INFINITY, descriptions.size()});
                descriptions.add(m.status() + " truth=" + String.format(Locale.ROOT, "%.4f", dial.fraction()) + " "
                        + dial.description());
            }
        }
        ranked.sort((a, b) -> Double.compare(b[0], a[0]));
        List<String> worst = new ArrayList<>();
        for (int i = 0; i < Math.min(5, ranked.size()); i++) {
            worst.add(descriptions.get((int) ranked.get(i)[1]));
        }
        double[] sorted = Arrays.copyOf(errors, read);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        return new Result(count, read, mean, percentile(sorted, 0.95), percentile(sorted, 0.99),
                read == 0 ? Double.NaN : sorted[read - 1], read == 0 ? 0 : confidence / read, worst);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int at = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Set<String> flags = Set.of(args);
        boolean verbose = flags.contains("-v");
        PointerReader original = PointerReader.original();
        PointerReader standard = flags.contains("affine")
                ? new RectifiedPointerReader(RectifiedPointerReader.Rectification.AFFINE) : PointerReader.standard();
        System.out.printf(Locale.ROOT, "%d dials per set; error in %% of span over the dials read (status OK)%n", count);
        System.out.printf(Locale.ROOT, "%-30s | %-44s | %-44s%n", "", "original",
                flags.contains("affine") ? "standard, affine unwarp" : "standard");
        System.out.printf(Locale.ROOT, "%-30s | %7s %7s %7s %7s %7s | %7s %7s %7s %7s %7s %5s%n", "set",
                "read", "mean", "p95", "p99", "max", "read", "mean", "p95", "p99", "max", "conf");
        for (DialSet set : SETS) {
            Result o = measure(original, set, 1, count);
            Result s = measure(standard, set, 1, count);
            System.out.printf(Locale.ROOT, "%-30s | %s | %s %5.2f%n", set.name(), o.row(), s.row(), s.meanConfidence());
            if (verbose) {
                s.worst().forEach(w -> System.out.println("      " + w));
            }
        }
    }
}
