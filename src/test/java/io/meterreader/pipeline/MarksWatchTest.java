package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.GaugeMeasurement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarksWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final MeterCalibration.Point P = new MeterCalibration.Point(50, 50);
    private static final MeterCalibration METER = new MeterCalibration("boiler", "cam1", GaugeType.POINTER,
            new MeterCalibration.Region(0, 0, 100, 100), new MeterCalibration.Range(0, 10, "bar"), List.of(), null, 1,
            null, 0.5, null, "boiler.yaml", false,
            new MeterCalibration.ScaleMarks(P, new MeterCalibration.Point(20, 80), new MeterCalibration.Point(80, 80)));

    private static FoundGauge dial(double fraction, double confidence) {
        return new FoundGauge(GaugeType.POINTER, new BoundingBox(0, 0, 100, 100), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, fraction, confidence, null), null);
    }

    @Test
    void sureTicksDisagreeingThreeFramesRunning_warnOnce_thenAgainAfterTenMinutes() {
        MarksWatch watch = new MarksWatch();

        Optional<String> first = watch.check(METER, dial(0.30, 0.9), dial(0.40, 0.8), T0);
        Optional<String> second = watch.check(METER, dial(0.30, 0.9), dial(0.40, 0.8), T0.plusSeconds(1));
        Optional<String> third = watch.check(METER, dial(0.30, 0.9), dial(0.40, 0.8), T0.plusSeconds(2));
        Optional<String> fourth = watch.check(METER, dial(0.30, 0.9), dial(0.40, 0.8), T0.plusSeconds(3));
        Optional<String> later = watch.check(METER, dial(0.30, 0.9), dial(0.40, 0.8),
                T0.plus(MarksWatch.REPEAT).plusSeconds(3));

        assertThat(first).isEmpty();
        assertThat(second).isEmpty();
        assertThat(third).hasValueSatisfying(w -> assertThat(w).contains("boiler").contains("40.0%").contains("30.0%")
                .contains("/marks.html?camera=cam1"));
        assertThat(fourth).isEmpty();
        assertThat(later).isPresent();
    }

    @Test
    void aMarkedReadingOutOfRange_whereSureTicksReadThePointerOnTheScale_saysTheMarksMayBeInTheWrongOrder() {
        MarksWatch watch = new MarksWatch();
        // min and max clicked the other way round: the pointer at 65% by its ticks is at -105% by the marks
        FoundGauge beyond = new FoundGauge(GaugeType.POINTER, new BoundingBox(0, 0, 100, 100), 0.9,
                GaugeMeasurement.failed(GaugeType.POINTER, io.meterreader.frame.ReadingStatus.OUT_OF_RANGE, 0.96,
                        new io.meterreader.gauge.PointerDiagnostics(null, null, null, null, null, null, null, null,
                                null, null, 0, -1.051, 0, null)), null);
        Optional<String> said = Optional.empty();
        for (int i = 0; i < MarksWatch.STRIKES; i++) {
            said = watch.check(METER, dial(0.649, 0.9), beyond, T0.plusSeconds(i));
        }
        assertThat(said).hasValueSatisfying(w -> assertThat(w).contains("its pointer is at -105.1% of the scale, "
                + "OUT_OF_RANGE, where its ticks read it at 64.9%").contains("min and max the other way round"));
    }

    @Test
    void agreement_unsureTicks_orAMeterWithoutMarks_warnNothing_andAgreementResetsTheCount() {
        MarksWatch watch = new MarksWatch();
        MeterCalibration unmarked = new MeterCalibration("tank", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 100, 100), new MeterCalibration.Range(0, 10, "bar"), List.of(), null,
                1, null, 0.5, null, "tank.yaml");

        for (int i = 0; i < 5; i++) {
            Instant t = T0.plus(Duration.ofSeconds(i));
            assertThat(watch.check(METER, dial(0.30, 0.9), dial(0.32, 0.8), t)).isEmpty();
            assertThat(watch.check(METER, dial(0.30, 0.6), dial(0.60, 0.8), t)).isEmpty();
            assertThat(watch.check(unmarked, dial(0.30, 0.9), dial(0.60, 0.8), t)).isEmpty();
        }
        watch.check(METER, dial(0.30, 0.9), dial(0.60, 0.8), T0);
        watch.check(METER, dial(0.30, 0.9), dial(0.60, 0.8), T0);
        watch.check(METER, dial(0.30, 0.9), dial(0.31, 0.8), T0);   // agrees: the count starts again
        assertThat(watch.check(METER, dial(0.30, 0.9), dial(0.60, 0.8), T0)).isEmpty();
    }
}
