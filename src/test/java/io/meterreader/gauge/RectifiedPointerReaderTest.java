package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RectifiedPointerReaderTest {

    private final PointerReader reader = PointerReader.standard();

    @Test
    void faceOnDial_readsThePointer_andSaysWhatItFound() {
        GaugeMeasurement m = reader.read(Drawing.dial(320, 135, 270, 50, 0.37), 320, 320);
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(GaugeType.POINTER, m.type());
        assertEquals(0.37, m.fraction(), 0.002);
        assertTrue(m.confidence() > 0.8, "confidence " + m.confidence());
        PointerDiagnostics d = (PointerDiagnostics) m.diagnostics();
        assertEquals("rectified", d.method());
        assertEquals(51, d.tickCount());
        assertEquals(50, d.tickIntervals());
        assertEquals(159.5, d.center().x(), 0.5);
        assertEquals(159.5, d.center().y(), 0.5);
        assertEquals(135, d.firstTickAngle(), 0.5);
        assertEquals(45, d.lastTickAngle(), 0.5);
        assertEquals(135 + 0.37 * 270, d.pointerAngle(), 0.5);
        assertNotNull(d.ring());
        assertTrue(d.agreement() < 0.01);
    }

    @Test
    void firstTwoTicksHidden_scaleStillStartsOnTheMajorBeforeThem() {
        // 50 intervals, every fifth tick long; a tag hides ticks 0 and 1, so the first tick seen is a minor.
        List<Detection> segments = new ArrayList<>(Drawing.ticks(320, 135, 270, 50).subList(2, 51));
        segments.add(Drawing.needle(320, 160, 160, 135 + 0.37 * 270, 0.35 * 320, 3, 0));
        GaugeMeasurement m = reader.read(segments, 320, 320);
        assertEquals(0.37, m.fraction(), 0.002);
        assertEquals(50, ((PointerDiagnostics) m.diagnostics()).tickIntervals());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 77, 190, 260, 333})
    void rotatedDial_readsTheSame(double rotation) {
        GaugeMeasurement m = reader.read(Drawing.dial(320, 135 + rotation, 240, 40, 0.81), 320, 320);
        assertEquals(0.81, m.fraction(), 0.002);
    }

    @Test
    void noPointerMask_isPointerNotFound() {
        List<Detection> ticksOnly = Drawing.ticks(320, 135, 270, 50);
        GaugeMeasurement m = reader.read(ticksOnly, 320, 320);
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, m.status());
        assertNull(m.fraction());
    }

    @Test
    void pointerDetectionWithoutMask_isPointerNotFound() {
        List<Detection> segments = new ArrayList<>(Drawing.ticks(320, 135, 270, 50));
        segments.add(new Detection(PointerReader.POINTER_CLASS, "pointer", 0.9, new BoundingBox(150, 150, 20, 80)));
        assertEquals(ReadingStatus.POINTER_NOT_FOUND, reader.read(segments, 320, 320).status());
    }

    @Test
    void fewerThanThreeTicks_isScaleNotFound() {
        List<Detection> segments = new ArrayList<>(Drawing.ticks(320, 135, 270, 1));
        segments.add(Drawing.needle(320, 160, 160, 200, 110, 3, 0));
        assertEquals(2, segments.size() - 1);
        GaugeMeasurement m = reader.read(segments, 320, 320);
        assertEquals(ReadingStatus.SCALE_NOT_FOUND, m.status());
        assertNull(m.fraction());
    }

    @Test
    void pointerDeepInTheOpenSector_isOutOfRange_withItsPositionInTheDiagnostics() {
        GaugeMeasurement m = reader.read(Drawing.dial(320, 135, 270, 50, -0.12), 320, 320);
        assertEquals(ReadingStatus.OUT_OF_RANGE, m.status());
        assertNull(m.fraction());
        assertEquals(-0.12, ((PointerDiagnostics) m.diagnostics()).rawFraction(), 0.003);
    }

    @Test
    void pointerJustPastAnEnd_isClampedToTheEnd() {
        assertEquals(1.0, reader.read(Drawing.dial(320, 135, 270, 50, 1.012), 320, 320).fraction());
        assertEquals(0.0, reader.read(Drawing.dial(320, 135, 270, 50, -0.012), 320, 320).fraction());
    }

    @Test
    void detectionsOfOtherClasses_areIgnored() {
        List<Detection> segments = new ArrayList<>(Drawing.dial(320, 135, 270, 50, 0.5));
        Detection stray = Drawing.needle(320, 160, 160, 10, 100, 3, 0);
        segments.add(new Detection(7, "other", 0.99, stray.box(), stray.mask()));
        assertEquals(0.5, reader.read(segments, 320, 320).fraction(), 0.002);
    }

    @Test
    void crop_widensTheGaugeBoxByATenthOnEachSide_roundedOutAndClippedToTheFrame() {
        assertEquals(new BoundingBox(90, 180, 121, 121),
                PointerReader.crop(new BoundingBox(100.5, 190.5, 100, 100), 640, 480));
        assertEquals(new BoundingBox(0, 0, 57, 47), PointerReader.crop(new BoundingBox(2, 3, 50, 40), 640, 480));
        assertEquals(new BoundingBox(585, 425, 55, 55), PointerReader.crop(new BoundingBox(590, 430, 50, 50), 640, 480));
        assertNull(PointerReader.crop(new BoundingBox(700, 500, 20, 20), 640, 480));
    }

    @Test
    void affineRectification_readsAFaceOnDialAlike() {
        PointerReader affine = new RectifiedPointerReader(RectifiedPointerReader.Rectification.AFFINE);
        assertEquals(0.62, affine.read(Drawing.dial(320, 120, 300, 60, 0.62), 320, 320).fraction(), 0.002);
    }

    @Test
    void dragPointerBesideTheNeedle_isHeldBack() {
        GaugeMeasurement alone = reader.read(Drawing.dial(320, 135, 270, 50, 0.37), 320, 320);
        List<Detection> segments = new ArrayList<>(Drawing.dial(320, 135, 270, 50, 0.37));
        segments.add(Drawing.needle(320, 160, 160, 135 + 0.8 * 270, 0.35 * 320, 3, 0));

        GaugeMeasurement dragged = reader.read(segments, 320, 320);

        assertTrue(alone.confidence() > ScaleMapping.DEFAULT_MIN_CONFIDENCE, "alone " + alone.confidence());
        assertTrue(dragged.confidence() < ScaleMapping.DEFAULT_MIN_CONFIDENCE, "with a drag pointer " + dragged.confidence());
        assertEquals(0, ((PointerDiagnostics) dragged.diagnostics()).evidence().single(), 0.2);
    }
}
