package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * (measured with the models of 2026-11-26: all four within 2 s).
 */
@Tag("e2e")
class DemoDefaultTest {

    @Test
    void embeddedDefault_everyDemoMeterReadsOkWithinThirtySeconds() throws Exception {
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        long started = System.nanoTime();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class)
                .run("--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:demo")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            JsonMapper json = JsonMapper.builder().build();
            Map<String, String> seen = new TreeMap<>();
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
                }
            }
            System.out.printf("demo meters after %.1f s: %s%n", (System.nanoTime() - started) / 1e9, seen);
            assertThat(seen).hasSize(4);
            assertThat(ok).as("demo meters with an OK reading within 30 s of start: " + seen).isEqualTo(4);
        }
    }
}
