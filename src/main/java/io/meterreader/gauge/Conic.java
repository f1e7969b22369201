package io.meterreader.gauge;

/**
 * A conic a x^2 + b xy + c y^2 + d x + e y + f = 0, and the direct least-squares ellipse fit
 * (Fitzgibbon, Pilu and Fisher, in the numerically stable form of Halir and Flusser): among all
 * conics it only ever returns an ellipse, which matters for the short arcs of a 180-degree scale.
 */
final class Conic {

    final double a;
    final double b;
    final double c;
    final double d;
    final double e;
    final double f;

    Conic(double a, double b, double c, double d, double e, double f) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.e = e;
        this.f = f;
    }

    /** The symmetric 3x3 matrix Q with x^T Q x = 0 on the conic, row-major. */
    double[] matrix() {
        return new double[] {a, b / 2, d / 2, b / 2, c, e / 2, d / 2, e / 2, f};
    }

    boolean isEllipse() {
        return 4 * a * c - b * b > 0;
    }

    double value(double x, double y) {
        return a * x * x + b * x * y + c * y * y + d * x + e * y + f;
    }

    /** First-order (Sampson) distance of a point from the conic, in the points' units. */
    double distance(double x, double y) {
        double gx = 2 * a * x + b * y + d;
        double gy = b * x + 2 * c * y + e;
        double g = Geometry.hypot(gx, gy);
        return g == 0 ? Double.POSITIVE_INFINITY : Math.abs(value(x, y)) / g;
    }

    /** The ellipse's centre, axes and orientation; null when this is not an ellipse. */
    Ellipse ellipse() {
        double det = 4 * a * c - b * b;
        if (det <= 0) {
            return null;
        }
        double x0 = (b * e - 2 * c * d) / det;
        double y0 = (b * d - 2 * a * e) / det;
        double f0 = value(x0, y0);
        double mean = (a + c) / 2;
        double diff = Math.sqrt((a - c) * (a - c) / 4 + b * b / 4);
        double l1 = mean - diff;
        double l2 = mean + diff;
        if (-f0 / l1 <= 0 || -f0 / l2 <= 0) {
            return null;
        }
        double semiMajor = Math.sqrt(-f0 / l1);
        double semiMinor = Math.sqrt(-f0 / l2);
        // The major axis is the eigenvector of [[a, b/2], [b/2, c]] with the smaller eigenvalue.
        double angle = Math.abs(b) < 1e-15 ? (a <= c ? 0 : Math.PI / 2) : Math.atan2(l1 - a, b / 2);
        return new Ellipse(x0, y0, semiMajor, semiMinor, Geometry.normalizeDegrees(Math.toDegrees(angle)) % 180);
    }

    /**
     * The weighted direct ellipse fit to the first {@code n} points; null when the points cannot
     * carry one (fewer than 5, or degenerate).
     */
    static Conic fitEllipse(double[] xs, double[] ys, double[] weights, int n) {
        if (n < 5) {
            return null;
        }
        // Centre and scale the points so the scatter matrices are well conditioned.
        double sw = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            sw += w;
            mx += w * xs[i];
            my += w * ys[i];
        }
        if (sw <= 0) {
            return null;
        }
        mx /= sw;
        my /= sw;
        double spread = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            spread += w * ((xs[i] - mx) * (xs[i] - mx) + (ys[i] - my) * (ys[i] - my));
        }
        double s = Math.sqrt(spread / sw / 2);
        if (!(s > 0)) {
            return null;
        }
        double[] s1 = new double[9];
        double[] s2 = new double[9];
        double[] s3 = new double[9];
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            double u = (xs[i] - mx) / s;
            double v = (ys[i] - my) / s;
            double[] q = {u * u, u * v, v * v};
            double[] l = {u, v, 1};
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < 3; k++) {
                    s1[r * 3 + k] += w * q[r] * q[k];
                    s2[r * 3 + k] += w * q[r] * l[k];
                    s3[r * 3 + k] += w * l[r] * l[k];
                }
            }
        }
        double[] s3inv = invert3(s3);
        if (s3inv == null) {
            return null;
        }
        // T = -S3^-1 S2^T; M = S1 + S2 T; then premultiply by the inverse constraint matrix.
        double[] t = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int j = 0; j < 3; j++) {
                    sum += s3inv[r * 3 + j] * s2[k * 3 + j];
                }
                t[r * 3 + k] = -sum;
            }
        }
        double[] mm = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                double sum = s1[r * 3 + k];
                for (int j = 0; j < 3; j++) {
                    sum += s2[r * 3 + j] * t[j * 3 + k];
                }
                mm[r * 3 + k] = sum;
            }
        }
        double[] reduced = {
            mm[6] / 2, mm[7] / 2, mm[8] / 2,
            -mm[3], -mm[4], -mm[5],
            mm[0] / 2, mm[1] / 2, mm[2] / 2
        };
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double lambda : realEigenvalues(reduced)) {
            double[] vec = nullVector(reduced, lambda);
            if (vec == null) {
                continue;
            }
            double constraint = 4 * vec[0] * vec[2] - vec[1] * vec[1];
            double norm = vec[0] * vec[0] + vec[1] * vec[1] + vec[2] * vec[2];
            double score = constraint / norm;
            if (score > 0 && score > bestScore) {
                bestScore = score;
                best = vec;
            }
        }
        if (best == null) {
            return null;
        }
        double[] lin = new double[3];
        for (int r = 0; r < 3; r++) {
            lin[r] = t[r * 3] * best[0] + t[r * 3 + 1] * best[1] + t[r * 3 + 2] * best[2];
        }
        // Back from normalised (u, v) = ((x - mx) / s, (y - my) / s) to image coordinates.
        double na = best[0] / (s * s);
        double nb = best[1] / (s * s);
        double nc = best[2] / (s * s);
        double nd = lin[0] / s;
        double ne = lin[1] / s;
        double nf = lin[2];
        double a = na;
        double b = nb;
        double c = nc;
        double d = -2 * na * mx - nb * my + nd;
        double e = -2 * nc * my - nb * mx + ne;
        double f = na * mx * mx + nb * mx * my + nc * my * my - nd * mx - ne * my + nf;
        double scale = Math.sqrt(a * a + b * b + c * c);
        return new Conic(a / scale, b / scale, c / scale, d / scale, e / scale, f / scale);
    }

    /**
     * The algebraic (Kasa) circle fit x^2 + y^2 + d x + e y + f = 0 to the first {@code n} points,
     * as a conic; null with fewer than 3 points or collinear ones.
     */
    static Conic fitCircle(double[] xs, double[] ys, double[] weights, int n) {
        if (n < 3) {
            return null;
        }
        double[] m = new double[9];
        double[] r = new double[3];
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            double[] row = {xs[i], ys[i], 1};
            double z = -(xs[i] * xs[i] + ys[i] * ys[i]);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    m[a * 3 + b] += w * row[a] * row[b];
                }
                r[a] += w * row[a] * z;
            }
        }
        double[] inv = invert3(m);
        if (inv == null) {
            return null;
        }
        double d = inv[0] * r[0] + inv[1] * r[1] + inv[2] * r[2];
        double e = inv[3] * r[0] + inv[4] * r[1] + inv[5] * r[2];
        double f = inv[6] * r[0] + inv[7] * r[1] + inv[8] * r[2];
        if (d * d / 4 + e * e / 4 - f <= 0) {
            return null;
        }
        return new Conic(1, 0, 1, d, e, f);
    }

    static double[] invert3(double[] m) {
        double c00 = m[4] * m[8] - m[5] * m[7];
        double c01 = m[5] * m[6] - m[3] * m[8];
        double c02 = m[3] * m[7] - m[4] * m[6];
        double det = m[0] * c00 + m[1] * c01 + m[2] * c02;
        double norm = 0;
        for (double v : m) {
            norm = Math.max(norm, Math.abs(v));
        }
        if (Math.abs(det) <= 1e-14 * norm * norm * norm) {
            return null;
        }
        return new double[] {
            c00 / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
            c01 / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            c02 / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det
        };
    }

    /** The real roots of det(M - lambda I) for a 3x3 matrix. */
    static double[] realEigenvalues(double[] m) {
        double tr = m[0] + m[4] + m[8];
        double minors = m[0] * m[4] - m[1] * m[3] + m[0] * m[8] - m[2] * m[6] + m[4] * m[8] - m[5] * m[7];
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
        return cubicRoots(-tr, minors, -det);
    }

    /** Real roots of x^3 + p x^2 + q x + r = 0. */
    static double[] cubicRoots(double p, double q, double r) {
        double shift = p / 3;
        double aa = q - p * p / 3;
        double bb = 2 * p * p * p / 27 - p * q / 3 + r;
        double disc = bb * bb / 4 + aa * aa * aa / 27;
        if (disc > 0) {
            double sq = Math.sqrt(disc);
            return new double[] {Math.cbrt(-bb / 2 + sq) + Math.cbrt(-bb / 2 - sq) - shift};
        }
        if (aa == 0) {
            return new double[] {-shift};
        }
        double rr = 2 * Math.sqrt(-aa / 3);
        double arg = Geometry.clamp(3 * bb / (aa * rr), -1, 1);
        double phi = Math.acos(arg) / 3;
        return new double[] {
            rr * Math.cos(phi) - shift,
            rr * Math.cos(phi - 2 * Math.PI / 3) - shift,
            rr * Math.cos(phi - 4 * Math.PI / 3) - shift
        };
    }

    /** A unit vector v with (M - lambda I) v = 0: the largest cross product of two rows. */
    static double[] nullVector(double[] m, double lambda) {
        double[][] rows = {
            {m[0] - lambda, m[1], m[2]},
            {m[3], m[4] - lambda, m[5]},
            {m[6], m[7], m[8] - lambda}
        };
        double[] best = null;
        double bestNorm = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double[] x = rows[i];
                double[] y = rows[j];
                double[] cross = {x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]};
                double norm = Math.sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
                if (norm > bestNorm) {
                    bestNorm = norm;
                    best = cross;
                }
            }
        }
        if (best == null || bestNorm == 0) {
            return null;
        }
        return new double[] {best[0] / bestNorm, best[1] / bestNorm, best[2] / bestNorm};
    }
}
