package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterreader.frame.Detection;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginalPointerReaderTest {

    private final PointerReader original = PointerReader.original();

    @Test
    void uprightDial_readsWithinAPercent() {
        GaugeMeasurement m = original.read(Drawing.dial(320, 135, 270, 50, 0.37), 320, 320);
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(0.37, m.fraction(), 0.01);
        assertEquals("original", ((PointerDiagnostics) m.diagnostics()).method());
    }

    @Test
    void dialWithItsOpenSectorAtTheTop_readsWrong_becauseItsStripStartsStraightDown() {
        GaugeMeasurement m = original.read(Drawing.dial(320, 315, 270, 50, 0.37), 320, 320);
        assertTrue(!m.isOk() || Math.abs(m.fraction() - 0.37) > 0.1, "read " + m.fraction());
    }

    @Test
    void pointerBeforeTheFirstTick_isClampedToZero_neverOutOfRange() {
        GaugeMeasurement m = original.read(Drawing.dial(320, 135, 270, 50, -0.08), 320, 320);
        assertEquals(ReadingStatus.OK, m.status());
        assertEquals(0.0, m.fraction());
    }

    @Test
    void ringSmallerThanFortyPixels_isScaleNotFound() {
        assertEquals(ReadingStatus.SCALE_NOT_FOUND, original.read(Drawing.dial(90, 135, 270, 20, 0.5), 90, 90).status());
    }

    @Test
    void missingMasks_areNamedByStatus() {
        assertEquals(ReadingStatus.POINTER_NOT_FOUND,
                original.read(Drawing.ticks(320, 135, 270, 50), 320, 320).status());
        List<Detection> pointerOnly = new ArrayList<>();
        pointerOnly.add(Drawing.needle(320, 160, 160, 20, 120, 3, 0));
        assertEquals(ReadingStatus.SCALE_NOT_FOUND, original.read(pointerOnly, 320, 320).status());
    }

    @Test
    void positionOnScale_countsEveryTickIntervalTheSame() {
        assertEquals(0.625, OriginalPointerReader.positionOnScale(25, List.of(0.0, 10.0, 20.0, 30.0, 40.0)), 1e-12);
        assertEquals(0.0, OriginalPointerReader.positionOnScale(-3, List.of(0.0, 10.0)), 1e-12);
        assertEquals(1.0, OriginalPointerReader.positionOnScale(13, List.of(0.0, 10.0)), 1e-12);
    }
}
