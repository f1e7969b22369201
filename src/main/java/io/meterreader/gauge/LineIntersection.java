package io.meterreader.gauge;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The point nearest, in weighted least squares, to a set of lines: where the radial tick marks
 * (and the pointer) of a dial meet, which is the pivot. Lines map to lines under any perspective,
 * so unlike the centre of the ellipse through the ticks this is the pivot's true image.
 *
 * <p>Lines that do not belong (a numeral, a band along the scale) could pull a plain least-squares
 * solution anywhere, so the start is chosen by consensus: the intersections of a fixed set of line
 * pairs are candidates, and the one that the most lines pass within a tolerance of wins. A few
 * rounds of Tukey reweighting from there then leave the outlying lines out.
 */
public final class LineIntersection {

    /** Line pairs tried for the consensus start. */
    private static final int PAIRS = 100;

    private LineIntersection() {
    }

    /**
     * The robust meeting point of lines i = 0..n-1, each through (px[i], py[i]) along the unit
     * direction (dx[i], dy[i]) with weight weights[i] (0 leaves it out).
     *
     * @param minScale the smallest residual scale in pixels, so exact lines are not cut to nothing
     * @param used     out: each line's final weight (may be null)
     * @return {x, y}, or null when the lines do not pin a point down (parallel or too few)
     */
    public static double[] robust(double[] px, double[] py, double[] dx, double[] dy, double[] weights, int n,
                           double minScale, double[] used) {
        double[] w = Arrays.copyOf(weights, n);
        double[] point = consensus(px, py, dx, dy, weights, n, 4 * minScale);
        if (point == null) {
            point = solve(px, py, dx, dy, w, n);
        }
        if (point == null) {
            return null;
        }
        double[] residual = new double[n];
        for (int round = 0; round < 4; round++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] > 0) {
                    residual[m++] = distance(point, px[i], py[i], dx[i], dy[i]);
                }
            }
            if (m < 2) {
                return null;
            }
            double scale = Math.max(minScale, 1.4826 * Geometry.median(residual, m));
            double cutoff = 4.685 * scale;
            for (int i = 0; i < n; i++) {
                double r = distance(point, px[i], py[i], dx[i], dy[i]) / cutoff;
                double tukey = r >= 1 ? 0 : (1 - r * r) * (1 - r * r);
                w[i] = weights[i] * tukey;
            }
            double[] next = solve(px, py, dx, dy, w, n);
            if (next == null) {
                return null;
            }
            point = next;
        }
        if (used != null) {
            System.arraycopy(w, 0, used, 0, n);
        }
        return point;
    }

    /** The pair intersection that the most lines (counted by weight) pass within {@code tolerance} of. */
    static double[] consensus(double[] px, double[] py, double[] dx, double[] dy, double[] weights, int n,
                              double tolerance) {
        int[] lines = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] > 0) {
                lines[m++] = i;
            }
        }
        if (m < 2) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(7);
        double[] best = null;
        double bestScore = 0;
        int pairs = Math.min(PAIRS, m * (m - 1) / 2);
        for (int t = 0; t < pairs; t++) {
            int i = lines[random.nextInt(m)];
            int j = lines[random.nextInt(m)];
            // Lines at less than 10 degrees to each other meet too vaguely to be worth a try.
            double sin = Math.abs(dx[i] * dy[j] - dy[i] * dx[j]);
            if (i == j || sin < 0.17) {
                continue;
            }
            double s = ((px[j] - px[i]) * dy[j] - (py[j] - py[i]) * dx[j]) / (dx[i] * dy[j] - dy[i] * dx[j]);
            double[] candidate = {px[i] + s * dx[i], py[i] + s * dy[i]};
            double score = 0;
            for (int k = 0; k < m; k++) {
                int l = lines[k];
                if (distance(candidate, px[l], py[l], dx[l], dy[l]) <= tolerance) {
                    score += weights[l];
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    static double distance(double[] point, double px, double py, double dx, double dy) {
        return Math.abs((point[0] - px) * dy - (point[1] - py) * dx);
    }

    /** Minimises sum w (n . (c - p))^2 with n the lines' normals. */
    static double[] solve(double[] px, double[] py, double[] dx, double[] dy, double[] w, int n) {
        double a = 0;
        double b = 0;
        double c = 0;
        double r0 = 0;
        double r1 = 0;
        int lines = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] <= 0) {
                continue;
            }
            lines++;
            double nx = -dy[i];
            double ny = dx[i];
            double k = nx * px[i] + ny * py[i];
            a += w[i] * nx * nx;
            b += w[i] * nx * ny;
            c += w[i] * ny * ny;
            r0 += w[i] * nx * k;
            r1 += w[i] * ny * k;
        }
        double det = a * c - b * b;
        // Near-parallel lines leave the point free along them: refuse rather than guess.
        if (lines < 2 || det <= 1e-6 * (a + c) * (a + c)) {
            return null;
        }
        return new double[] {(c * r0 - b * r1) / det, (a * r1 - b * r0) / det};
    }
}
