package io.meterreader.gauge;

import io.meterreader.gauge.SyntheticSightGlass.Glass;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reading errors of a level reader over seeded synthetic sight glasses, as a share of the glass's
 * height. Run as a program it prints the original and the standard reader side by side for level
 * boxes of several accuracies: {@code java ... io.meterreader.gauge.LevelAccuracy [glasses, default 2000]}.
 */
final class LevelAccuracy {

    record Result(int glasses, int read, double mean, double p95, double max) {
        String row() {
            return String.format(Locale.ROOT, "%6.1f%% %7.3f %7.3f %7.3f", 100.0 * read / glasses, mean, p95, max);
        }
    }

    static Result measure(LevelReader reader, double boxError, long firstSeed, int count) {
        double[] errors = new double[count];
        int read = 0;
        for (int i = 0; i < count; i++) {
            Glass g = SyntheticSightGlass.generate(firstSeed + i, boxError);
            GaugeMeasurement m = reader.read(g.glass(), g.levels(), g.pixels());
            if (m.isOk()) {
                errors[read++] = 100 * Math.abs(m.fraction() - g.fraction());
            }
        }
        double[] sorted = Arrays.copyOf(errors, read);
        Arrays.sort(sorted);
        return new Result(count, read, Arrays.stream(sorted).average().orElse(Double.NaN),
                PointerAccuracy.percentile(sorted, 0.95), read == 0 ? Double.NaN : sorted[read - 1]);
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        System.out.printf(Locale.ROOT, "%d glasses per row; error in %% of the glass height over the glasses read%n", count);
        System.out.printf(Locale.ROOT, "%-22s | %-31s | %-31s%n", "level box error", "original", "standard");
        System.out.printf(Locale.ROOT, "%-22s | %7s %7s %7s %7s | %7s %7s %7s %7s%n", "(sd, share of height)",
                "read", "mean", "p95", "max", "read", "mean", "p95", "max");
        for (double boxError : new double[] {0, 0.005, 0.01, 0.02}) {
            Result o = measure(LevelReader.original(), boxError, 1, count);
            Result s = measure(LevelReader.standard(), boxError, 1, count);
            System.out.printf(Locale.ROOT, "%-22s | %s | %s%n", boxError, o.row(), s.row());
        }
    }
}
