package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.mqtt.MqttBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/health} as an orchestrator and a plant's monitoring see it: UP while all is
 * well; DEGRADED, still answered with 200 and with the reason in the part's details, while the
 * MQTT broker is away or a calibration edit is refused, the liveness probe staying UP
 * throughout: a restart would mend neither, and the meters are read all the while.
 */
@Tag("e2e")
class HealthE2ETest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void brokerAwayAndRefusedEdit_degradeTheHealth_notTheLiveness(@TempDir Path dir) throws Exception {
        assumeTrue(MqttBroker.available(), "Debian's mosquitto is not installed (scripts/test installs it)");
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        Path calibration = Files.createDirectory(dir.resolve("calibration"));
        try (var files = Files.list(Path.of("calibration"))) {
            for (Path f : files.toList()) {
                Files.copy(f, calibration.resolve(f.getFileName()));
            }
        }
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                     "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:health",
                     "--meter-reader.calibration-dir=" + calibration, "--meter-reader.calibration-reload=1s",
                     "--meter-reader.mqtt.url=" + broker.url())) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

            // (a camera making its first connection counts as up: wait for both to stream)
            JsonNode well = await(base, h -> h.get("status").asString().equals("UP")
                    && h.get("components").get("cameras").get("details").get("streaming").asInt() == 2);
            for (String part : new String[] {"cameras", "inference", "store", "mqtt", "calibration"}) {
                assertThat(well.get("components").get(part).get("status").asString()).as(part).isEqualTo("UP");
            }
            assertThat(well.get("components").has("db")).as("Spring's db indicator, replaced by store").isFalse();
            assertThat(well.get("components").get("cameras").get("details").get("streaming").asInt()).isEqualTo(2);
            // a path that names no part of the health: a 404 saying so, not a 500 and a stack trace
            for (String nothing : new String[] {"/actuator/health/foo", "/actuator/health/a/b",
                "/actuator/health/store/x"}) {
                HttpResponse<String> r = get(base + nothing);
                assertThat(r.statusCode()).as(nothing).isEqualTo(404);
                assertThat(r.body()).as(nothing).contains("the health has no part named");
            }
            assertThat(get(base + "/actuator/health/store").statusCode()).isEqualTo(200);
            // what no handler of the service answers is a problem detail too, not Spring Boot's own body
            HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/meters"))
                    .method("TRACE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trace.statusCode()).isEqualTo(405);
            assertThat(trace.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(trace.body()).contains("\"status\":405").contains("this request's method is not answered at "
                    + "/api/v1/meters").doesNotContain("timestamp");

            broker.stop();
            JsonNode away = await(base, h -> part(h, "mqtt").equals("DEGRADED"));
            assertThat(away.get("status").asString()).isEqualTo("DEGRADED");
            assertThat(away.get("components").get("mqtt").get("details").get("problem").asString()).isNotBlank();
            assertThat(part(away, "inference")).isEqualTo("UP");
            assertLive(base);

            Files.writeString(calibration.resolve("demo-2-tank-level.yaml"), "id: demo-2-tank-level\ncamera: demo-2\n"
                    + "type: level\nrange: {min: 0, max: 100, unit: \"%\"}\nregion: {x: 301, y: 139, width: 58}\n");
            JsonNode refused = await(base, h -> part(h, "calibration").equals("DEGRADED"));
            assertThat(refused.get("components").get("calibration").get("details").get("problem").asString())
                    .contains("demo-2-tank-level.yaml");
            assertLive(base);

            broker.start();
            Files.copy(Path.of("calibration/demo-2-tank-level.yaml"), calibration.resolve("demo-2-tank-level.yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
            await(base, h -> h.get("status").asString().equals("UP"));
        }
    }

    private static String part(JsonNode health, String name) {
        JsonNode c = health.get("components").get(name);
        return c == null ? "" : c.get("status").asString();
    }

    /** The health once it passes the test, answered with 200 all the while; fails after 30 s. */
    private JsonNode await(String base, Predicate<JsonNode> test) throws Exception {
        JsonNode health = null;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = get(base + "/actuator/health");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            health = json.readTree(r.body());
            if (test.test(health)) {
                return health;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("health never got there: " + health);
    }

    private void assertLive(String base) throws Exception {
        HttpResponse<String> live = get(base + "/actuator/health/liveness");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json.readTree(live.body()).get("status").asString()).isEqualTo("UP");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
