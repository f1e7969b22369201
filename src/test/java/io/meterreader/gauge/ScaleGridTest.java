package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScaleGridTest {

    /** Tick angles (radians) for the given tick indices on a grid from start with the pitch (degrees). */
    private static double[] angles(double startDegrees, double pitchDegrees, int... indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = Math.toRadians(startDegrees + pitchDegrees * indices[i]);
        }
        return out;
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static ScaleGrid fit(double[] phi) {
        int n = phi.length;
        return ScaleGrid.fit(phi, new double[n], new boolean[n], new boolean[n], new boolean[n], n);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 47, 135, 200, 331})
    void openSector_findsTheFirstTickWhateverTheRotation(double start) {
        ScaleGrid grid = fit(angles(start, 10, range(0, 27)));
        assertEquals(27, grid.intervals);
        assertEquals(Geometry.normalizeDegrees(start), Math.toDegrees(grid.start), 1e-9);
        assertEquals(Math.toRadians(10), grid.pitch, 1e-12);
    }

    @Test
    void missingTicks_leaveGapsInTheIndices_notInTheCount() {
        ScaleGrid grid = fit(angles(135, 9, 0, 1, 2, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 26, 27, 28, 30));
        assertEquals(30, grid.intervals);
        assertArrayEquals(new int[] {0, 1, 2, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 26, 27, 28, 30},
                grid.indices);
    }

    @Test
    void loneBlobInTheOpenSector_isNotTheFirstTick() {
        double[] ticks = angles(100, 10, range(0, 24));
        double[] withBlob = Arrays.copyOf(ticks, ticks.length + 1);
        withBlob[ticks.length] = Math.toRadians(100 + 10 * 24 + 60);
        ScaleGrid grid = fit(withBlob);
        assertEquals(24, grid.intervals);
        assertEquals(100, Math.toDegrees(grid.start), 1e-9);
    }

    @Test
    void hiddenTicksWiderThanTheOpenSector_keepToTheGrid_soTheGapThatBreaksItIsTheOpenSector() {
        // 24 intervals of 11 degrees from 100: the open sector is 96 degrees, 8.7 pitches; ticks 3
        // to 11 hidden leave a gap of 9 whole pitches, 99 degrees, inside the scale.
        int[] visible = {0, 1, 2, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        ScaleGrid grid = fit(angles(100, 11, visible));
        assertEquals(24, grid.intervals);
        assertEquals(100, Math.toDegrees(grid.start), 1e-9);
    }

    @Test
    void doubtfulEndFragment_noFartherOutThanTheScalesOwnGaps_staysOnTheScale() {
        // A coarse mask: the minor ticks mostly lost, the last major a doubtful fragment 5 pitches out.
        double[] phi = angles(100, 8, 0, 1, 2, 5, 10, 11, 15, 20, 25);
        boolean[] doubtful = new boolean[phi.length];
        doubtful[phi.length - 1] = true;
        ScaleGrid grid = ScaleGrid.fit(phi, new double[phi.length], doubtful, new boolean[phi.length],
                new boolean[phi.length], phi.length);
        assertEquals(25, grid.intervals);
    }

    @Test
    void doubtfulTickApart_isDroppedFromTheEnd() {
        double[] phi = angles(100, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13);
        boolean[] doubtful = new boolean[phi.length];
        doubtful[phi.length - 1] = true;
        ScaleGrid grid = ScaleGrid.fit(phi, new double[phi.length], doubtful, new boolean[phi.length],
                new boolean[phi.length], phi.length);
        assertEquals(10, grid.intervals);
    }

    @Test
    void twoPiecesAtOneTick_keepTheOneOnTheRing() {
        double[] phi = angles(0, 10, range(0, 12));
        double[] withPiece = Arrays.copyOf(phi, phi.length + 1);
        withPiece[phi.length] = phi[5] + Math.toRadians(1.5);
        double[] offRing = new double[withPiece.length];
        offRing[5] = 0.3;
        ScaleGrid grid = ScaleGrid.fit(withPiece, offRing, new boolean[withPiece.length],
                new boolean[withPiece.length], new boolean[withPiece.length], withPiece.length);
        assertEquals(12, grid.intervals);
        assertEquals(13, grid.size());
        assertEquals(Math.toRadians(51.5), grid.angles[5], 1e-9);
    }

    @Test
    void interiorGapRivallingTheOpenSector_losesToTheGapBetweenMajors() {
        // 16 intervals of 18 degrees (288 degrees, open sector 72); ticks 7, 8, 9 missing make a
        // 72-degree gap inside the scale; majors every fourth tick.
        List<Integer> present = new ArrayList<>();
        for (int k = 0; k <= 16; k++) {
            if (k < 7 || k > 9) {
                present.add(k);
            }
        }
        int[] indices = present.stream().mapToInt(Integer::intValue).toArray();
        double[] phi = angles(126, 18, indices);
        boolean[] major = new boolean[phi.length];
        for (int i = 0; i < indices.length; i++) {
            major[i] = indices[i] % 4 == 0;
        }
        ScaleGrid grid = ScaleGrid.fit(phi, new double[phi.length], new boolean[phi.length], major,
                new boolean[phi.length], phi.length);
        assertEquals(16, grid.intervals);
        assertEquals(126, Math.toDegrees(grid.start), 1e-9);
    }

    @Test
    void pitch_isTheLargestThatExplainsEveryGap() {
        List<Integer> run = List.of(0, 1, 2, 3, 4, 5);
        double[] psi = {0, 0.2, 0.6, 0.8, 1.2, 1.4};
        assertEquals(0.2, ScaleGrid.fundamentalPitch(run, psi), 1e-12);
    }

    @Test
    void position_interpolatesOnTheLocalGridDespiteSmoothDistortion() {
        // Tick k at 8k degrees plus a slow wobble of up to 2 degrees, as a residual tilt leaves.
        int n = 31;
        double[] phi = new double[n];
        for (int k = 0; k < n; k++) {
            phi[k] = Math.toRadians(8 * k + 2 * Math.sin(k / 6.0));
        }
        ScaleGrid grid = fit(phi);
        double halfway = (phi[17] + phi[18]) / 2 - phi[0];
        assertEquals(17.5, grid.position(halfway), 0.01);
        assertEquals(30, grid.intervals);
    }

    @Test
    void fewerThanThreeTicks_makeNoGrid() {
        assertNull(fit(angles(0, 10, 0, 1)));
    }
}
