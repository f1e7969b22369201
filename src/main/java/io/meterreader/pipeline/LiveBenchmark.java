package io.meterreader.pipeline;

import io.meterreader.camera.CameraState;
import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.Calibrations;
import io.meterreader.config.CameraProperties;
import io.meterreader.config.Cameras;
import io.meterreader.config.CameraUrl;
import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.config.RtspClient;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Reading;
import io.meterreader.gauge.PointerViews;
import io.meterreader.inference.Models;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * {@code bench live}: the whole live pipeline, in this process, against N real RTSP streams
 * (served by scripts/rtsp-server.py, started by {@code scripts/bench live}). After a warm-up it
 * measures, over a window: frames read per second, capture-to-reading latency (p50, p99), drops,
 * CPU use, resident memory, and where the time went (decoding on the camera threads; detection,
 * segmentation and geometry on the inference thread). With {@code --model-only} it measures the
 * models alone on frames of a video instead, at batch 8: the throughput the live figures are
 * compared with.
 */
public final class LiveBenchmark {

    private LiveBenchmark() {
    }

    public static String usage() {
        return """
                bench live --cameras N --url TEMPLATE [--calibration DIR --calibration-camera ID]
                           [--seconds 60] [--warmup 20] [--read-interval 1s] [--detector P] [--segmenter P]
                           [--threads N] [--dial-views 2] [--workers N] [--max-batch 8] [--aligned]
                           [--detect-every 10s] [--int8 true] [--alternate-views true] [--rtsp-client native]
                bench live --model-only --video FILE [--seconds 20] [--detector P] [--segmenter P] [--threads N]
                           [--dial-views 2] [--workers N] [--max-batch 8] [--int8 true]
                  TEMPLATE is an RTSP URL with {i} for the camera number (1..N). The calibration files
                  of camera ID are copied for every camera. scripts/bench live runs the whole search
                  for the largest sustainable N. The cameras connect one after another, spread over
                  the read interval, so their key frames are spread over it too; --aligned connects
                  them all at once, so that every camera's frames fall due together. --detect-every:
                  how long a camera's detections are reused, as the service's
                  meter-reader.inference.detect-every (0 = the detector reads every frame). --int8:
                  whether ONNX Runtime runs a model's 8-bit copy, as meter-reader.inference.int8.
                  --alternate-views: whether a dial's two crops take turns from frame to frame, as
                  meter-reader.inference.alternate-views (--model-only segments every crop).
                  --rtsp-client: native (the service's own RTSP client, the default) or ffmpeg, as a
                  camera's rtsp-client.
                """;
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        Map<String, String> o = parse(args);
        InferenceProperties inference = new InferenceProperties(InferenceBackend.AUTO,
                Path.of(o.getOrDefault("detector", "models/meter-det.onnx")),
                Path.of(o.getOrDefault("segmenter", "models/meter-seg.onnx")), 0.25, 0.1, 0.45, 100,
                Integer.parseInt(o.getOrDefault("threads", "0")), Integer.parseInt(o.getOrDefault("max-batch", "8")),
                Duration.ofMillis(20),
                Integer.parseInt(o.getOrDefault("dial-views", "2")), Integer.parseInt(o.getOrDefault("workers", "0")),
                seconds(o.getOrDefault("detect-every", "10s")), bool(o, "int8", true),
                bool(o, "alternate-views", true), /* learnScaleMarks= */ true);
        if (o.containsKey("model-only")) {
            return modelOnly(o, inference, out);
        }
        return live(o, inference, out);
    }

    /** A duration in seconds, as {@code 1s}, {@code 0.5s} or {@code 10}. */
    private static Duration seconds(String text) {
        double value = Double.parseDouble(text.endsWith("s") ? text.substring(0, text.length() - 1) : text);
        if (!(value >= 0)) {
            throw new IllegalArgumentException("a duration must be 0 s or more, not " + text);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    private static boolean bool(Map<String, String> o, String name, boolean byDefault) {
        String text = o.getOrDefault(name, Boolean.toString(byDefault));
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("--" + name + " must be true or false, not " + text);
        }
        return Boolean.parseBoolean(text);
    }

    private static Map<String, String> parse(List<String> args) {
        Set<String> known = Set.of("cameras", "url", "calibration", "calibration-camera", "seconds", "warmup",
                "read-interval", "detector", "segmenter", "threads", "workers", "max-batch", "model-only", "aligned",
                "video", "dial-views", "detect-every", "int8", "alternate-views", "rtsp-client");
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (a.equals("--model-only") || a.equals("--aligned")) {
                o.put(a.substring(2), "true");
            } else if (i + 1 < args.size()) {
                o.put(a.substring(2), args.get(++i));
            } else {
                throw new IllegalArgumentException(a + " needs a value");
            }
        }
        return o;
    }

