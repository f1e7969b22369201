package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.sim.GaugeTruth;
import io.meterreader.sim.SimCamera;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default as a new user starts it (the README's first command): the demo cameras,
 * their calibration and the shipped models. Within 30 s every demo meter must have an OK reading
 * (measured with the models of 2026-11-26: all four within 2 s), and each OK value must be what
 * the demo camera drew: within 2% of the meter's span of the renderer's truth at some moment
 * between the camera's start and the reading's capture. A sim camera's clock starts when the
 * service opens it, after the application's start, so the capture is at most {@code capture -
 * start} seconds on that clock; and a smoothed value (the median of the meter's last readings)
 * may come from any frame since the camera's start. The window is a few seconds when the service
 * starts promptly; the values drift slowly.
 */
@Tag("e2e")
class DemoDefaultTest {

    @Test
    void embeddedDefault_everyDemoMeterReadsWhatItsCameraDrewWithinThirtySeconds() throws Exception {
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class)
                .run("--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:demo")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            JsonMapper json = JsonMapper.builder().build();
            Map<String, String> seen = new TreeMap<>();
            Map<String, JsonNode> okMeters = new TreeMap<>();
            long end = started + Duration.ofSeconds(30).toNanos();
            int ok = 0;
            while (ok < 4 && System.nanoTime() < end) {
                Thread.sleep(500);
                JsonNode meters = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/meters")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                ok = 0;
                for (JsonNode m : meters) {
                    if (!m.get("calibrated").asBoolean()) {
                        continue;
                    }
                    JsonNode last = m.get("lastOk");
                    JsonNode latest = m.get("latest");
                    boolean hasOk = last != null && !last.isNull();
                    boolean hasAny = latest != null && !latest.isNull();
                    seen.put(m.get("id").asString(), hasOk ? last.get("value").asDouble() + " " + last.get("unit").asString()
                            : hasAny ? latest.get("status").asString() : "no reading");
                    ok += hasOk ? 1 : 0;
                    if (hasOk) {
                        okMeters.put(m.get("id").asString(), m);
                    }
                }
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            System.out.printf("demo meters after %.1f s: %s%n", elapsed, seen);
            assertThat(seen).hasSize(4);
            assertThat(ok).as("demo meters with an OK reading within 30 s of start: " + seen).isEqualTo(4);
            List<String> wrong = new ArrayList<>();
            for (JsonNode m : okMeters.values()) {
                String id = m.get("id").asString();
                double min = m.get("range").get("min").asDouble();
                double max = m.get("range").get("max").asDouble();
                double value = m.get("lastOk").get("value").asDouble();
                Instant captured = Instant.parse(m.get("lastOk").get("captureTime").asString());
                double[] truth = truthRange(m.get("camera").asString(), id, seconds(startedAt, captured));
                double off = Math.max(0, Math.max(truth[0] - value, value - truth[1])) / (max - min);
                System.out.printf("  %s: %.4g read, truth %.4g..%.4g, %.2f%% of span outside it%n",
                        id, value, truth[0], truth[1], 100 * off);
                if (off > 0.02) {
                    wrong.add(id + " read " + value + ", truth " + truth[0] + ".." + truth[1]);
                }
            }
            assertThat(wrong).as("demo readings more than 2% of span from what the camera drew").isEmpty();

            // what Tomcat refuses before the service sees it is a problem detail too, not its HTML page
            for (String path : List.of("/api/v1/meters/..%2F..%2Fetc%2Fpasswd", "/api/v1/meters/%5C..%5Cetc",
                    "/api/v1/meters/demo-1-boiler-pressure%00")) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json;charset=UTF-8");
                assertThat(json.readTree(refused.body()).get("detail").asString()).as(path)
                        .contains("refused before it reached the service");
                assertThat(json.readTree(refused.body()).get("type").asString()).as(path)
                        .isEqualTo("https://meter-reader.io/problems/bad-request");
            }
            HttpResponse<String> tooLong = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/meters?x=" + "a".repeat(20_000))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(json.readTree(tooLong.body()).get("detail").asString())
                    .contains("request line or its headers are too long");
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    /** The lowest and highest true value of a demo meter over the first {@code seconds} of its camera's clock. */
    private static double[] truthRange(String camera, String meterId, double seconds) {
        SimCamera sim = SimCamera.open("sim://" + camera);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double t = 0; t <= seconds + 0.1; t += 0.02) {
            for (GaugeTruth g : sim.truth(t)) {
                if (g.meterId().equals(meterId)) {
                    lo = Math.min(lo, g.value());
                    hi = Math.max(hi, g.value());
                }
            }
        }
        assertThat(lo).as("sim://" + camera + " draws meter " + meterId).isFinite();
        return new double[] {lo, hi};
    }
}
