package io.meterreader.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The printed scale of a gauge: first and last value, unit, and how the span divides into
 * major intervals. The catalogue holds ranges found on real pressure, vacuum and temperature
 * gauges and level indicators.
 */
record ScaleRange(double min, double max, String unit) {

    static final List<ScaleRange> POINTER = List.of(
            new ScaleRange(0, 1.6, "MPa"), new ScaleRange(0, 1, "MPa"), new ScaleRange(0, 2.5, "MPa"),
            new ScaleRange(0, 4, "MPa"), new ScaleRange(0, 6, "MPa"), new ScaleRange(0, 0.6, "MPa"),
            new ScaleRange(0, 0.4, "MPa"), new ScaleRange(-0.1, 0.9, "MPa"), new ScaleRange(-0.1, 0.5, "MPa"),
            new ScaleRange(-0.1, 0, "MPa"), new ScaleRange(0, 25, "MPa"),
            new ScaleRange(0, 10, "bar"), new ScaleRange(0, 16, "bar"), new ScaleRange(0, 6, "bar"),
            new ScaleRange(0, 25, "bar"), new ScaleRange(0, 40, "bar"), new ScaleRange(0, 4, "bar"),
            new ScaleRange(-1, 0, "bar"), new ScaleRange(-1, 3, "bar"), new ScaleRange(-1, 5, "bar"),
            new ScaleRange(0, 100, "psi"), new ScaleRange(0, 160, "psi"), new ScaleRange(0, 250, "psi"),
            new ScaleRange(0, 300, "psi"), new ScaleRange(0, 60, "psi"), new ScaleRange(0, 30, "psi"),
            new ScaleRange(0, 1000, "psi"),
            new ScaleRange(-20, 120, "°C"), new ScaleRange(0, 120, "°C"), new ScaleRange(0, 100, "°C"),
            new ScaleRange(0, 160, "°C"), new ScaleRange(-30, 50, "°C"), new ScaleRange(0, 250, "°C"),
            new ScaleRange(0, 400, "°C"), new ScaleRange(30, 130, "°F"),
            new ScaleRange(0, 100, "kPa"), new ScaleRange(0, 400, "kPa"), new ScaleRange(-100, 0, "kPa"),
            new ScaleRange(0, 60, "kgf/cm²"), new ScaleRange(0, 10, "kgf/cm²"), new ScaleRange(0, 1000, "mbar"),
            new ScaleRange(0, 100, "%"), new ScaleRange(0, 250, "inH2O"));

    static final List<ScaleRange> LEVEL = List.of(
            new ScaleRange(0, 100, "%"), new ScaleRange(0, 100, "%"), new ScaleRange(0, 1000, "mm"),
            new ScaleRange(0, 500, "mm"), new ScaleRange(0, 2, "m"), new ScaleRange(0, 5, "m³"),
            new ScaleRange(0, 10, "m³"), new ScaleRange(0, 800, "L"), new ScaleRange(0, 50, "cm"));

    private static final double[] NICE_MANTISSAS = {1, 2, 2.5, 5};

    ScaleRange {
        if (!(min < max)) {
            throw new IllegalArgumentException("scale min must be below max: " + min + ", " + max);
        }
    }

    double span() {
        return max - min;
    }

    double valueAt(double fraction) {
        return min + fraction * span();
    }

    /**
     * The numbers of major intervals (4 to 10) that give a round step and put a major tick on
     * zero when zero is on the scale; never empty for the catalogue's ranges.
     */
    List<Integer> majorCounts() {
        List<Integer> counts = new ArrayList<>();
        for (int n = 4; n <= 10; n++) {
            double step = span() / n;
            if (isNice(step) && (min >= 0 || max <= 0 || isWhole(-min / step))) {
                counts.add(n);
            }
        }
        if (counts.isEmpty()) {
            counts.add(5);
        }
        return counts;
    }

    private static boolean isNice(double step) {
        double exponent = Math.floor(Math.log10(step));
        double mantissa = step / Math.pow(10, exponent);
        for (double nice : NICE_MANTISSAS) {
            if (Math.abs(mantissa - nice) < 1e-6 || Math.abs(mantissa - nice * 10) < 1e-6) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWhole(double x) {
        return Math.abs(x - Math.rint(x)) < 1e-6;
    }

    /** The fewest decimals that print every major value of {@code count} intervals exactly. */
    int decimals(int count) {
        double step = span() / count;
        for (int d = 0; d < 4; d++) {
            double scale = Math.pow(10, d);
            boolean exact = true;
            for (int i = 0; i <= count && exact; i++) {
                exact = isWhole((min + i * step) * scale);
            }
            if (exact) {
                return d;
            }
        }
        return 3;
    }

    static String format(double value, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return s.equals("-0") || s.matches("-0\\.0+") ? s.substring(1) : s;
    }
}
