package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PointerAxisTest {

    private static final int SIZE = 320;
    private static final double C = SIZE / 2.0;
    /** The drawing puts pixel centres at +0.5; the readers count pixels from 0. */
    private static final double PIVOT = C - 0.5;

    private static double angleOf(PointerAxis axis) {
        return Geometry.normalizeDegrees(Math.toDegrees(Math.atan2(axis.dy, axis.dx)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 13.7, 91.2, 178.4, 237.9, 333.3})
    void needle_givesItsAngleToAFifthOfADegree(double degrees) {
        Detection needle = Drawing.needle(SIZE, C, C, degrees, 110, 3, 0);
        PointerAxis axis = PointerAxis.find(List.of(needle), PIVOT, PIVOT, 130);
        assertNotNull(axis);
        assertEquals(0, Math.IEEEremainder(angleOf(axis) - degrees, 360), 0.2);
    }

    @Test
    void tail_doesNotFlipTheTip() {
        Detection needle = Drawing.needle(SIZE, C, C, 40, 100, 3, 35);
        PointerAxis axis = PointerAxis.find(List.of(needle), PIVOT, PIVOT, 130);
        assertEquals(40, angleOf(axis), 0.2);
        assertEquals(35, axis.tailLength, 1.5);
        assertEquals(100, axis.length(), 1.5);
    }

    @Test
    void secondPointerOnThePivot_isARival_aTailOrASpeckIsNot() {
        Detection needle = Drawing.needle(SIZE, C, C, 40, 100, 3, 35);
        assertEquals(0, PointerAxis.find(List.of(needle), PIVOT, PIVOT, 130).rival, 1e-12);
        // A drag pointer as long, at another angle, even as a detection less than half as sure.
        Detection drag = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.4, SIZE, SIZE,
                Drawing.ray(C, C, 130, 0, 100, 3, 3));
        PointerAxis withDrag = PointerAxis.find(List.of(needle, drag), PIVOT, PIVOT, 130);
        assertEquals(40, angleOf(withDrag), 0.2);
        assertEquals(0.4 / 0.9, withDrag.rival, 0.1);
        Detection sureDrag = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, SIZE, SIZE,
                Drawing.ray(C, C, 130, 0, 95, 3, 3));
        assertTrue(PointerAxis.find(List.of(needle, sureDrag), PIVOT, PIVOT, 130).rival > 0.8);
        // A speck of pointer mask off the needle's line.
        Detection speck = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, SIZE, SIZE,
                Drawing.ray(C, C, 200, 60, 66, 3, 3));
        assertTrue(PointerAxis.find(List.of(needle, speck), PIVOT, PIVOT, 130).rival
                < RectifiedPointerReader.RIVAL_FREE);
        // A piece on the needle's own line beyond a gap wider than is bridged: not a second pointer.
        Detection beyond = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, SIZE, SIZE,
                Drawing.ray(C, C, 40, 125, 150, 3, 3));
        PointerAxis broken = PointerAxis.find(List.of(needle, beyond), PIVOT, PIVOT, 130);
        assertEquals(1, broken.pieces);
        assertEquals(0, broken.rival, 1e-12);
    }

    @Test
    void needleAndTailParted_byTheHoleOfTheCap_areOnePointer() {
        // The cap hides 14 pixels either side of the pivot, more than the widest break bridged elsewhere.
        Detection needle = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, SIZE, SIZE,
                Drawing.ray(C, C, 40, 14, 100, 4, 2));
        Detection tail = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, SIZE, SIZE,
                Drawing.ray(C, C, 220, 14, 30, 4, 4));
        PointerAxis axis = PointerAxis.find(List.of(needle, tail), PIVOT, PIVOT, 130);
        assertEquals(2, axis.pieces);
        assertEquals(40, angleOf(axis), 0.2);
        assertEquals(30, axis.tailLength, 1.5);
    }

    @Test
    void needleBrokenIntoTwoDetections_isJoinedWhole() {
        double[][] inner = Drawing.ray(C, C, 120, 0, 50, 3, 3);
        double[][] outer = Drawing.ray(C, C, 120, 54, 110, 3, 3);
        Detection a = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, SIZE, SIZE, inner);
        Detection b = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.8, SIZE, SIZE, outer);
        PointerAxis axis = PointerAxis.find(List.of(a, b), PIVOT, PIVOT, 130);
        assertEquals(2, axis.pieces);
        assertEquals(110, axis.length(), 1.5);
        assertEquals(120, angleOf(axis), 0.1);
    }

    @Test
    void falseBlobAcrossThePivot_isLeftOut() {
        Detection needle = Drawing.needle(SIZE, C, C, 300, 100, 3, 0);
        // A blob on the needle's line, beyond the pivot and farther out than the tip.
        Detection blob = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.8, SIZE, SIZE,
                Drawing.ray(C, C, 120, 112, 125, 6, 6));
        PointerAxis axis = PointerAxis.find(List.of(needle, blob), PIVOT, PIVOT, 130);
        assertEquals(300, angleOf(axis), 0.2);
        assertEquals(1, axis.pieces);
    }

    @Test
    void muchLessConfidentDetection_takesNoPart() {
        Detection needle = Drawing.needle(SIZE, C, C, 200, 100, 3, 0);
        Detection weak = new Detection(PointerReader.POINTER_CLASS, "pointer", 0.3,
                Drawing.needle(SIZE, C, C, 20, 125, 3, 0).box(), Drawing.needle(SIZE, C, C, 20, 125, 3, 0).mask());
        PointerAxis axis = PointerAxis.find(List.of(needle, weak), PIVOT, PIVOT, 130);
        assertEquals(200, angleOf(axis), 0.2);
    }

    @Test
    void emptyMask_isNoPointer() {
        Detection empty = new Detection(PointerReader.POINTER_CLASS, "pointer", 0.9,
                new io.meterreader.frame.BoundingBox(10, 10, 5, 5), Mask.empty(SIZE, SIZE));
        assertNull(PointerAxis.find(List.of(empty), PIVOT, PIVOT, 130));
    }
}
