package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Mask;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.ScaleMapping;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pointer meter calibrated with scale marks is read from its pointer against them, in the frame's pixels. */
class MarkedMeterTest {

    private static final MeterCalibration.Point PIVOT = new MeterCalibration.Point(500, 300);

    private static MeterCalibration meter(MeterCalibration.ScaleMarks marks, boolean counterclockwise) {
        return new MeterCalibration("boiler", "cam1", GaugeType.POINTER, new MeterCalibration.Region(380, 180, 240, 240),
                new MeterCalibration.Range(0, 10, "bar"), List.of(), null, 1, null, 0.5, null, "boiler.yaml",
                counterclockwise, marks);
    }

    /** A dial whose tick reader failed, its pointer (straight up from the pivot) in a crop at (400, 200). */
    private static FoundGauge dial() {
        Mask mask = Mask.empty(200, 200);
        for (int y = 20; y < 100; y++) {
            for (int x = 98; x < 102; x++) {
                mask.set(x, y, true);
            }
        }
        Detection pointer = new Detection(0, "pointer", 0.9, new BoundingBox(98, 20, 4, 80), mask);
        return new FoundGauge(GaugeType.POINTER, new BoundingBox(400, 200, 200, 200), 0.95,
                GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND), null, List.of(),
                List.of(new MarkedPointerReader.View(List.of(pointer), 400, 200, 0)));
    }

    @Test
    void aMeterWithScaleMarks_isReadFromItsPointer_whereTheTickReaderFoundNoScale() {
        // min at the left (180 degrees), max at the right: straight up is half way, clockwise
        MeterCalibration.ScaleMarks marks = new MeterCalibration.ScaleMarks(PIVOT,
                new MeterCalibration.Point(420, 300), new MeterCalibration.Point(580, 300));

        FoundGauge read = InferenceStage.marked(meter(marks, false), dial());

        assertThat(read.status()).isEqualTo(ReadingStatus.OK);
        assertThat(read.fraction()).isCloseTo(0.5, within(0.002));
        assertThat(read.needle()[0]).isEqualTo(500);
        assertThat(read.needle()[3]).isLessThan(300);
        assertThat(read.ticks()).containsExactly(new ImagePoint(420, 300), new ImagePoint(580, 300));
    }

    @Test
    void counterclockwise_theValueGrowsFromTheMinMarkTheOtherWayRound() {
        // min at the right, max at the bottom: counter-clockwise, 270 degrees by the top and the
        // left; the pointer straight up is a third of the way (clockwise it would be off the scale)
        MeterCalibration.ScaleMarks marks = new MeterCalibration.ScaleMarks(PIVOT,
                new MeterCalibration.Point(580, 300), new MeterCalibration.Point(500, 380));
        MeterCalibration counterclockwise = meter(marks, true);

        FoundGauge read = InferenceStage.marked(counterclockwise, dial());
        var reading = ScaleMapping.of(counterclockwise).toReading(read.measurement(), "boiler", "cam1", Instant.EPOCH,
                Instant.EPOCH);

        assertThat(reading.status()).isEqualTo(ReadingStatus.OK);
        assertThat(reading.value()).isCloseTo(10 / 3.0, within(0.02));
        assertThat(InferenceStage.marked(meter(marks, false), dial()).status()).isEqualTo(ReadingStatus.OUT_OF_RANGE);
    }

    @Test
    void aMeterWithoutMarks_keepsTheTickReadersReading() {
        FoundGauge gauge = dial();

        assertThat(InferenceStage.marked(meter(null, false), gauge)).isSameAs(gauge);
        assertThat(InferenceStage.marked(meter(null, false), null)).isNull();
    }
}
