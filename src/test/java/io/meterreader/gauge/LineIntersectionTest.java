package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LineIntersectionTest {

    @Test
    void radialLinesWithOutliers_meetAtThePivot() {
        int n = 24;
        double[] px = new double[n];
        double[] py = new double[n];
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.toRadians(i * 12);
            px[i] = 100 + 80 * Math.cos(a);
            py[i] = 120 + 80 * Math.sin(a);
            dx[i] = Math.cos(a);
            dy[i] = Math.sin(a);
            w[i] = 1;
        }
        // Four lines that are not ticks: tangents to the ring.
        for (int i = 0; i < 4; i++) {
            double t = dx[i * 5];
            dx[i * 5] = -dy[i * 5];
            dy[i * 5] = t;
        }
        double[] pivot = LineIntersection.robust(px, py, dx, dy, w, n, 0.5, null);
        assertEquals(100, pivot[0], 1e-6);
        assertEquals(120, pivot[1], 1e-6);
    }

    @Test
    void parallelLines_pinNoPointDown() {
        double[] pivot = LineIntersection.solve(new double[] {0, 0}, new double[] {0, 5}, new double[] {1, 1},
                new double[] {0, 0}, new double[] {1, 1}, 2);
        assertNull(pivot);
    }
}
