package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickBandTest {

    private static final int SIZE = 320;
    private static final double C = SIZE / 2.0;
    /** The drawing puts pixel centres at +0.5; the readers count pixels from 0. */
    private static final double PIVOT = C - 0.5;

    private static Blob piece(double[][] polygon) {
        return BlobFinder.blobs(Drawing.detection(PointerReader.SCALE_CLASS, "scale", 0.9, SIZE, SIZE, polygon)).get(0);
    }

    @Test
    void tickCutShort_numeralInside_andArcAcross_areToldApart() {
        List<Blob> pieces = new ArrayList<>();
        for (int k = 0; k <= 20; k++) {
            pieces.add(piece(Drawing.ray(C, C, 135 + 13.5 * k, 100, 115, 2.5, 2.5)));
        }
        int ring = pieces.size();
        // What a pipe across the dial leaves of a tick: its inner half.
        pieces.add(piece(Drawing.ray(C, C, 135 + 13.5 * 21, 100, 107, 2.5, 2.5)));
        // A numeral inside the ticks, and a coloured arc along them (a short stroke across the radius).
        pieces.add(piece(Drawing.ray(C, C, 200, 78, 88, 8, 8)));
        double a = Math.toRadians(30);
        double[] foot = {C + 108 * Math.cos(a), C + 108 * Math.sin(a)};
        pieces.add(piece(new double[][] {
            {foot[0] - 12 * Math.sin(a) - 1.5 * Math.cos(a), foot[1] + 12 * Math.cos(a) - 1.5 * Math.sin(a)},
            {foot[0] + 12 * Math.sin(a) - 1.5 * Math.cos(a), foot[1] - 12 * Math.cos(a) - 1.5 * Math.sin(a)},
            {foot[0] + 12 * Math.sin(a) + 1.5 * Math.cos(a), foot[1] - 12 * Math.cos(a) + 1.5 * Math.sin(a)},
            {foot[0] - 12 * Math.sin(a) + 1.5 * Math.cos(a), foot[1] + 12 * Math.cos(a) + 1.5 * Math.sin(a)}}));
        boolean[] inlier = new boolean[pieces.size()];
        for (int i = 0; i < ring; i++) {
            inlier[i] = true;
        }

        TickBand band = TickBand.of(pieces, inlier, Homography.translation(0, 0), PIVOT, PIVOT, 1);

        for (int i = 0; i < ring; i++) {
            assertTrue(band.member[i], "tick " + i);
        }
        assertTrue(band.member[ring], "the tick cut short");
        assertFalse(band.member[ring + 1], "the numeral");
        assertFalse(band.member[ring + 2], "the arc");
    }
}
