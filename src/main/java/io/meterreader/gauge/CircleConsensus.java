package io.meterreader.gauge;

import java.util.SplittableRandom;

/**
 * The centre of the circle that the most points lie on (random sample consensus over point
 * triples, with a fixed seed so the answer is repeatable, then a least-squares circle through the
 * points on it): the dial's centre from tick centroids alone, whatever stray blobs lie around.
 */
final class CircleConsensus {

    private static final int TRIES = 120;

    private CircleConsensus() {
    }

    /**
     * @param size the crop's smaller side: a dial's ring has a radius between a fifth and
     *             seven tenths of it
     * @return {x, y}, or null when no three points make a plausible ring
     */
    static double[] centre(double[] xs, double[] ys, int n, double size) {
        if (n < 3) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(11);
        double[] best = null;
        int bestCount = 0;
        for (int t = 0; t < TRIES; t++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            int c = random.nextInt(n);
            if (a == b || b == c || a == c) {
                continue;
            }
            double[] circle = EnclosingCircle.through(xs[a], ys[a], xs[b], ys[b], xs[c], ys[c]);
            if (circle == null || circle[2] < 0.2 * size || circle[2] > 0.7 * size) {
                continue;
            }
            double tolerance = Math.max(1.5, 0.05 * circle[2]);
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(Geometry.hypot(xs[i] - circle[0], ys[i] - circle[1]) - circle[2]) <= tolerance) {
                    count++;
                }
            }
            if (count > bestCount) {
                bestCount = count;
                best = circle;
            }
        }
        if (best == null) {
            return null;
        }
        double tolerance = Math.max(1.5, 0.05 * best[2]);
        double[] fx = new double[bestCount];
        double[] fy = new double[bestCount];
        int m = 0;
        for (int i = 0; i < n && m < bestCount; i++) {
            if (Math.abs(Geometry.hypot(xs[i] - best[0], ys[i] - best[1]) - best[2]) <= tolerance) {
                fx[m] = xs[i];
                fy[m++] = ys[i];
            }
        }
        Conic refit = Conic.fitCircle(fx, fy, null, m);
        Ellipse e = refit == null ? null : refit.ellipse();
        return e == null ? new double[] {best[0], best[1]} : new double[] {e.centerX(), e.centerY()};
    }
}