    private static int live(Map<String, String> o, InferenceProperties inference, PrintStream out) throws Exception {
        int n = Integer.parseInt(require(o, "cameras"));
        String template = require(o, "url");
        Duration interval = seconds(o.getOrDefault("read-interval", "1s"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "20"));
        RtspClient client = RtspClient.valueOf(o.getOrDefault("rtsp-client", "native").toUpperCase(Locale.ROOT));
        List<CameraProperties> cameras = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            cameras.add(new CameraProperties("cam" + i, CameraUrl.of(template.replace("{i}", Integer.toString(i))),
                    interval, true, Duration.ofSeconds(10), null, client,
                    CameraProperties.DEFAULT_FREEZE_TIMEOUT));
        }
        Calibrations calibrations = calibrations(o, cameras);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        Recorder recorder = new Recorder();
        try (InferenceWorkers workers = InferenceWorkers.open(inference, metrics)) {
            Models models = workers.models().get(0);
            out.printf(Locale.ROOT, "inference: %d worker(s) of %d thread(s), batches of up to %d%n",
                    workers.models().size(), workers.threads(), workers.maxBatch());
            Pipeline pipeline = new Pipeline(calibrations, workers.readers(), workers.maxBatch(),
                    new CalibratedMeterFilters(), recorder::accept, metrics, inference, Clock.systemUTC());
            // Plant cameras are not synchronised: each is connected a share of the read interval
            // after the one before, so their key frames, and the frames due, are spread over the
            // interval rather than arriving as one burst (--aligned: all at once).
            boolean aligned = o.containsKey("aligned");
            pipeline.start(new Cameras(aligned ? cameras : List.of()));
            try {
                if (!aligned) {
                    for (CameraProperties camera : cameras) {
                        pipeline.addCamera(camera);
                        Thread.sleep(interval.toMillis() / n);
                    }
                }
                // The warm-up starts once every camera streams, so the window measures them all.
                long connecting = System.nanoTime();
                while (System.nanoTime() - connecting < TimeUnit.SECONDS.toNanos(60)
                        && !pipeline.cameraStatuses().stream().allMatch(c -> c.state() == CameraState.STREAMING)) {
                    Thread.sleep(100);
                }
                out.printf(Locale.ROOT, "cameras streaming: %d of %d, %.1f s after the first was added%n",
                        pipeline.cameraStatuses().stream().filter(c -> c.state() == CameraState.STREAMING).count(), n,
                        (System.nanoTime() - connecting) / 1e9 + (aligned ? 0 : interval.toMillis() / 1000.0));
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                Snapshot a = Snapshot.take(pipeline, registry, models.backend());
                recorder.start();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                recorder.stop();
                Snapshot b = Snapshot.take(pipeline, registry, models.backend());
                report(out, n, interval, seconds, a, b, recorder, calibrations.all().size());
            } finally {
                pipeline.stop();
            }
        }
        return 0;
    }

    private static Calibrations calibrations(Map<String, String> o, List<CameraProperties> cameras)
            throws IOException {
        if (!o.containsKey("calibration")) {
            return new Calibrations(List.of());
        }
        Path source = Path.of(o.get("calibration"));
        String template = o.getOrDefault("calibration-camera", "cam");
        Path dir = Files.createTempDirectory("bench-calibration");
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String yaml = Files.readString(f);
                for (CameraProperties c : cameras) {
                    String text = yaml.replace("camera: " + template, "camera: " + c.id())
                            .replace("id: " + template, "id: " + c.id());
                    Files.writeString(dir.resolve(c.id() + "-" + f.getFileName()), text);
                }
            }
        }
        return new Calibrations(new CalibrationLoader().load(dir, cameras.stream().map(CameraProperties::id).toList()));
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    /** Readings made during the measuring window. */
    private static final class Recorder {
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final Set<String> frames = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> okByStatus = new ConcurrentHashMap<>();
        volatile boolean on;

        void start() {
            on = true;
        }

        void stop() {
            on = false;
        }

        void accept(Reading r) {
            if (!on || r.status() == io.meterreader.frame.ReadingStatus.CAMERA_DOWN) {
                return;
            }
            latencies.add(Duration.between(r.captureTime(), r.readTime()).toNanos());
            frames.add(r.cameraId() + "@" + r.captureTime());
            okByStatus.merge(r.status().name(), 1, Integer::sum);
        }
    }

    /** Counters at one moment. */
    private record Snapshot(long frames, long drops, long decodeCpu, long processCpu, long wall, double detect,
                            double segment, double geometry, long reads, double detected, double crops) {
        static Snapshot take(Pipeline p, SimpleMeterRegistry registry, String backend) {
            long frames = 0;
            long drops = 0;
            for (var s : p.cameraStatuses()) {
                frames += s.framesGrabbed();
                drops += s.framesDropped();
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(frames, drops, p.decodeCpuNanos(), os.getProcessCpuTime(), System.nanoTime(),
                    total(registry, "detector", backend), total(registry, "segmenter", backend),
                    total(registry, "geometry", "cpu"), count(registry, "geometry", "cpu"),
                    images(registry, "detector", backend), images(registry, "segmenter", backend));
        }

        private static double total(SimpleMeterRegistry r, String model, String backend) {
            Timer t = r.find(MeterReaderMetrics.INFERENCE_LATENCY).tags("model", model, "backend", backend).timer();
            return t == null ? 0 : t.totalTime(TimeUnit.NANOSECONDS);
        }

        /** Images the model has looked at. */
        private static double images(SimpleMeterRegistry r, String model, String backend) {
            var s = r.find(MeterReaderMetrics.INFERENCE_BATCH).tags("model", model, "backend", backend).summary();
            return s == null ? 0 : s.totalAmount();
        }

        private static long count(SimpleMeterRegistry r, String model, String backend) {
            Timer t = r.find(MeterReaderMetrics.INFERENCE_LATENCY).tags("model", model, "backend", backend).timer();
            return t == null ? 0 : t.count();
        }
    }

    private static void report(PrintStream out, int n, Duration interval, int seconds, Snapshot a, Snapshot b,
                               Recorder r, int meters) {
        double wall = (b.wall() - a.wall()) / 1e9;
        long[] lat = r.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = lat.length == 0 ? Double.NaN : lat[lat.length / 2] / 1e6;
        double p99 = lat.length == 0 ? Double.NaN : lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)] / 1e6;
        int framesRead = r.frames.size();
        double framesPerSecond = framesRead / wall;
        double expected = n * 1000.0 / interval.toMillis();
        long grabbed = b.frames() - a.frames();
        long dropped = b.drops() - a.drops();
        int cores = Runtime.getRuntime().availableProcessors();
        double cpu = (b.processCpu() - a.processCpu()) / 1e9 / wall / cores * 100;
        double perFrame = Math.max(1, framesRead);
        double decodeMs = (b.decodeCpu() - a.decodeCpu()) / 1e6 / Math.max(1, grabbed);
        double detectMs = (b.detect() - a.detect()) / 1e6 / perFrame;
        double segmentMs = (b.segment() - a.segment()) / 1e6 / perFrame;
        double geometryMs = (b.geometry() - a.geometry()) / 1e6 / perFrame;
        double batch = framesRead / (double) Math.max(1, b.reads() - a.reads());
        double detectedShare = (b.detected() - a.detected()) / perFrame;
        double cropsPerFrame = (b.crops() - a.crops()) / perFrame;
        boolean sustained = framesPerSecond >= 0.95 * expected && p99 < 1000;
        long rssMb = rssKb() / 1024;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        // What the heap holds after a full collection, against what G1 let it grow to: garbage
        // from a fast allocation rate grows the committed heap, and resident memory with it.
        System.gc();
        long liveMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        out.printf(Locale.ROOT, "cameras=%d meters=%d seconds=%.0f frames_read_per_s=%.2f expected_per_s=%.2f "
                        + "readings=%d latency_p50_ms=%.0f latency_p99_ms=%.0f frames_grabbed=%d frames_dropped=%d "
                        + "cpu_pct=%.0f rss_mb=%d heap_committed_mb=%d heap_used_mb=%d heap_live_mb=%d "
                        + "decode_ms_per_frame=%.2f detect_ms_per_frame=%.2f "
                        + "segment_ms_per_frame=%.2f crops_per_frame=%.2f geometry_ms_per_frame=%.2f mean_batch=%.2f "
                        + "detected_share=%.2f statuses=%s "
                        + "sustained=%s%n",
                n, meters, wall, framesPerSecond, expected, lat.length, p50, p99, grabbed, dropped, cpu, rssMb,
                heap.getCommitted() >> 20, heap.getUsed() >> 20, liveMb,
                decodeMs, detectMs, segmentMs, cropsPerFrame, geometryMs, batch, detectedShare, r.okByStatus.toString().replace(" ", ""),
                sustained);
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: no figure
        }
        return -1;
    }

    /** The models alone, at batch 8, on frames of a video: detection, then segmentation of every crop. */
    private static int modelOnly(Map<String, String> o, InferenceProperties inference, PrintStream out)
            throws Exception {
        List<ImageRegion> frames = new ArrayList<>();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(require(o, "video"));
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            g.start();
            Frame f;
            while (frames.size() < 8 && (f = g.grabKeyFrame()) != null) {
                ImageDecoder.BgrImage image = ImageDecoder.toBgr(converter.convert(f));
                frames.add(ImageRegion.whole(image.bgr(), image.width(), image.height()));
            }
        }
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        MeterReaderMetrics metrics = new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
        try (InferenceWorkers workers = InferenceWorkers.open(inference, metrics)) {
            // Each worker runs the models on its own batches, as the live pipeline's workers do.
            int batch = Math.min(frames.size(), workers.maxBatch());
            List<ModelOnlyWorker> runs = new ArrayList<>();
            for (Models models : workers.models()) {
                runs.add(new ModelOnlyWorker(models, frames.subList(0, batch), inference.dialViews()));
            }
            List<Thread> threads = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            for (ModelOnlyWorker run : runs) {
                Thread t = new Thread(() -> run.runUntil(end));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            int done = 0;
            long detectNanos = 0;
            long busyNanos = 0;
            int crops = 0;
            for (ModelOnlyWorker run : runs) {
                if (run.failure != null) {
                    throw run.failure;
                }
                done += run.framesRead;
                detectNanos += run.detectNanos;
                busyNanos += run.busyNanos;
                crops = run.crops.size();
            }
            out.printf(Locale.ROOT, "model_only_frames_per_s=%.2f batch=%d crops_per_frame=%.2f detect_share=%.2f "
                            + "workers=%d threads=%d backend=%s%n", done / wall, batch, crops / (double) batch,
                    busyNanos > 0 ? detectNanos / (double) busyNanos : 0, runs.size(), workers.threads(),
                    workers.models().get(0).backend());
        }
        return 0;
    }

    /** One worker of the model-only benchmark: detection, then segmentation of every crop, over and over. */
    private static final class ModelOnlyWorker {
        private final Models models;
        private final List<ImageRegion> frames;
        final List<ImageRegion> crops = new ArrayList<>();
        int framesRead;
        long detectNanos;
        long busyNanos;
        RuntimeException failure;

        ModelOnlyWorker(Models models, List<ImageRegion> frames, int dialViews) {
            this.models = models;
            this.frames = frames;
            List<List<Detection>> dets = models.detector().detect(frames);
            for (int k = 0; k < frames.size(); k++) {
                for (Detection d : dets.get(k)) {
                    if (d.classId() == ModelFrameReader.METER) {
                        crops.addAll(ModelFrameReader.cropsOf(frames.get(k), d.box(), PointerViews.margins(dialViews)));
                    }
                }
            }
            models.segmenter().segment(crops);
        }

        void runUntil(long end) {
            try {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    models.detector().detect(frames);
                    long t1 = System.nanoTime();
                    models.segmenter().segment(crops);
                    detectNanos += t1 - t0;
                    busyNanos += System.nanoTime() - t0;
                    framesRead += frames.size();
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }
}
