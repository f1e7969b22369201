package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConicTest {

    /** n points of the ellipse (cx, cy, a, b, angle) over the arc from t0 to t1 (degrees). */
    private static double[][] ellipsePoints(double cx, double cy, double a, double b, double angle, double t0,
                                            double t1, int n, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[n];
        double[] ys = new double[n];
        double c = Math.cos(Math.toRadians(angle));
        double s = Math.sin(Math.toRadians(angle));
        for (int i = 0; i < n; i++) {
            double t = Math.toRadians(t0 + (t1 - t0) * i / (n - 1));
            double u = a * Math.cos(t);
            double v = b * Math.sin(t);
            xs[i] = cx + u * c - v * s + noise * (random.nextDouble() - 0.5);
            ys[i] = cy + u * s + v * c + noise * (random.nextDouble() - 0.5);
        }
        return new double[][] {xs, ys};
    }

    @Test
    void exactEllipsePoints_giveBackCentreAxesAndAngle() {
        double[][] p = ellipsePoints(160, 140, 120, 90, 30, 0, 350, 40, 0, 1);
        Ellipse e = Conic.fitEllipse(p[0], p[1], null, 40).ellipse();
        assertEquals(160, e.centerX(), 1e-6);
        assertEquals(140, e.centerY(), 1e-6);
        assertEquals(120, e.semiMajor(), 1e-6);
        assertEquals(90, e.semiMinor(), 1e-6);
        assertEquals(30, e.angleDegrees(), 1e-6);
    }

    @Test
    void halfArcWithPixelNoise_stillGivesTheEllipseWithinAPixel() {
        double[][] p = ellipsePoints(200, 180, 150, 120, -20, 180, 360, 30, 1.0, 7);
        Ellipse e = Conic.fitEllipse(p[0], p[1], null, 30).ellipse();
        assertEquals(200, e.centerX(), 1.5);
        assertEquals(180, e.centerY(), 1.5);
        assertEquals(150, e.semiMajor(), 1.5);
        assertEquals(120, e.semiMinor(), 1.5);
    }

    @Test
    void fewerThanFivePoints_giveNoEllipse() {
        assertNull(Conic.fitEllipse(new double[] {0, 1, 2, 3}, new double[] {0, 1, 0, 1}, null, 4));
    }

    @Test
    void circleFit_givesCentreAndRadius_andSampsonDistanceIsRadial() {
        double[][] p = ellipsePoints(50, 60, 30, 30, 0, 0, 270, 12, 0, 1);
        Conic circle = Conic.fitCircle(p[0], p[1], null, 12);
        Ellipse e = circle.ellipse();
        assertEquals(50, e.centerX(), 1e-9);
        assertEquals(60, e.centerY(), 1e-9);
        assertEquals(30, e.semiMajor(), 1e-9);
        assertEquals(2, circle.distance(50 + 32, 60), 0.1);
    }

    @Test
    void cubicRoots_ofAKnownPolynomial() {
        // (x - 1)(x - 2)(x + 3) = x^3 - 7x + 6
        double[] roots = Conic.cubicRoots(0, -7, 6);
        Arrays.sort(roots);
        assertEquals(3, roots.length);
        assertEquals(-3, roots[0], 1e-9);
        assertEquals(1, roots[1], 1e-9);
        assertEquals(2, roots[2], 1e-9);
    }

    @Test
    void weightedFit_ignoresZeroWeightOutliers() {
        double[][] p = ellipsePoints(100, 100, 80, 60, 10, 0, 300, 20, 0, 1);
        double[] xs = Arrays.copyOf(p[0], 22);
        double[] ys = Arrays.copyOf(p[1], 22);
        double[] w = new double[22];
        Arrays.fill(w, 1);
        xs[20] = 100;
        ys[20] = 100;
        xs[21] = 130;
        ys[21] = 90;
        w[20] = 0;
        w[21] = 0;
        Conic conic = Conic.fitEllipse(xs, ys, w, 22);
        assertNotNull(conic);
        assertTrue(conic.isEllipse());
        assertEquals(80, conic.ellipse().semiMajor(), 1e-6);
    }
}
