package io.meterreader.gauge;

import java.util.Arrays;

/**
 * A dial with two scales (psi around bar, °F around °C) has two rings of ticks, one inside the
 * other. Fitted as one, they give a ring between the two, a grid that mixes both scales' ticks and
 * a reading on neither. This finds the second ring and keeps the outer one, the dial's main scale
 * on the dials we know of (the larger numbers, the unit printed first).
 *
 * <p>One ellipse is fitted through all the candidates (between the rings, if there are two, and of
 * their shape): each candidate gets its elliptical radius about that ellipse's centre, as a
 * multiple of the ellipse (1 on it). The ticks of
 * one ring share a multiple; two rings give two groups with an empty stretch between them. A
 * single scale's long and short ticks differ too, but they share an end (their outer ends, or
 * their inner ends), so the split must show alike through the ticks' outer ends, their centroids
 * and their inner ends; a second ring's ticks lie inside the first whichever point is taken.
 */
final class TickRings {

    /** The empty stretch between two rings, as a multiple of the ring's radius. */
    static final double MIN_GAP = 0.05;
    /** Each ring holds at least this many ticks... */
    static final int MIN_TICKS = 8;
    /** ...and at least this share of the candidates. */
    static final double MIN_SHARE = 0.2;

    private TickRings() {
    }

    /**
     * The candidates on the outer ring when the candidates make two rings, else {@code candidate}
     * itself.
     *
     * @param ends the pieces' outer ends, centroids and inner ends, as {@link RingFit#ends} gives them
     */
    static boolean[] outer(double[][][] ends, boolean[] candidate, int n) {
        double[][] xs = ends[0];
        double[][] ys = ends[1];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                m++;
            }
        }
        if (m < 2 * MIN_TICKS) {
            return candidate;
        }
        double[][] multiples = new double[xs.length][];
        for (int set = 0; set < xs.length; set++) {
            multiples[set] = multiples(xs[set], ys[set], candidate, n, m);
            if (multiples[set] == null) {
                return candidate;
            }
        }
        // The threshold of the centroids' split, if the other sets split the same pieces alike.
        double threshold = split(multiples[1], candidate, n, m);
        if (Double.isNaN(threshold)) {
            return candidate;
        }
        boolean[] outer = new boolean[n];
        for (int i = 0; i < n; i++) {
            outer[i] = candidate[i] && multiples[1][i] > threshold;
        }
        for (int set = 0; set < xs.length; set++) {
            if (set != 1 && !sameSplit(multiples[set], outer, candidate, n)) {
                return candidate;
            }
        }
        return outer;
    }

    /**
     * Each candidate's elliptical radius about the ellipse through all candidates, as a multiple
     * of that ellipse; null when no ellipse fits. Two concentric rings give an ellipse between
     * them, of their shape, so each ring's ticks share a multiple.
     */
    private static double[] multiples(double[] xs, double[] ys, boolean[] candidate, int n, int m) {
        double[] fx = new double[m];
        double[] fy = new double[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                fx[k] = xs[i];
                fy[k] = ys[i];
                k++;
            }
        }
        Conic all = Conic.fitEllipse(fx, fy, null, m);
        Ellipse e = all == null ? null : all.ellipse();
        if (e == null) {
            return null;
        }
        // About its centre a conic grows as the square of the scale: Q(p) - Q(c) = s^2 (-Q(c)).
        double atCentre = all.value(e.centerX(), e.centerY());
        double[] multiple = new double[n];
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                multiple[i] = Math.sqrt(Math.max(0, (all.value(xs[i], ys[i]) - atCentre) / -atCentre));
            }
        }
        return multiple;
    }

    /**
     * The middle of the widest empty stretch between the sorted multiples that leaves enough on
     * both sides and is at least {@link #MIN_GAP} wide; NaN when there is none.
     */
    private static double split(double[] multiple, boolean[] candidate, int n, int m) {
        double[] sorted = new double[m];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                sorted[k++] = multiple[i];
            }
        }
        Arrays.sort(sorted);
        int least = Math.max(MIN_TICKS, (int) Math.ceil(MIN_SHARE * m));
        double widest = MIN_GAP;
        double threshold = Double.NaN;
        for (int j = least; j <= m - least; j++) {
            double gap = sorted[j] - sorted[j - 1];
            if (gap >= widest) {
                widest = gap;
                threshold = (sorted[j] + sorted[j - 1]) / 2;
            }
        }
        return threshold;
    }

    /** Whether every outer piece lies farther out than every inner one, by the gap, in these multiples. */
    private static boolean sameSplit(double[] multiple, boolean[] outer, boolean[] candidate, int n) {
        double innerMax = Double.NEGATIVE_INFINITY;
        double outerMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                if (outer[i]) {
                    outerMin = Math.min(outerMin, multiple[i]);
                } else {
                    innerMax = Math.max(innerMax, multiple[i]);
                }
            }
        }
        return outerMin - innerMax >= MIN_GAP;
    }
}
