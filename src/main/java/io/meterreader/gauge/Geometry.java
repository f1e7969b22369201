package io.meterreader.gauge;

import java.util.Arrays;

/** Small angle and statistics helpers shared by the readers. */
final class Geometry {

    static final double TWO_PI = 2 * Math.PI;

    private Geometry() {
    }

    /** An angle in degrees brought into [0, 360). */
    static double normalizeDegrees(double degrees) {
        double d = degrees % 360;
        return d < 0 ? d + 360 : d;
    }

    /** An angle in radians brought into [0, 2 pi). */
    static double normalizeRadians(double radians) {
        double r = radians % TWO_PI;
        return r < 0 ? r + TWO_PI : r;
    }

    /** The median of the first {@code n} values (the array is not changed). */
    static double median(double[] values, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    /**
     * sqrt(x^2 + y^2) without {@link Math#hypot}'s guard against overflow, which costs several
     * times as much and which pixel coordinates never need.
     */
    static double hypot(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
