package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as a plant runs it: a real RTSP server (GStreamer) serves one synthetic scene video
 * with known ground truth on four mounts, the service reads them with the shipped models and the
 * matching calibration, and its readings are compared with the truth at their capture time. Then
 * the server goes away for 10 seconds and comes back.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivePipelineE2ETest {

    static final int CAMERAS = 4;
    static final int VIDEO_SECONDS = 45;
    /** Readings (of any status) each meter must have before it is judged. */
    static final int MIN_READINGS = 20;
    static final int FPS = 5;
    /** The target: OK readings within 2% of span of the truth, on every meter. */
    static final double TARGET_WITHIN = 0.95;
    /**
     * What the shipped models are held to until they reach the target on every meter
     * (models/MODEL_CARD.md says why they may not yet). Measured 2026-11-26 with the models of
     * that day: all 8 dials read OK, 166 of 166 OK readings within 2% of span (worst 0.9%); the 4
     * sight glasses, read between the level marks of their calibration, 79 of 83 within 2%
     * (95.2%; one frame of the video puts the surface at the glass's bottom, 15.7% off; between
     * the detected glass's ends, before level marks, none was within 2%). Since the level
     * reader distrusts a surface near the glass's end in a glass seen against a wall's
     * texture, that frame is LOW_CONFIDENCE: 82 of 82 within 2%; with the detector trained on
     * on the CPU, dials 168 of 168 and glasses 82 of 82. The floors, with room
     * for a slower machine: the OK readings of both kinds must be right, every sight glass and
     * most dials must read.
     */
    static final double MIN_WITHIN = 0.9;
    static final int MIN_POINTER_METERS_READ = 6;
    static final int MIN_LEVEL_METERS_READ = CAMERAS;

    @TempDir
    static Path work;
    static RtspServer server;
    static ConfigurableApplicationContext app;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** meter id suffix (without the camera) -> frame index -> true value. */
    static final Map<String, TreeMap<Integer, Double>> TRUTH = new HashMap<>();
    static Set<String> threadsBefore;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RtspServer.available(), "GStreamer's RTSP server is not installed; scripts/test installs it");
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")) && Files.exists(Path.of("models/meter-seg.onnx")),
                "the shipped models are missing");
        threadsBefore = liveThreads();
        Path video = work.resolve("scene.mp4");
        Path truth = work.resolve("scene.csv");
        Path generated = work.resolve("generated");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
        int code = Cli.runTool(new String[] {"sim", "video", "--out", video.toString(), "--gt", truth.toString(),
            "--calibration", generated.toString(), "--seconds", Integer.toString(VIDEO_SECONDS), "--fps",
            Integer.toString(FPS), "--meters", "3", "--seed", "11", "--camera", "cam1"}, ps, ps).orElseThrow();
        assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
        readTruth(truth);

        Path calibration = Files.createDirectories(work.resolve("calibration"));
        Map<String, Path> mounts = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:e2e",
                "--meter-reader.storage.interval=0s", "--meter-reader.calibration-dir=" + calibration));
        int port = RtspServer.freePort();
        for (int c = 1; c <= CAMERAS; c++) {
            String camera = "cam" + c;
            mounts.put(camera, video);
            try (var files = Files.list(generated)) {
                for (Path f : files.toList()) {
                    String yaml = Files.readString(f).replace("cam1", camera);
                    if (c > CAMERAS / 2) {
                        // these cameras read their dials from the pointer against the scale marks
                        yaml = yaml.replace("# scale-marks:", "scale-marks:");
                    }
                    Files.writeString(calibration.resolve(f.getFileName().toString().replace("cam1", camera)), yaml);
                }
            }
            int i = c - 1;
            args.add("--meter-reader.cameras[" + i + "].id=" + camera);
            args.add("--meter-reader.cameras[" + i + "].url=rtsp://127.0.0.1:" + port + "/" + camera);
            args.add("--meter-reader.cameras[" + i + "].read-interval=1s");
        }
        server = new RtspServer(port, mounts, work.resolve("plays.log"));
        server.start();
        app = new SpringApplicationBuilder(MeterReaderApplication.class).run(args.toArray(String[]::new));
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void meters_readTheGroundTruthAtTheirCaptureTime() throws Exception {
        List<String> meters = new ArrayList<>();
        for (JsonNode m : get("/api/v1/meters")) {
            if (m.get("calibrated").asBoolean()) {
                meters.add(m.get("id").asString());
            }
        }
        assertThat(meters).hasSize(CAMERAS * TRUTH.size());
        // Every meter should have OK readings within 60 s; keep reading for a while after, to have enough of them.
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end && !everyMeterHasOk(meters)) {
            Thread.sleep(500);
        }
        // Then enough readings of every meter to judge it by (at most 45 s more).
        long enough = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        do {
            Thread.sleep(1_000);
        } while (System.nanoTime() < enough && fewestReadings(meters) < MIN_READINGS);

        Map<String, int[]> byType = new TreeMap<>();   // type -> {OK readings compared, within 2%, meters with OK}
        StringBuilder report = new StringBuilder();
        for (String meter : meters) {
            String camera = meter.substring(0, meter.indexOf('-'));
            String suffix = meter.substring(meter.indexOf('-'));
            JsonNode calibration = get("/api/v1/meters/" + meter);
            boolean marked = calibration.hasNonNull("scaleMarks");
            String type = suffix.startsWith("-level") ? "level" : marked ? "pointer, scale marks" : "pointer";
            // The second half of the cameras read their dials against scale marks, the first from their ticks.
            assertThat(marked).as(meter + " has scale marks").isEqualTo(
                    type.startsWith("pointer") && Integer.parseInt(camera.substring(3)) > CAMERAS / 2);
            // The span as the service loaded it from the calibration.
            JsonNode range = calibration.get("range");
            double span = range.get("max").asDouble() - range.get("min").asDouble();
            int meterOk = 0;
            int meterWithin = 0;
            int readings = 0;
            double worst = 0;
            Map<String, Integer> statuses = new TreeMap<>();
            for (JsonNode r : get("/api/v1/meters/" + meter + "/readings?limit=1000")) {
                readings++;
                statuses.merge(r.get("status").asString(), 1, Integer::sum);
                if (!r.get("status").asString().equals("OK")) {
                    continue;
                }
                Instant captured = Instant.parse(r.get("captureTime").asString());
                Instant play = server.playStartBefore(camera, captured).orElseThrow();
                double t = Duration.between(play, captured).toMillis() / 1000.0;
                Double truth = truthAt(suffix, t);
                if (truth == null) {
                    continue;
                }
                double error = Math.abs(r.get("value").asDouble() - truth) / span;
                meterOk++;
                worst = Math.max(worst, error);
                if (error <= 0.02) {
                    meterWithin++;
                }
            }
            report.append(String.format(Locale.ROOT, "%s: %d readings %s; %d OK compared, %d within 2%% of span, worst %.1f%%%n",
                    meter, readings, statuses, meterOk, meterWithin, 100 * worst));
            assertThat(readings).as(meter + " has readings (of any status)").isGreaterThanOrEqualTo(MIN_READINGS);
            int[] t = byType.computeIfAbsent(type, k -> new int[3]);
            t[0] += meterOk;
            t[1] += meterWithin;
            t[2] += meterOk > 0 ? 1 : 0;
        }
        System.out.print(report);
        byType.forEach((type, t) -> System.out.printf(Locale.ROOT,
                "live e2e %s: %d meters with OK readings; %d of %d OK readings within 2%% of span (%.1f%%); target %.0f%%%n",
                type, t[2], t[1], t[0], t[0] == 0 ? 0 : 100.0 * t[1] / t[0], 100 * TARGET_WITHIN));
        for (String type : List.of("pointer", "pointer, scale marks", "level")) {
            int[] t = byType.get(type);
            assertThat(t).as(type + " meters\n" + report).isNotNull();
            assertThat(t[2]).as(type + " meters with OK readings\n" + report)
                    .isGreaterThanOrEqualTo(type.equals("level") ? MIN_LEVEL_METERS_READ : MIN_POINTER_METERS_READ / 2);
            assertThat(t[0] == 0 ? 0 : (double) t[1] / t[0]).as(type + " OK readings within 2%\n" + report)
                    .isGreaterThanOrEqualTo(MIN_WITHIN);
        }
    }

    @Test
    @Order(2)
    void prometheus_hasEveryMetricWithItsTags() throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String meter = "cam1" + TRUTH.keySet().iterator().next();
        assertThat(text).containsPattern("meter_reader_meter_value\\{[^}]*camera=\"cam1\"[^}]*meter=\"" + meter + "\"[^}]*unit=\"");
        assertThat(text).containsPattern("meter_reader_meter_value_age_seconds\\{[^}]*camera=\"cam1\"[^}]*meter=\"" + meter + "\"");
        assertThat(text).containsPattern("meter_reader_meter_readings_total\\{[^}]*meter=\"" + meter + "\"[^}]*status=\"OK\"");
        for (int c = 1; c <= CAMERAS; c++) {
            for (String name : List.of("camera_up", "camera_frames_total", "camera_drops_total", "camera_reconnects_total")) {
                assertThat(text).containsPattern("meter_reader_" + name + "\\{[^}]*camera=\"cam" + c + "\"");
            }
            // values, not just names: a camera's meters once read NaN and 0 after a garbage collection
            assertThat(text).containsPattern("meter_reader_camera_up\\{[^}]*camera=\"cam" + c + "\"[^}]*} 1\\.0\n");
            assertThat(text).containsPattern("meter_reader_camera_frames_total\\{[^}]*camera=\"cam" + c
                    + "\"[^}]*} [1-9][0-9]*\\.0\n");
        }
        assertThat(text).containsPattern("meter_reader_inference_latency_seconds_bucket\\{[^}]*backend=\"onnxruntime\"[^}]*model=\"detector\"");
        assertThat(text).containsPattern("meter_reader_inference_latency_seconds_bucket\\{[^}]*model=\"segmenter\"");
        assertThat(text).containsPattern("meter_reader_inference_batch_size_count\\{[^}]*model=\"detector\"");
        assertThat(text).contains("meter_reader_queue_depth");

        // A fixed camera's detections are reused (detect-every, 10 s by default): the detector
        // looks at a fraction of the frames the segmenter reads.
        double detected = sum(text, "meter_reader_inference_batch_size_sum\\{[^}]*model=\"detector\"[^}]*} (\\S+)");
        double frames = sum(text, "meter_reader_camera_frames_total\\{[^}]*} (\\S+)");
        System.out.printf(Locale.ROOT, "the detector looked at %.0f of %.0f frames%n", detected, frames);
        assertThat(detected).isPositive().isLessThan(0.6 * frames);
    }

    /** The sum of the values of every sample the pattern (with the value as its group) matches. */
    private static double sum(String prometheus, String sample) {
        Matcher m = Pattern.compile(sample).matcher(prometheus);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    @Test
    @Order(3)
    void rtspServerOutage_everyCameraStreamsAgainWithinTenSecondsOfItsReturn() throws Exception {
        Map<String, Long> reconnectsBefore = cameras().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get("reconnects").asLong()));
        server.stop();
        Thread.sleep(10_000);
        assertThat(cameras().values()).allSatisfy(c -> assertThat(c.get("state").asString()).isNotEqualTo("STREAMING"));
        server.start();
        long back = System.nanoTime();
        long end = back + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end && !cameras().values().stream().allMatch(c -> c.get("state").asString().equals("STREAMING"))) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - back) / 1e9;
        Map<String, JsonNode> after = cameras();
        System.out.printf(Locale.ROOT, "every camera STREAMING again %.1f s after the server returned%n", seconds);
        assertThat(after.values()).allSatisfy(c -> assertThat(c.get("state").asString()).isEqualTo("STREAMING"));
        assertThat(after.values()).as("read by the service's own RTSP client")
                .allSatisfy(c -> assertThat(c.get("reader").asString()).isEqualTo("native"));
        after.forEach((id, c) -> assertThat(c.get("reconnects").asLong()).as(id + " reconnects").isGreaterThan(reconnectsBefore.get(id)));
    }

    @Test
    @Order(4)
    void shutdown_leavesNoThreadBehind() throws Exception {
        app.close();
        app = null;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> leaked = leakedThreads();
        while (System.nanoTime() < end && !leaked.isEmpty()) {
            Thread.sleep(200);
            leaked = leakedThreads();
        }
        assertThat(leaked).as("threads started by the service and still alive").isEmpty();
    }

    private static Set<String> leakedThreads() {
        Set<String> now = liveThreads();
        now.removeAll(threadsBefore);
        // The JDK's and test framework's own pools come and go independently of the service; Java2D's
        // disposer is the JDK's one per process, started by the first image drawn.
        now.removeIf(n -> n.startsWith("HttpClient-") || n.startsWith("ForkJoinPool") || n.startsWith("Common-Cleaner")
                || n.startsWith("process reaper") || n.startsWith("Attach Listener") || n.startsWith("JavaCPP Deallocator")
                || n.startsWith("Cleaner") || n.equals("Java2D Disposer") || n.startsWith("surefire") || n.startsWith("Keep-Alive"));
        return now;
    }

    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private static int fewestReadings(List<String> meters) throws Exception {
        int fewest = Integer.MAX_VALUE;
        for (String meter : meters) {
            fewest = Math.min(fewest, get("/api/v1/meters/" + meter + "/readings?limit=1000").size());
        }
        return fewest;
    }

    private static boolean everyMeterHasOk(List<String> meters) throws Exception {
        for (String meter : meters) {
            JsonNode m = get("/api/v1/meters/" + meter);
            if (m.get("lastOk") == null || m.get("lastOk").isNull()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> cameras() throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode c : get("/api/v1/cameras")) {
            out.put(c.get("id").asString(), c);
        }
        return out;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void readTruth(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] p = line.split(",");
            String suffix = p[2].substring(p[2].indexOf('-'));
            TRUTH.computeIfAbsent(suffix, k -> new TreeMap<>()).put(Integer.parseInt(p[0]), Double.parseDouble(p[4]));
        }
    }

    /** The true value of the frame on screen {@code t} seconds into the video, or null past its end. */
    private static Double truthAt(String suffix, double t) {
        int frame = (int) Math.floor(t * FPS + 1e-6);
        if (frame < 0 || frame >= VIDEO_SECONDS * FPS) {
            return null;
        }
        return TRUTH.get(suffix).get(frame);
    }
}
