package io.meterreader.metrics;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus scrape in which every metric family the service can publish has a series (one
 * camera, one meter, every output and endpoint), for tests that check that shipped queries and
 * rules name only metrics that exist.
 */
final class EveryMetric {

    private EveryMetric() {
    }

    static String scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        CameraStatus status = new CameraStatus("cam1", "rtsp://cam1", CameraState.STREAMING, 1, 0, 0, 0, null, null,
                "native");
        metrics.addCamera("cam1", () -> status, () -> false);
        metrics.addMeter("boiler", "cam1", "bar");
        metrics.addQueue(() -> 0);
        metrics.addStore(() -> true, () -> 0, () -> 0);
        metrics.addMqtt(() -> true, () -> 0, () -> 0);
        metrics.addSparkplug(() -> true, () -> 0);
        metrics.addOpcUa(() -> 0);
        metrics.addModbus(() -> 0, () -> 0);
        metrics.addOutput("mqtt", () -> 0);
        metrics.addAccessRefusals("http", () -> 0);
        metrics.addAlarmList(() -> 0, () -> 0, () -> 0, meter -> false);
        metrics.addOutOfService(() -> 0, meter -> false, meter -> 0);
        metrics.addStaleAlarms(() -> 0);
        metrics.addUnacknowledgedFor(() -> 0);
        metrics.addAlarmJournal(() -> 0, () -> 0);
        metrics.inferenceTimer("detector", "cpu").record(Duration.ofMillis(5));
        return registry.scrape();
    }

    /** The service's metric names a text (a rule file, a query) names. */
    static Set<String> namedIn(String text) {
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("meter_reader_[a-z_]+").matcher(text);
        while (m.find()) {
            named.add(m.group());
        }
        return named;
    }
}
