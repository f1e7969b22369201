package io.meterreader.gauge;

/** A 3x3 projective transform of the plane, row-major, acting on column vectors (x, y, 1). */
final class Homography {

    final double[] m;

    Homography(double... m) {
        if (m.length != 9) {
            throw new IllegalArgumentException("a homography has 9 entries");
        }
        this.m = m;
    }

    static Homography translation(double tx, double ty) {
        return new Homography(1, 0, tx, 0, 1, ty, 0, 0, 1);
    }

    /** this * other: apply {@code other} first. */
    Homography times(Homography other) {
        double[] a = m;
        double[] b = other.m;
        double[] c = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                c[r * 3 + k] = a[r * 3] * b[k] + a[r * 3 + 1] * b[3 + k] + a[r * 3 + 2] * b[6 + k];
            }
        }
        return new Homography(c);
    }

    Homography inverse() {
        double[] a = m;
        double c00 = a[4] * a[8] - a[5] * a[7];
        double c01 = a[5] * a[6] - a[3] * a[8];
        double c02 = a[3] * a[7] - a[4] * a[6];
        double det = a[0] * c00 + a[1] * c01 + a[2] * c02;
        if (Math.abs(det) < 1e-300) {
            throw new ArithmeticException("singular homography");
        }
        double[] inv = {
            c00 / det, (a[2] * a[7] - a[1] * a[8]) / det, (a[1] * a[5] - a[2] * a[4]) / det,
            c01 / det, (a[0] * a[8] - a[2] * a[6]) / det, (a[2] * a[3] - a[0] * a[5]) / det,
            c02 / det, (a[1] * a[6] - a[0] * a[7]) / det, (a[0] * a[4] - a[1] * a[3]) / det
        };
        return new Homography(inv);
    }

    double mapX(double x, double y) {
        return (m[0] * x + m[1] * y + m[2]) / (m[6] * x + m[7] * y + m[8]);
    }

    double mapY(double x, double y) {
        return (m[3] * x + m[4] * y + m[5]) / (m[6] * x + m[7] * y + m[8]);
    }

    /** The homogeneous weight of (x, y): its sign says which side of the vanishing line the point is on. */
    double weight(double x, double y) {
        return m[6] * x + m[7] * y + m[8];
    }

    ImagePoint map(double x, double y) {
        return new ImagePoint(mapX(x, y), mapY(x, y));
    }
}
