package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A password in a camera URL, the one HTTP access needs, or the MQTT broker's, appears in no log
 * line, no API response and no metric. The camera and the broker point at closed ports on this
 * machine, so their failures are logged too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "meter-reader.cameras[0].id=cam1",
        "meter-reader.cameras[0].url=rtsp://admin:" + CredentialLeakTest.PASSWORD + "@127.0.0.1:9/stream1",
        "meter-reader.calibration-dir=src/test/resources/calibration-test",
        "meter-reader.storage.url=jdbc:h2:mem:credential-leak",
        "meter-reader.inference.detector=src/test/resources/inference/det-tiny.onnx",
        "meter-reader.inference.segmenter=src/test/resources/inference/seg-tiny.onnx",
        "meter-reader.access.username=engineer",
        "meter-reader.access.password=" + CredentialLeakTest.ACCESS_PASSWORD,
        "meter-reader.access.viewer-username=wallboard",
        "meter-reader.access.viewer-password=" + CredentialLeakTest.VIEWER_PASSWORD,
        "meter-reader.access.users[0].username=ann",
        "meter-reader.access.users[0].password=" + CredentialLeakTest.PERSONAL_PASSWORD,
        "meter-reader.mqtt.url=tcp://127.0.0.1:9",
        "meter-reader.mqtt.username=plant",
        "meter-reader.mqtt.password=" + CredentialLeakTest.MQTT_PASSWORD,
        "logging.level.io.meterreader=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class CredentialLeakTest {

    static final String PASSWORD = "Pw4Leak-Test-91x";
    static final String ACCESS_PASSWORD = "Acc3ss-Leak-77q";
    static final String MQTT_PASSWORD = "Mq77-Leak-Pw-3z";
    static final String VIEWER_PASSWORD = "V1ew-Leak-Pw-5k";
    static final String PERSONAL_PASSWORD = "Ann5-Leak-Pw-8m";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(("engineer:" + ACCESS_PASSWORD).getBytes(
                                StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void password_appearsInNoResponseMetricOrLogLine(CapturedOutput output) throws Exception {
        String cameras = get("/api/v1/cameras");
        assertThat(cameras).startsWith("200").contains("rtsp://***@127.0.0.1:9/stream1");

        StringBuilder everything = new StringBuilder(cameras);
        for (String path : List.of("/api/v1/cameras/cam1", "/api/v1/meters", "/actuator/prometheus",
                "/actuator/info", "/actuator/health", "/actuator/metrics", "/v3/api-docs", "/actuator/env",
                "/actuator/configprops")) {
            everything.append(get(path));
        }
        // Give the camera worker time to fail against the closed port and log it.
        Thread.sleep(3000);
        everything.append(get("/api/v1/cameras"));

        assertThat(everything.toString()).doesNotContain(PASSWORD).doesNotContain("admin:")
                .doesNotContain(ACCESS_PASSWORD).doesNotContain(MQTT_PASSWORD).doesNotContain(VIEWER_PASSWORD)
                .doesNotContain(PERSONAL_PASSWORD);
        assertThat(output.getAll()).contains("cam1").contains("MQTT broker tcp://127.0.0.1:9 unreachable")
                .doesNotContain(PASSWORD).doesNotContain(ACCESS_PASSWORD).doesNotContain(MQTT_PASSWORD)
                .doesNotContain(VIEWER_PASSWORD).doesNotContain(PERSONAL_PASSWORD);
    }
}
