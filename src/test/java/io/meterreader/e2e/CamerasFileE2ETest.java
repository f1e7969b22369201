package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A camera added to the cameras file while the service runs, with its meters' calibration files,
 * is read without a restart, through the shipped models; taken out again, it goes from the API
 * and the metrics. A broken edit changes nothing and says why.
 */
@Tag("e2e")
class CamerasFileE2ETest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls {@code url} until its JSON passes, or 30 s have gone; returns the last JSON. */
    private JsonNode await(String url, Predicate<JsonNode> done) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = json.readTree(get(url));
        while (!done.test(last) && System.nanoTime() < end) {
            Thread.sleep(250);
            last = json.readTree(get(url));
        }
        return last;
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asString().equals(id)) {
                return n;
            }
        }
        return null;
    }

    private static boolean readOk(JsonNode meters, String id) {
        JsonNode m = byId(meters, id);
        return m != null && m.get("calibrated").asBoolean() && m.get("lastOk") != null && !m.get("lastOk").isNull();
    }

    @Test
    void aCameraAddedToTheFile_isReadWithoutARestart_andRemovedGoes() throws Exception {
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        Path calibration = Files.createDirectory(dir.resolve("calibration"));
        Files.copy(Path.of("calibration/demo-1-boiler-pressure.yaml"), calibration.resolve("demo-1-boiler-pressure.yaml"));
        Path cameras = dir.resolve("cameras.yaml");
        Files.writeString(cameras, "cameras: []\n");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:cameras-file",
                "--meter-reader.cameras[0].id=demo-1", "--meter-reader.cameras[0].url=sim://demo-1",
                "--meter-reader.calibration-dir=" + calibration, "--meter-reader.cameras-file=" + cameras,
                "--meter-reader.calibration-reload=200ms")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            assertThat(json.readTree(get(base + "/api/v1/cameras"))).hasSize(1);

            // the camera first, its meter's file after, as an engineer would add them
            Files.writeString(cameras, "cameras:\n  - id: demo-2\n    url: sim://demo-2\n    read-interval: 500ms\n");
            JsonNode list = await(base + "/api/v1/cameras", c -> byId(c, "demo-2") != null
                    && byId(c, "demo-2").get("state").asString().equals("STREAMING"));
            assertThat(byId(list, "demo-2")).as("demo-2 streaming: " + list).isNotNull();
            assertThat(byId(list, "demo-2").get("state").asString()).isEqualTo("STREAMING");
            Files.copy(Path.of("calibration/demo-2-tank-level.yaml"), calibration.resolve("demo-2-tank-level.yaml"));
            JsonNode meters = await(base + "/api/v1/meters", m -> readOk(m, "demo-2-tank-level"));
            assertThat(readOk(meters, "demo-2-tank-level")).as("the new camera's meter read OK: " + meters).isTrue();
            assertThat(get(base + "/actuator/prometheus")).contains("meter_reader_camera_up{application=\"meter-reader\",camera=\"demo-2\"} 1");

            // a mistake changes nothing, and the API says why
            Files.writeString(cameras, "cameras:\n  - id: demo-2\n    url: sim://demo-2\n    read-interval: 50ms\n");
            JsonNode status = await(base + "/api/v1/calibration", s -> !s.get("error").isNull());
            assertThat(status.get("error").asString()).contains("cameras[0].read-interval must be at least 100 ms");
            assertThat(byId(json.readTree(get(base + "/api/v1/cameras")), "demo-2")).isNotNull();

            // taken out: the meter's file, then the camera
            Files.delete(calibration.resolve("demo-2-tank-level.yaml"));
            Files.writeString(cameras, "cameras: []\n");
            list = await(base + "/api/v1/cameras", c -> c.size() == 1);
            assertThat(list).hasSize(1);
            assertThat(get(base + "/actuator/prometheus")).doesNotContain("camera=\"demo-2\"");
            assertThat(json.readTree(get(base + "/api/v1/calibration")).get("error").isNull()).isTrue();
        }
    }
}
