package io.meterreader.gauge;

/**
 * Takes the camera's perspective out of a dial. The ticks' ends lie on a circle around the pivot;
 * the camera sees that circle as a conic Q and the pivot as a point c. Pole and polar survive any
 * projective map, and the polar of a circle's centre is the line at infinity, so Q c is the
 * vanishing line of the dial's plane. Sending that line back to infinity (a pure projective
 * transform) leaves an ellipse centred on the pivot, which a symmetric square root of its matrix
 * turns into the unit circle. In the result, angles about the origin are the dial's own angles,
 * and orientation is kept (the map has a positive determinant), so clockwise stays clockwise.
 *
 * <p>With c at the conic's own centre the vanishing line is already at infinity and the result is
 * the plain affine (ellipse-to-circle) unwarp.
 */
final class DialRectifier {

    private DialRectifier() {
    }

    /**
     * The map from image pixels to the rectified dial (the ring becomes the unit circle, the pivot
     * the origin), or null when the conic is no ellipse around the pivot.
     */
    static Homography rectify(Conic ring, double pivotX, double pivotY) {
        // Move the pivot to the origin: Q1 = T^-T Q T^-1 with T^-1 a translation by +pivot.
        double[] q = ring.matrix();
        Homography back = Homography.translation(pivotX, pivotY);
        double[] q1 = congruence(q, back.m);
        double l3 = q1[8];
        if (Math.abs(l3) < 1e-300) {
            return null;
        }
        double k1 = q1[2] / l3;
        double k2 = q1[5] / l3;
        // Hp = [[1,0,0],[0,1,0],[k1,k2,1]] sends the vanishing line to infinity; Q2 = Hp^-T Q1 Hp^-1.
        Homography hpInverse = new Homography(1, 0, 0, 0, 1, 0, -k1, -k2, 1);
        double[] q2 = congruence(q1, hpInverse.m);
        double f = q2[8];
        if (f == 0) {
            return null;
        }
        double sa = -q2[0] / f;
        double sb = -(q2[1] + q2[3]) / 2 / f;
        double sc = -q2[4] / f;
        double det = sa * sc - sb * sb;
        if (!(sa > 0 && det > 0)) {
            return null;
        }
        // Symmetric square root of S = [[sa, sb], [sb, sc]]: (S + sqrt(det) I) / sqrt(tr + 2 sqrt(det)).
        double rootDet = Math.sqrt(det);
        double norm = Math.sqrt(sa + sc + 2 * rootDet);
        Homography affine = new Homography(
                (sa + rootDet) / norm, sb / norm, 0,
                sb / norm, (sc + rootDet) / norm, 0,
                0, 0, 1);
        Homography hp = new Homography(1, 0, 0, 0, 1, 0, k1, k2, 1);
        return affine.times(hp).times(Homography.translation(-pivotX, -pivotY));
    }

    /**
     * How projective a rectification is: the relative change of the homogeneous weight over one
     * ring radius from the pivot (0 for an affine unwarp).
     */
    static double perspective(Homography rectified, double pivotX, double pivotY, double radiusPixels) {
        double[] m = rectified.m;
        return Geometry.hypot(m[6], m[7]) * radiusPixels / Math.abs(rectified.weight(pivotX, pivotY));
    }

    /** A^T Q A for symmetric Q (row-major 3x3). */
    private static double[] congruence(double[] q, double[] a) {
        double[] qa = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                qa[r * 3 + k] = q[r * 3] * a[k] + q[r * 3 + 1] * a[3 + k] + q[r * 3 + 2] * a[6 + k];
            }
        }
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                out[r * 3 + k] = a[r] * qa[k] + a[3 + r] * qa[3 + k] + a[6 + r] * qa[6 + k];
            }
        }
        return out;
    }
}
