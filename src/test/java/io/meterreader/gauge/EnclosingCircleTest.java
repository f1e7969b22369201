package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnclosingCircleTest {

    @Test
    void squareCorners_giveTheCircumscribedCircle() {
        EnclosingCircle c = EnclosingCircle.of(new double[] {0, 10, 10, 0, 5}, new double[] {0, 0, 10, 10, 5}, 5);
        assertEquals(5, c.cx(), 1e-9);
        assertEquals(5, c.cy(), 1e-9);
        assertEquals(Math.sqrt(50), c.radius(), 1e-9);
    }

    @Test
    void randomPoints_allLieInsideAndThreeOnTheBoundary() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 300;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = random.nextDouble() * 100;
            ys[i] = random.nextDouble() * 60;
        }
        EnclosingCircle c = EnclosingCircle.of(xs, ys, n);
        int onBoundary = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.hypot(xs[i] - c.cx(), ys[i] - c.cy());
            assertTrue(d <= c.radius() + 1e-6);
            if (d > c.radius() - 1e-6) {
                onBoundary++;
            }
        }
        assertTrue(onBoundary >= 2, "a smallest circle touches at least two points");
    }

    @Test
    void collinearPoints_haveNoCircleThroughThem() {
        assertNull(EnclosingCircle.through(0, 0, 1, 1, 2, 2));
    }
}
