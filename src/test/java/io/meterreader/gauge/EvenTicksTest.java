package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EvenTicksTest {

    private static final double CX = 160;
    private static final double CY = 150;

    /** A face-on dial's ring and 28 tick centroids every 10 degrees from 135. */
    private static Conic ring() {
        double[] xs = new double[36];
        double[] ys = new double[36];
        for (int i = 0; i < 36; i++) {
            xs[i] = CX + 110 * Math.cos(Math.toRadians(10 * i));
            ys[i] = CY + 110 * Math.sin(Math.toRadians(10 * i));
        }
        return Conic.fitCircle(xs, ys, null, 36);
    }

    private static double[][] ticks() {
        double[][] out = new double[2][28];
        for (int k = 0; k < 28; k++) {
            double a = Math.toRadians(135 + 10 * k);
            out[0][k] = CX + 105 * Math.cos(a);
            out[1][k] = CY + 105 * Math.sin(a);
        }
        return out;
    }

    private static int[] indices() {
        int[] out = new int[28];
        for (int k = 0; k < 28; k++) {
            out[k] = k;
        }
        return out;
    }

    @Test
    void pivotPixelsOff_movesToTheCentreThatSpacesTheTicksEvenly() {
        Conic ring = ring();
        double[][] t = ticks();
        double[] pivot = EvenTicks.pivot(ring, ring.ellipse(), new double[] {CX + 3, CY - 2}, t[0], t[1], indices(), 28);
        assertEquals(CX, pivot[0], 0.05);
        assertEquals(CY, pivot[1], 0.05);
    }

    @Test
    void evenTicksAlready_leaveThePivotWhereItIs() {
        Conic ring = ring();
        double[][] t = ticks();
        double[] pivot = EvenTicks.pivot(ring, ring.ellipse(), new double[] {CX, CY}, t[0], t[1], indices(), 28);
        assertEquals(CX, pivot[0], 1e-3);
        assertEquals(CY, pivot[1], 1e-3);
    }

    @Test
    void fewerThanSixTicks_leaveThePivotWhereItIs() {
        Conic ring = ring();
        double[][] t = ticks();
        double[] start = {CX + 3, CY - 2};
        double[] pivot = EvenTicks.pivot(ring, ring.ellipse(), start, t[0], t[1], indices(), 5);
        assertEquals(start[0], pivot[0], 0);
        assertEquals(start[1], pivot[1], 0);
    }
}
