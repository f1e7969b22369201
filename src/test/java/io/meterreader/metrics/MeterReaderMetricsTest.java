package io.meterreader.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeterReaderMetricsTest {

    /** Collects garbage until a weakly held probe is gone, so weakly held state would be gone too. */
    private static void collectGarbage() throws InterruptedException {
        WeakReference<Object> probe = new WeakReference<>(new Object());
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(probe.get()).as("the JVM collected a weakly held object").isNull();
    }

    @Test
    void cameraMeters_readTheCamerasStatus_afterGarbageCollection() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        CameraStatus status = new CameraStatus("cam1", "rtsp://cam1", CameraState.STREAMING, 42, 0, 0, 0, null, null,
                "native");
        // a supplier nothing else holds, as a method reference passed by the pipeline is
        metrics.addCamera("cam1", () -> status);
        AtomicInteger depth = new AtomicInteger(3);
        metrics.addQueue(depth::get);

        collectGarbage();

        assertThat(registry.get(MeterReaderMetrics.CAMERA_UP).tag("camera", "cam1").gauge().value()).isEqualTo(1);
        assertThat(registry.get(MeterReaderMetrics.CAMERA_FRAMES).tag("camera", "cam1").functionCounter().count())
                .isEqualTo(42);
        assertThat(registry.get(MeterReaderMetrics.QUEUE_DEPTH).gauge().value()).isEqualTo(3);

        metrics.removeCamera("cam1");
        assertThat(registry.find(MeterReaderMetrics.CAMERA_UP).meters()).isEmpty();
    }

    @Test
    void alarmGauges_followTheLatestOkReading_andAFailedReadingLeavesThem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        metrics.addMeter("boiler", "cam1", "bar");
        Instant t = Instant.parse("2026-12-06T00:00:00Z");

        metrics.recordReading(Reading.ok("boiler", "cam1", 9.5, "bar", 0.95, 0.9, AlarmState.HIGH, t, t));
        assertThat(alarm(registry, "high")).isEqualTo(1);
        assertThat(alarm(registry, "low")).isZero();

        metrics.recordReading(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "bar", 0, t, t));
        assertThat(alarm(registry, "high")).as("still the latest OK value's").isEqualTo(1);

        metrics.recordReading(Reading.ok("boiler", "cam1", 0.2, "bar", 0.02, 0.9, AlarmState.LOW, t, t));
        assertThat(alarm(registry, "high")).isZero();
        assertThat(alarm(registry, "low")).isEqualTo(1);

        metrics.recordReading(Reading.ok("boiler", "cam1", 5, "bar", 0.5, 0.9, AlarmState.NONE, t, t));
        assertThat(alarm(registry, "low")).isZero();

        metrics.recordReading(Reading.ok("boiler", "cam1", 9.5, "bar", 0.95, 0.9, AlarmState.HIGH, t, t));
        metrics.recordReading(Reading.failed("boiler", "cam1", ReadingStatus.OUT_OF_SERVICE, "bar", 0, t, t));
        assertThat(alarm(registry, "high")).as("out of service: its last value is beyond no limit that matters")
                .isZero();
        assertThat(registry.get(MeterReaderMetrics.METER_VALUE).tag("meter", "boiler").gauge().value())
                .as("nor a value: the old gauge's").isNaN();
        assertThat(registry.get(MeterReaderMetrics.METER_VALUE_AGE).tag("meter", "boiler").gauge().value()).isNaN();

        metrics.removeMeter("boiler");
        assertThat(registry.find(MeterReaderMetrics.METER_ALARM).meters()).isEmpty();
    }

    @Test
    void aMetersCalibrationEdited_keepsItsSeries_unlessItsCameraOrUnitTagChanged() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        metrics.addMeter("boiler", "cam1", "bar");
        Instant t = Instant.now();
        metrics.recordReading(Reading.ok("boiler", "cam1", 9.5, "bar", 0.95, 0.9, AlarmState.HIGH, t, t));

        metrics.meterChanged("boiler", "cam1", "bar");   // a new alarm limit, say
        assertThat(registry.get(MeterReaderMetrics.METER_VALUE).tag("meter", "boiler").gauge().value())
                .as("as Modbus, OPC UA and the API still have it").isEqualTo(9.5);
        assertThat(registry.get(MeterReaderMetrics.METER_VALUE_AGE).tag("meter", "boiler").gauge().value())
                .isNotNaN();

        metrics.meterChanged("boiler", "cam1", "MPa");
        assertThat(registry.find(MeterReaderMetrics.METER_VALUE).tag("unit", "bar").meters()).isEmpty();
        assertThat(registry.get(MeterReaderMetrics.METER_VALUE).tag("unit", "MPa").gauge().value())
                .as("a value in bar is no value in MPa").isNaN();
    }

    @Test
    void shelvedGauges_followTheAlarmList_andTheMeterGoesWithItsSeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        metrics.addMeter("boiler", "cam1", "bar");
        java.util.Set<String> shelved = java.util.concurrent.ConcurrentHashMap.newKeySet();
        metrics.addAlarmList(() -> 2, () -> 1, shelved::size, shelved::contains);
        metrics.addMeter("tank", "cam1", "%");

        assertThat(shelvedGauge(registry, "boiler")).isZero();
        shelved.add("boiler");
        assertThat(shelvedGauge(registry, "boiler")).as("a meter added before the list, too").isEqualTo(1);
        assertThat(shelvedGauge(registry, "tank")).isZero();
        assertThat(registry.get(MeterReaderMetrics.ALARMS_SHELVED).gauge().value()).isEqualTo(1);
        assertThat(registry.get(MeterReaderMetrics.ALARMS).tag("acknowledged", "false").gauge().value()).isEqualTo(2);

        metrics.removeMeter("boiler");
        assertThat(registry.find(MeterReaderMetrics.METER_ALARM_SHELVED).tag("meter", "boiler").meters()).isEmpty();
    }

    @Test
    void outOfServiceGauges_followTheAlarmList() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        metrics.addMeter("boiler", "cam1", "bar");
        java.util.Set<String> out = java.util.concurrent.ConcurrentHashMap.newKeySet();
        metrics.addOutOfService(out::size, out::contains, meter -> out.contains(meter) ? 3600 : 0);
        metrics.addMeter("tank", "cam1", "%");

        assertThat(registry.get(MeterReaderMetrics.METER_OUT_OF_SERVICE).tag("meter", "boiler").gauge().value())
                .isZero();
        out.add("boiler");
        assertThat(registry.get(MeterReaderMetrics.METER_OUT_OF_SERVICE).tag("meter", "boiler").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get(MeterReaderMetrics.METER_OUT_OF_SERVICE).tag("meter", "tank").gauge().value())
                .isZero();
        assertThat(registry.get(MeterReaderMetrics.METERS_OUT_OF_SERVICE).gauge().value()).isEqualTo(1);
        assertThat(registry.get(MeterReaderMetrics.METER_OUT_OF_SERVICE_AGE).tag("meter", "boiler").gauge().value())
                .as("an hour out, from the alarm list").isEqualTo(3600);
        assertThat(registry.get(MeterReaderMetrics.METER_OUT_OF_SERVICE_AGE).tag("meter", "tank").gauge().value())
                .isZero();
        metrics.addStaleAlarms(() -> 2);
        assertThat(registry.get(MeterReaderMetrics.ALARMS_STALE).gauge().value()).isEqualTo(2);
    }

    @Test
    void stuckGauges_followTheWatch_forMetersAddedBeforeAndAfter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        metrics.addMeter("boiler", "cam1", "bar");
        java.util.Set<String> stuck = java.util.concurrent.ConcurrentHashMap.newKeySet();
        metrics.addStuck(stuck::contains);
        metrics.addMeter("tank", "cam1", "%");
        stuck.add("tank");
        assertThat(registry.get(MeterReaderMetrics.METER_STUCK).tag("meter", "boiler").gauge().value()).isZero();
        assertThat(registry.get(MeterReaderMetrics.METER_STUCK).tag("meter", "tank").gauge().value()).isEqualTo(1);
        stuck.add("boiler");
        assertThat(registry.get(MeterReaderMetrics.METER_STUCK).tag("meter", "boiler").gauge().value()).isEqualTo(1);
    }

    private static double shelvedGauge(SimpleMeterRegistry registry, String meter) {
        return registry.get(MeterReaderMetrics.METER_ALARM_SHELVED).tag("meter", meter).gauge().value();
    }

    private static double alarm(SimpleMeterRegistry registry, String limit) {
        return registry.get(MeterReaderMetrics.METER_ALARM).tag("meter", "boiler").tag("limit", limit).gauge().value();
    }
}
