package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DialRectifierTest {

    /** Dial plane (radius 1) to image: tilted 30 degrees about a slanted axis, camera at 5 radii. */
    private static Homography camera() {
        double tilt = Math.toRadians(30);
        double kx = Math.cos(Math.toRadians(40));
        double ky = Math.sin(Math.toRadians(40));
        double c = Math.cos(tilt);
        double s = Math.sin(tilt);
        double f = 5 * 120;
        return Homography.translation(200, 180).times(new Homography(
                f * (c + kx * kx * (1 - c)), f * kx * ky * (1 - c), 0,
                f * kx * ky * (1 - c), f * (c + ky * ky * (1 - c)), 0,
                -ky * s, kx * s, 5));
    }

    @Test
    void tiltedCircleWithItsPivot_unwarpsToTheUnitCircleWithTheDialsOwnAngles() {
        Homography toImage = camera();
        int n = 36;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.toRadians(10 * i);
            xs[i] = toImage.mapX(Math.cos(a), Math.sin(a));
            ys[i] = toImage.mapY(Math.cos(a), Math.sin(a));
        }
        Conic ring = Conic.fitEllipse(xs, ys, null, n);
        double pivotX = toImage.mapX(0, 0);
        double pivotY = toImage.mapY(0, 0);
        Homography rectify = DialRectifier.rectify(ring, pivotX, pivotY);
        assertNotNull(rectify);
        double ox = rectify.mapX(pivotX, pivotY);
        double oy = rectify.mapY(pivotX, pivotY);
        assertEquals(0, ox, 1e-9);
        assertEquals(0, oy, 1e-9);
        // Every dial angle comes back, shifted by one common rotation, and every point on the circle.
        double rotation = Double.NaN;
        for (int k = 0; k < 360; k += 7) {
            double a = Math.toRadians(k);
            double x = toImage.mapX(0.97 * Math.cos(a), 0.97 * Math.sin(a));
            double y = toImage.mapY(0.97 * Math.cos(a), 0.97 * Math.sin(a));
            double rx = rectify.mapX(x, y);
            double ry = rectify.mapY(x, y);
            assertEquals(0.97, Math.hypot(rx, ry), 1e-6);
            double shift = Math.IEEEremainder(Math.atan2(ry, rx) - a, 2 * Math.PI);
            if (Double.isNaN(rotation)) {
                rotation = shift;
            }
            assertEquals(rotation, shift, 1e-6, "angle " + k);
        }
        assertTrue(DialRectifier.perspective(rectify, pivotX, pivotY, 120) > 0.05,
                "a dial at 5 radii tilted 30 degrees is visibly projective");
    }

    @Test
    void ellipseCentreAsPivot_givesThePlainAffineUnwarp() {
        double[] xs = new double[24];
        double[] ys = new double[24];
        for (int i = 0; i < 24; i++) {
            double a = Math.toRadians(15 * i);
            xs[i] = 100 + 80 * Math.cos(a);
            ys[i] = 90 + 50 * Math.sin(a);
        }
        Conic ring = Conic.fitEllipse(xs, ys, null, 24);
        Homography rectify = DialRectifier.rectify(ring, 100, 90);
        assertEquals(0, DialRectifier.perspective(rectify, 100, 90, 80), 1e-9);
        assertEquals(1, Math.hypot(rectify.mapX(180, 90), rectify.mapY(180, 90)), 1e-9);
        assertEquals(1, Math.hypot(rectify.mapX(100, 140), rectify.mapY(100, 140)), 1e-9);
        assertEquals(Math.PI / 2, Math.atan2(rectify.mapY(100, 140), rectify.mapX(100, 140)), 1e-9);
    }
}
