package io.meterreader.gauge;

import java.util.SplittableRandom;

/**
 * The smallest circle enclosing a set of points (Welzl's incremental algorithm, expected linear
 * time; the points are shuffled with a fixed seed so the work, not the answer, is deterministic).
 */
record EnclosingCircle(double cx, double cy, double radius) {

    private static final double SLACK = 1e-7;

    static EnclosingCircle of(double[] xs, double[] ys, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("no points");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(12345);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double cx = xs[order[0]];
        double cy = ys[order[0]];
        double r = 0;
        for (int a = 1; a < n; a++) {
            int i = order[a];
            if (inside(cx, cy, r, xs[i], ys[i])) {
                continue;
            }
            cx = xs[i];
            cy = ys[i];
            r = 0;
            for (int b = 0; b < a; b++) {
                int j = order[b];
                if (inside(cx, cy, r, xs[j], ys[j])) {
                    continue;
                }
                cx = (xs[i] + xs[j]) / 2;
                cy = (ys[i] + ys[j]) / 2;
                r = Geometry.hypot(xs[i] - xs[j], ys[i] - ys[j]) / 2;
                for (int c = 0; c < b; c++) {
                    int k = order[c];
                    if (inside(cx, cy, r, xs[k], ys[k])) {
                        continue;
                    }
                    double[] circle = through(xs[i], ys[i], xs[j], ys[j], xs[k], ys[k]);
                    if (circle != null) {
                        cx = circle[0];
                        cy = circle[1];
                        r = circle[2];
                    }
                }
            }
        }
        return new EnclosingCircle(cx, cy, r);
    }

    private static boolean inside(double cx, double cy, double r, double x, double y) {
        return Geometry.hypot(x - cx, y - cy) <= r * (1 + SLACK) + SLACK;
    }

    /** The circle through three points, or null when they are collinear. */
    static double[] through(double ax, double ay, double bx, double by, double px, double py) {
        double d = 2 * (ax * (by - py) + bx * (py - ay) + px * (ay - by));
        if (Math.abs(d) < 1e-12) {
            return null;
        }
        double a2 = ax * ax + ay * ay;
        double b2 = bx * bx + by * by;
        double p2 = px * px + py * py;
        double ux = (a2 * (by - py) + b2 * (py - ay) + p2 * (ay - by)) / d;
        double uy = (a2 * (px - bx) + b2 * (ax - px) + p2 * (bx - ax)) / d;
        return new double[] {ux, uy, Geometry.hypot(ax - ux, ay - uy)};
    }
}
