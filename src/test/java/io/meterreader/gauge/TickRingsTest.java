package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickRingsTest {

    private static final int SIZE = 320;
    private static final double C = SIZE / 2.0;
    private static final double[] PIVOT = {C - 0.5, C - 0.5};

    /**
     * A dual-scale dial: the main scale outside (50 intervals over 270 degrees, every fifth tick
     * long), a second one just inside it with more ticks and another pitch (60 intervals over 252
     * degrees) and a pointer at {@code fraction} of the main one. Fitted as one, the two rings
     * gave a scale of 198 intervals.
     */
    private static List<Detection> dualScale(double fraction) {
        List<Detection> out = new ArrayList<>(Drawing.ticks(SIZE, 135, 270, 50));
        for (int k = 0; k <= 60; k++) {
            double r1 = 0.34 * SIZE;
            out.add(Drawing.tick(SIZE, C, C, 140 + 252.0 * k / 60, r1 - (k % 2 == 0 ? 0.05 : 0.03) * SIZE, r1, 2.5));
        }
        out.add(Drawing.needle(SIZE, C, C, 135 + fraction * 270, 0.44 * SIZE, 3, 0));
        return out;
    }

    private static List<Blob> pieces(List<Detection> segments) {
        List<Blob> pieces = new ArrayList<>();
        for (Detection d : SegmentMasks.ofClass(segments, PointerReader.SCALE_CLASS)) {
            pieces.addAll(BlobFinder.blobs(d));
        }
        return pieces;
    }

    @Test
    void secondScaleInside_isLeftOut_andTheMainScaleIsRead() {
        List<Blob> pieces = pieces(dualScale(0.37));
        boolean[] all = new boolean[pieces.size()];
        Arrays.fill(all, true);
        double[][][] ends = RingFit.ends(pieces, PIVOT);
        boolean[] outer = TickRings.outer(ends, all, pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            // The main scale's 51 ticks come first; the second scale's 61 after them.
            assertEquals(i < 51, outer[i], "piece " + i);
        }
        for (double fraction : new double[] {0.12, 0.37, 0.81}) {
            GaugeMeasurement m = PointerReader.standard().read(dualScale(fraction), SIZE, SIZE);
            assertEquals(ReadingStatus.OK, m.status(), "at " + fraction);
            assertEquals(fraction, m.fraction(), 0.003, "at " + fraction);
            PointerDiagnostics d = (PointerDiagnostics) m.diagnostics();
            assertEquals(50, d.tickIntervals());
            assertTrue(m.confidence() > ScaleMapping.DEFAULT_MIN_CONFIDENCE, "confidence " + m.confidence());
        }
    }

    @Test
    void oneScaleOfLongAndShortTicks_isOneRing() {
        // Long and short ticks share their outer ends, so their centroids lie at two radii.
        List<Detection> segments = new ArrayList<>();
        for (int k = 0; k <= 40; k++) {
            double r1 = 0.42 * SIZE;
            segments.add(Drawing.tick(SIZE, C, C, 135 + 270.0 * k / 40, r1 - (k % 2 == 0 ? 0.16 : 0.03) * SIZE, r1, 2.5));
        }
        // And a dial whose long ticks reach outwards instead: they share their inner ends.
        List<Detection> outward = new ArrayList<>();
        for (int k = 0; k <= 40; k++) {
            double r0 = 0.30 * SIZE;
            outward.add(Drawing.tick(SIZE, C, C, 135 + 270.0 * k / 40, r0, r0 + (k % 2 == 0 ? 0.14 : 0.03) * SIZE, 2.5));
        }
        for (List<Detection> dial : List.of(segments, outward)) {
            List<Blob> pieces = pieces(dial);
            boolean[] all = new boolean[pieces.size()];
            Arrays.fill(all, true);
            double[][][] ends = RingFit.ends(pieces, PIVOT);
            assertSame(all, TickRings.outer(ends, all, pieces.size()));
        }
    }

    @Test
    void tooFewTicksOnTheInnerRing_isNoSecondRing() {
        List<Detection> segments = new ArrayList<>(Drawing.ticks(SIZE, 135, 270, 50));
        for (int k = 0; k < TickRings.MIN_TICKS - 1; k++) {
            segments.add(Drawing.tick(SIZE, C, C, 140 + 36.0 * k, 0.26 * SIZE, 0.31 * SIZE, 2.5));
        }
        List<Blob> pieces = pieces(segments);
        boolean[] all = new boolean[pieces.size()];
        Arrays.fill(all, true);
        double[][][] ends = RingFit.ends(pieces, PIVOT);
        boolean[] outer = TickRings.outer(ends, all, pieces.size());
        assertSame(all, outer);
        assertFalse(outer.length < pieces.size());
    }
}
