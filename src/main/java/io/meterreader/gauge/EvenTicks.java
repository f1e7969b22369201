package io.meterreader.gauge;

/**
 * The pivot that makes a dial's ticks evenly spaced.
 *
 * <p>The rectification through the ring and a pivot (DialRectifier) is only as good as the pivot,
 * and the tick lines that give it meet to a pixel or two at best: a tick's axis, from a few
 * pixels, points a degree or more astray. A pivot off by a few percent of the radius feigns a
 * perspective that is not there, and the rectified ticks crowd together on one side of the dial
 * and spread apart on the other, which is exactly what a scale printed evenly cannot do. So the
 * pivot is moved to where the rectified tick angles lie best on a straight line against their
 * indices (Gauss-Newton on the two pivot coordinates, the line's offset and slope solved in
 * closed form at each step; ticks far off the line at the start take no part), within the
 * region where perspective could have put the pivot. Ticks of a scale that is not evenly
 * spaced should not come here.
 */
final class EvenTicks {

    private static final int ITERATIONS = 8;
    /** The step of the numerical derivative, in pixels. */
    private static final double STEP = 0.05;

    private EvenTicks() {
    }

    /**
     * @param ring  the ring through the ticks
     * @param start where to start (the pivot from the tick lines)
     * @param xs    tick centroids, in order along the scale
     * @param ys    tick centroids
     * @param index each tick's index on the scale (0 for the first tick)
     * @param n     how many ticks
     * @return the refined pivot, or {@code start} when no better one was found
     */
    static double[] pivot(Conic ring, Ellipse ellipse, double[] start, double[] xs, double[] ys, int[] index, int n) {
        if (n < 6) {
            return start;
        }
        double[] psi = angles(ring, start[0], start[1], xs, ys, n);
        if (psi == null) {
            return start;
        }
        // Ticks far off the line at the start are left out (a slipped or misplaced piece).
        double[] weight = new double[n];
        double[] residual = residuals(psi, index, null, n);
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(residual[i]);
        }
        double cut = Math.max(1e-9, 4 * 1.4826 * Geometry.median(abs, n));
        for (int i = 0; i < n; i++) {
            weight[i] = abs[i] <= cut ? 1 : 0;
        }
        double[] best = start.clone();
        double bestCost = cost(residuals(psi, index, weight, n), weight, n);
        double damping = 1e-3;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] r0 = residuals(psi, index, weight, n);
            double[] px = angles(ring, best[0] + STEP, best[1], xs, ys, n);
            double[] py = angles(ring, best[0], best[1] + STEP, xs, ys, n);
            if (px == null || py == null) {
                break;
            }
            double[] jx = residuals(px, index, weight, n);
            double[] jy = residuals(py, index, weight, n);
            double a = 0;
            double b = 0;
            double c = 0;
            double gx = 0;
            double gy = 0;
            for (int i = 0; i < n; i++) {
                double dx = (jx[i] - r0[i]) / STEP;
                double dy = (jy[i] - r0[i]) / STEP;
                a += weight[i] * dx * dx;
                b += weight[i] * dx * dy;
                c += weight[i] * dy * dy;
                gx += weight[i] * dx * r0[i];
                gy += weight[i] * dy * r0[i];
            }
            boolean improved = false;
            for (int tries = 0; tries < 4 && !improved; tries++) {
                double aa = a * (1 + damping);
                double cc = c * (1 + damping);
                double det = aa * cc - b * b;
                if (!(det > 0)) {
                    damping *= 10;
                    continue;
                }
                double sx = -(cc * gx - b * gy) / det;
                double sy = -(aa * gy - b * gx) / det;
                double[] next = {best[0] + sx, best[1] + sy};
                double[] angles = DialLocator.nearCentre(next, ellipse) ? angles(ring, next[0], next[1], xs, ys, n) : null;
                double nextCost = angles == null ? Double.POSITIVE_INFINITY
                        : cost(residuals(angles, index, weight, n), weight, n);
                if (nextCost < bestCost) {
                    improved = true;
                    bestCost = nextCost;
                    best = next;
                    psi = angles;
                    damping = Math.max(1e-6, damping / 10);
                    if (Geometry.hypot(sx, sy) < 1e-3) {
                        return best;
                    }
                } else {
                    damping *= 10;
                }
            }
            if (!improved) {
                break;
            }
        }
        return best;
    }

    /** Rectified angles of the ticks about the pivot, unwrapped to increase from the first; null if no rectification. */
    private static double[] angles(Conic ring, double pivotX, double pivotY, double[] xs, double[] ys, int n) {
        Homography h = DialRectifier.rectify(ring, pivotX, pivotY);
        if (h == null) {
            return null;
        }
        double ox = h.mapX(pivotX, pivotY);
        double oy = h.mapY(pivotX, pivotY);
        double[] out = new double[n];
        double first = 0;
        for (int i = 0; i < n; i++) {
            double a = Math.atan2(h.mapY(xs[i], ys[i]) - oy, h.mapX(xs[i], ys[i]) - ox);
            if (i == 0) {
                first = a;
            }
            out[i] = Geometry.normalizeRadians(a - first);
        }
        return out;
    }

    /** What is left of the angles after the (weighted) straight line against the index. */
    private static double[] residuals(double[] psi, int[] index, double[] weight, int n) {
        double sw = 0;
        double sk = 0;
        double sp = 0;
        for (int i = 0; i < n; i++) {
            double w = weight == null ? 1 : weight[i];
            sw += w;
            sk += w * index[i];
            sp += w * psi[i];
        }
        double mk = sk / sw;
        double mp = sp / sw;
        double skk = 0;
        double skp = 0;
        for (int i = 0; i < n; i++) {
            double w = weight == null ? 1 : weight[i];
            skk += w * (index[i] - mk) * (index[i] - mk);
            skp += w * (index[i] - mk) * (psi[i] - mp);
        }
        double slope = skk > 0 ? skp / skk : 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = psi[i] - mp - slope * (index[i] - mk);
        }
        return out;
    }

    private static double cost(double[] residual, double[] weight, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weight[i] * residual[i] * residual[i];
        }
        return sum;
    }
}
