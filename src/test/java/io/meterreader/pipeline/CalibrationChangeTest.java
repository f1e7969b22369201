package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.Calibrations;
import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A calibration set put in force while the pipeline runs: what it keeps per meter follows. */
class CalibrationChangeTest {

    private static MeterCalibration dial(String id, double max, String unit) {
        return new MeterCalibration(id, "cam", GaugeType.POINTER, new MeterCalibration.Region(0, 0, 100, 100),
                new MeterCalibration.Range(0, max, unit), List.of(), null, 1, null, 0.5, null, id + ".yaml", false, null);
    }

    private static List<String> meterTags(SimpleMeterRegistry registry) {
        return registry.find(MeterReaderMetrics.METER_VALUE).meters().stream().map(Meter::getId)
                .map(id -> id.getTag("meter") + " " + id.getTag("unit")).sorted().toList();
    }

    @Test
    void metersAddedChangedAndRemoved_haveTheirMetricsAndReadingsFollow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Calibrations calibrations = new Calibrations(List.of(dial("boiler", 10, "bar"), dial("steam", 16, "bar")));
        InferenceProperties inference = new InferenceProperties(InferenceBackend.ONNXRUNTIME, Path.of("x"),
                Path.of("y"), 0.25, 0.1, 0.45, 100, 1, 8, Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
        Pipeline pipeline = new Pipeline(calibrations, new FixedFrameReader(List.of()), new CalibratedMeterFilters(),
                x -> { }, new MeterReaderMetrics(registry, Clock.systemUTC()), inference, Clock.systemUTC());
        LiveReadings live = (LiveReadings) pipeline.liveState();
        Instant now = Instant.parse("2026-12-05T18:00:00Z");
        live.record(new Reading("steam", "cam", ReadingStatus.OK, 8.0, "bar", 0.5, 0.9,
                io.meterreader.frame.AlarmState.NONE, now, now));
        assertThat(meterTags(registry)).containsExactly("boiler bar", "steam bar");

        calibrations.replace(List.of(dial("boiler", 1, "MPa"), dial("water", 4, "m")));

        assertThat(meterTags(registry)).containsExactly("boiler MPa", "water m");
        assertThat(live.latestReading("steam")).isEmpty();
        pipeline.stop();
        calibrations.replace(List.of());
        assertThat(meterTags(registry)).as("a stopped pipeline no longer follows").containsExactly("boiler MPa", "water m");
    }

    @Test
    void aChangedCalibration_readsWithItsNewRange_fromTheNextFrame() {
        CalibratedMeterFilters filters = new CalibratedMeterFilters();
        Instant t = Instant.parse("2026-12-05T18:00:00Z");
        GaugeMeasurement half = GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null);
        FoundGauge gauge = new FoundGauge(GaugeType.POINTER, new BoundingBox(10, 10, 80, 80), 0.9, half, null);

        Reading before = filters.reading(dial("boiler", 10, "bar"), gauge, t, t);
        Reading after = filters.reading(dial("boiler", 1, "MPa"), gauge, t.plusSeconds(1), t.plusSeconds(1));

        assertThat(before.value()).isEqualTo(5.0);
        assertThat(after.value()).isEqualTo(0.5);
        assertThat(after.unit()).isEqualTo("MPa");
    }
}
