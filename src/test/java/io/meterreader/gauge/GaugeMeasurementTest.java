package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import org.junit.jupiter.api.Test;

class GaugeMeasurementTest {

    @Test
    void okMeasurement_needsAFractionOnTheScale() {
        assertThrows(IllegalArgumentException.class,
                () -> new GaugeMeasurement(GaugeType.POINTER, ReadingStatus.OK, null, 0.9, null));
        assertThrows(IllegalArgumentException.class, () -> GaugeMeasurement.ok(GaugeType.POINTER, 1.2, 0.9, null));
    }

    @Test
    void failedMeasurement_carriesNoFraction() {
        assertThrows(IllegalArgumentException.class,
                () -> new GaugeMeasurement(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, 1.2, 0.9, null));
        assertThrows(IllegalArgumentException.class,
                () -> GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.OK, 0.9, null));
        GaugeMeasurement m = GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.NOT_DETECTED);
        assertFalse(m.isOk());
        assertFalse(m.optionalFraction().isPresent());
        assertEquals(0, m.confidence());
    }

    @Test
    void confidence_isAShare() {
        assertThrows(IllegalArgumentException.class, () -> GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 1.5, null));
    }
}
