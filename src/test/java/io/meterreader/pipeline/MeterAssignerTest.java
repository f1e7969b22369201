package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.GaugeMeasurement;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterAssignerTest {

    private static MeterCalibration meter(String id, GaugeType type, int x, int y, int w, int h) {
        return new MeterCalibration(id, "cam1", type, new MeterCalibration.Region(x, y, w, h),
                new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1, null, 0.5, null, id + ".yaml");
    }

    private static FoundGauge gauge(GaugeType type, double x, double y, double w, double h) {
        return new FoundGauge(type, new BoundingBox(x, y, w, h), 0.9, GaugeMeasurement.ok(type, 0.5, 0.9, null), null);
    }

    @Test
    void gaugesGoToTheMeterWhoseRegionTheyOverlap_whateverTheirOrder() {
        MeterCalibration left = meter("left", GaugeType.POINTER, 0, 0, 100, 100);
        MeterCalibration right = meter("right", GaugeType.POINTER, 200, 0, 100, 100);
        FoundGauge g1 = gauge(GaugeType.POINTER, 205, 5, 90, 90);
        FoundGauge g2 = gauge(GaugeType.POINTER, 5, 5, 90, 90);

        var a = MeterAssigner.assign(List.of(left, right), List.of(g1, g2));

        assertThat(a.byMeter()).containsEntry(left, g2).containsEntry(right, g1);
        assertThat(a.uncalibrated()).isEmpty();
    }

    @Test
    void missedDetection_leavesOnlyThatMeterEmpty() {
        MeterCalibration left = meter("left", GaugeType.POINTER, 0, 0, 100, 100);
        MeterCalibration right = meter("right", GaugeType.POINTER, 200, 0, 100, 100);
        FoundGauge g = gauge(GaugeType.POINTER, 205, 5, 90, 90);

        var a = MeterAssigner.assign(List.of(left, right), List.of(g));

        assertThat(a.byMeter()).containsOnlyKeys(right);
    }

    @Test
    void typeMustMatch() {
        MeterCalibration tank = meter("tank", GaugeType.LEVEL, 0, 0, 100, 300);
        FoundGauge dial = gauge(GaugeType.POINTER, 10, 10, 80, 80);

        var a = MeterAssigner.assign(List.of(tank), List.of(dial));

        assertThat(a.byMeter()).isEmpty();
        assertThat(a.uncalibrated()).containsExactly(dial);
    }

    @Test
    void twoGaugesInOneRegion_meterTakesTheOneMostInside_otherIsUncalibrated() {
        MeterCalibration m = meter("m", GaugeType.POINTER, 0, 0, 100, 100);
        FoundGauge inside = gauge(GaugeType.POINTER, 10, 10, 80, 80);
        FoundGauge halfOut = gauge(GaugeType.POINTER, 60, 10, 80, 80);

        var a = MeterAssigner.assign(List.of(m), List.of(halfOut, inside));

        assertThat(a.byMeter()).containsEntry(m, inside);
        assertThat(a.uncalibrated()).containsExactly(halfOut);
    }

    @Test
    void smallOverlap_isNotEnough() {
        MeterCalibration m = meter("m", GaugeType.POINTER, 0, 0, 100, 100);
        FoundGauge barely = gauge(GaugeType.POINTER, 90, 0, 100, 100);

        assertThat(MeterAssigner.assign(List.of(m), List.of(barely)).byMeter()).isEmpty();
    }

    @Test
    void uncalibratedId_isStableForSmallMoves() {
        FoundGauge a = gauge(GaugeType.POINTER, 600, 300, 100, 100);
        FoundGauge b = gauge(GaugeType.POINTER, 601, 302, 101, 99);

        assertThat(MeterAssigner.uncalibratedId("cam1", a, 1280, 720))
                .isEqualTo(MeterAssigner.uncalibratedId("cam1", b, 1280, 720))
                .isEqualTo("cam1:pointer@50,48");
    }
}
