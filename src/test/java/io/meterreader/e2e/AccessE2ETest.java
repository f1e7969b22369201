package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.MeterReaderApplication;
import io.meterreader.config.Passwords;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service with a username and password set: the dashboard, the API, the metrics and uploads
 * need them; the health probes do not.
 */
@Tag("e2e")
class AccessE2ETest {

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private static final String CREDENTIALS = "Basic " + Base64.getEncoder().encodeToString(
            "engineer:n0t-the-default".getBytes(StandardCharsets.UTF_8));

    private HttpResponse<String> send(HttpRequest.Builder request, boolean withCredentials) throws Exception {
        if (withCredentials) {
            request.header("Authorization", CREDENTIALS);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everythingButTheHealth_needsTheCredentials() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:access",
                "--meter-reader.inference.detector=src/test/resources/inference/det-tiny.onnx",
                "--meter-reader.inference.segmenter=src/test/resources/inference/seg-tiny.onnx",
                "--meter-reader.access.username=engineer", "--meter-reader.access.password=n0t-the-default")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            for (String path : new String[] {"/", "/api/v1/meters", "/api/v1/cameras/demo-1", "/actuator/prometheus",
                    "/v3/api-docs"}) {
                HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base + path)), false);
                assertThat(refused.statusCode()).as(path).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                        v -> assertThat(v).startsWith("Basic realm="));
                assertThat(send(HttpRequest.newBuilder(URI.create(base + path)), true).statusCode()).as(path)
                        .isEqualTo(200);
            }
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/")), true).body()).contains("Meter Reader");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")), false).statusCode())
                    .isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")), false).body())
                    .as("every part's status to all; where the database and the ports are, to those signed in")
                    .contains("\"inference\"").doesNotContain("\"details\"").doesNotContain("jdbc:");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")), true).body())
                    .contains("\"details\"").contains("jdbc:h2:mem");

            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "png", png);
            byte[] image = png.toByteArray();
            HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(base + "/api/v1/read"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(image));
            assertThat(send(upload, false).statusCode()).isEqualTo(401);
            assertThat(send(upload, true).statusCode()).isEqualTo(200);
            // The body is Spring's to read, not the servlet's: an image sent with a form's type is a
            // 415 saying so (the servlet read it as a form before, and the endpoint found it empty)...
            HttpResponse<String> asForm = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/read"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)), true);
            assertThat(asForm.statusCode()).isEqualTo(415);
            assertThat(asForm.body()).contains("application/x-www-form-urlencoded' is not taken here");
            // ...a multipart body that cannot be parsed is a problem detail, not the container's page...
            HttpResponse<String> noBoundary = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/read"))
                    .header("Content-Type", "multipart/form-data")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)), true);
            assertThat(noBoundary.statusCode()).isEqualTo(400);
            assertThat(noBoundary.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(noBoundary.body()).contains("the multipart body cannot be read");
            // ...and a query parameter given twice is still refused
            HttpResponse<String> twice = send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/read?min=0&max=1&min=2")).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(image)), true);
            assertThat(twice.statusCode()).isEqualTo(400);
            assertThat(twice.body()).contains("parameter min is given 2 times");

            // A wrong password is counted for the alert rule (a request without any is not).
            HttpRequest.Builder guess = HttpRequest.newBuilder(URI.create(base + "/api/v1/meters")).header(
                    "Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            "engineer:guess".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(http.send(guess.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")), true).body())
                    .containsPattern("meter_reader_access_refused_total\\{[^}]*endpoint=\"http\"[^}]*} 1\\.0");
        }
    }

    @Test
    void theViewersAccount_readsEverything_andChangesNothing() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:access-viewer",
                "--meter-reader.inference.detector=src/test/resources/inference/det-tiny.onnx",
                "--meter-reader.inference.segmenter=src/test/resources/inference/seg-tiny.onnx",
                "--meter-reader.access.username=engineer", "--meter-reader.access.password=n0t-the-default",
                "--meter-reader.access.viewer-username=wallboard",
                "--meter-reader.access.viewer-password=0nly-t0-l00k")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String viewer = "Basic " + Base64.getEncoder().encodeToString(
                    "wallboard:0nly-t0-l00k".getBytes(StandardCharsets.UTF_8));
            for (String path : new String[] {"/", "/api/v1/meters", "/actuator/prometheus", "/api/v1/alarms"}) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", viewer)
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(200);
            }
            // the pages ask who they are for, and hide their buttons from the viewer: in Chromium
            for (String[] account : Chromium.available() ? new String[][] {{viewer, "true"}, {CREDENTIALS, "false"}}
                    : new String[0][]) {
                try (BrowserPage page = BrowserPage.open(base + "/actuator/health", work)) {
                    page.command("Network.enable", Map.of());
                    page.command("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", account[0])));
                    page.go(base + "/");
                    assertThat(page.await("document.querySelector('#meters tbody tr') !== null", v -> v.asBoolean())
                            .asBoolean()).isTrue();
                    assertThat(page.await("document.body.classList.contains('read-only') + ' ' + getComputedStyle("
                            + "document.querySelector('label.operator')).display", v -> v.asString().startsWith(
                            account[1])).asString()).isEqualTo(account[1].equals("true") ? "true none" : "false block");
                }
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/access"))
                    .header("Authorization", viewer).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("{\"user\":\"wallboard\",\"readOnly\":true,\"personal\":false}");
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/access")), true).body())
                    .isEqualTo("{\"user\":\"engineer\",\"readOnly\":false,\"personal\":false}");
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), "png", png);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/read"))
                    .header("Authorization", viewer).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the offline read only reads")
                    .isEqualTo(200);

            HttpRequest.Builder takeOut = HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/meters/demo-1-boiler-pressure/out-of-service"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            HttpResponse<String> refused = http.send(takeOut.copy().header("Authorization", viewer).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("wallboard may only read");
            assertThat(app.getBean(io.meterreader.pipeline.AlarmList.class).isOutOfService("demo-1-boiler-pressure"))
                    .isFalse();
            HttpResponse<String> done = send(takeOut, true);
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).as("the user is the account's").contains("\"user\":\"engineer\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alarms/demo-1-boiler-pressure"
                    + "/acknowledge")).header("Authorization", viewer).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        }
    }

    /** A JSON POST with the given Authorization header. */
    private static HttpResponse<String> postJson(HttpClient http, String url, String authorization, String json)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void personalAccounts_recordTheirOwnName_withHashedPasswords() throws Exception {
        String annsHash = Passwords.hash("ann-5-secret".toCharArray());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:access-personal",
                "--meter-reader.inference.detector=src/test/resources/inference/det-tiny.onnx",
                "--meter-reader.inference.segmenter=src/test/resources/inference/seg-tiny.onnx",
                "--meter-reader.access.users[0].username=ann", "--meter-reader.access.users[0].password=" + annsHash,
                "--meter-reader.access.users[1].username=ron", "--meter-reader.access.users[1].password=r0n-looks",
                "--meter-reader.access.users[1].role=viewer",
                // a shared account beside them
                "--meter-reader.access.username=engineer", "--meter-reader.access.password=shared-pw-1")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String ann = basic("ann:ann-5-secret");
            String ron = basic("ron:r0n-looks");
            HttpRequest.Builder access = HttpRequest.newBuilder(URI.create(base + "/api/v1/access"));
            assertThat(http.send(access.copy().header("Authorization", ann).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("{\"user\":\"ann\",\"readOnly\":false,\"personal\":true}");
            assertThat(http.send(access.copy().header("Authorization", ron).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("{\"user\":\"ron\",\"readOnly\":true,\"personal\":true}");
            assertThat(http.send(access.copy().header("Authorization", basic("ann:" + annsHash)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("the hash is no password").isEqualTo(401);
            assertThat(http.send(access.copy().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);

            String url = base + "/api/v1/meters/demo-1-boiler-pressure/out-of-service";
            HttpResponse<String> asBob = postJson(http, url, ann, "{\"user\":\"bob\",\"reason\":\"swap\"}");
            assertThat(asBob.statusCode()).isEqualTo(400);
            assertThat(asBob.body()).contains("ann's account is personal");
            assertThat(app.getBean(io.meterreader.pipeline.AlarmList.class).isOutOfService("demo-1-boiler-pressure"))
                    .isFalse();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", ron)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(403);
            // the shared account may name whoever types into it, but not someone with an account of their own
            HttpResponse<String> asAnn = postJson(http, url, basic("engineer:shared-pw-1"),
                    "{\"user\":\"ann\",\"reason\":\"swap\"}");
            assertThat(asAnn.statusCode()).isEqualTo(400);
            assertThat(asAnn.body()).contains("ann has a personal account");
            HttpResponse<String> asAnnCapital = postJson(http, url, basic("engineer:shared-pw-1"),
                    "{\"user\":\"Ann\",\"reason\":\"swap\"}");
            assertThat(asAnnCapital.statusCode()).as("the journal would read it as ann's").isEqualTo(400);
            assertThat(asAnnCapital.body()).contains("Ann is ann, who has a personal account");
            assertThat(app.getBean(io.meterreader.pipeline.AlarmList.class).isOutOfService("demo-1-boiler-pressure"))
                    .isFalse();
            HttpResponse<String> done = postJson(http, url, ann, "{\"reason\":\"swap\"}");
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).contains("\"user\":\"ann\"");

            // her page shows her name in the operator box, fixed, and sends none of its own
            if (Chromium.available()) {
                try (BrowserPage page = BrowserPage.open(base + "/actuator/health", work)) {
                    page.command("Network.enable", Map.of());
                    page.command("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", ann)));
                    page.go(base + "/");
                    assertThat(page.await("document.body.classList.contains('personal') ? document.getElementById("
                            + "'operator').value + ' ' + document.getElementById('operator').disabled + ' ' + "
                            + "JSON.stringify(operatorName()) : ''", v -> !v.asString().isEmpty()).asString())
                            .isEqualTo("ann true \"\"");
                }
            }
        }
    }
}
