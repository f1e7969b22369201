package io.meterreader.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_BACKEND_OPENCV;
import static org.bytedeco.opencv.global.opencv_dnn.DNN_TARGET_CPU;
import static org.bytedeco.opencv.global.opencv_dnn.readNetFromONNX;

import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.onnx.OnnxRuntimeRunner;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.YoloLayout;
import io.meterreader.inference.yolo.YoloPostprocessor;
import io.meterreader.inference.yolo.YoloTask;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * {@code bench inference}: model-only throughput of the detector and the segmenter at batch 1
 * and 8, on ONNX Runtime and on OpenCV DNN (CPU backend) with the same ONNX files and the same
 * pre-processed input, in one process; and the Java pre- plus post-processing time as a share of
 * ONNX Runtime's model time. After warm-up runs, each timed round runs pre-processing, ONNX
 * Runtime, post-processing and OpenCV DNN one after the other, so that on a shared machine all
 * see the same load; reported: mean, p50, p99 and images per second. The last line holds every
 * figure as space-separated name=value pairs.
 *
 * <p>Targets: ONNX Runtime at least 1.5x OpenCV DNN; pre+post at most 10% of model time.
 * Timings on a shared machine vary: compare the ratios, which are measured side by side.
 */
public final class InferenceBenchmark {

    static final List<String> DETECTOR_CLASSES = List.of("meter", "water", "level");
    static final List<String> SEGMENTER_CLASSES = List.of("pointer", "scale");
    static final double SPEEDUP_TARGET = 1.5;
    static final double PREPOST_TARGET_PERCENT = 10;
    static final int JAVA_WARMUP = 30;

    /** The command line, parsed. */
    record Options(Path detector, Path segmenter, int warmup, int iterations, int threads, List<Integer> batches,
                   String standIn, Path openCvFixedBatch) {
    }

    private InferenceBenchmark() {
    }

    public static String usage() {
        return """
                Usage: java -jar meter-reader.jar bench inference [OPTIONS]
                  --detector PATH     detection model (default models/meter-det.onnx)
                  --segmenter PATH    segmentation model (default models/meter-seg.onnx); a model's
                                      8-bit copy (NAME-int8.onnx, made from it) is timed beside it
                  --warmup N          untimed runs before each measurement (default 3)
                  --iterations N      timed runs per measurement (default 20)
                  --threads N         CPU threads for both runtimes (default: all cores)
                  --batches LIST      batch sizes, comma-separated (default 1,8)
                  --stand-in TEXT     say in the output that the models are stand-ins, and why
                  --opencv-fixed-batch DIR
                                      where OpenCV DNN finds NAME.bN.onnx, fixed-batch copies of the
                                      models (scripts/bench makes them; OpenCV cannot run a
                                      dynamic-batch YOLOv8 export beyond batch 1)
                """;
    }

    /**
     * Runs the benchmark.
     *
     * @throws IllegalArgumentException for a bad command line or a missing model file
     */
    public static int run(List<String> args, PrintStream out) {
        Options o = parse(args);
        for (Path p : List.of(o.detector(), o.segmenter())) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(p + " does not exist (scripts/bench inference builds stand-in"
                        + " models when the trained ones are missing)");
            }
        }
        opencv_core.setNumThreads(o.threads());
        out.printf(Locale.ROOT, "inference benchmark: %d threads, %d warm-up and %d timed runs per figure, %s%n",
                o.threads(), o.warmup(), o.iterations(), System.getProperty("os.arch"));
        if (o.standIn() != null) {
            out.println("NOTE: models are stand-ins: " + o.standIn());
        }
        Map<String, String> figures = new LinkedHashMap<>();
        double minSpeedup = Double.MAX_VALUE;
        double maxPrePost = 0;
        boolean openCvFailed = false;
        for (YoloTask task : YoloTask.values()) {
            String model = task == YoloTask.DETECT ? "det" : "seg";
            Path path = task == YoloTask.DETECT ? o.detector() : o.segmenter();
            List<String> classes = task == YoloTask.DETECT ? DETECTOR_CLASSES : SEGMENTER_CLASSES;
            int maxBatch = o.batches().stream().mapToInt(Integer::intValue).max().orElse(1);
            Int8Copy copy = Int8Copy.choose(path);
            try (OnnxRuntimeRunner runner = OnnxRuntimeRunner.open(path, task, classes, o.threads(), maxBatch);
                 OnnxRuntimeRunner int8 = copy.file().equals(path) ? null
                         : OnnxRuntimeRunner.open(copy.file(), task, classes, o.threads(), maxBatch)) {
                YoloLayout layout = runner.layout();
                out.printf(Locale.ROOT, "%s: %s, input %dx%d, %d classes, %d anchors%n", model, path,
                        layout.inputWidth(), layout.inputHeight(), layout.classCount(), layout.anchorCount());
                for (int batch : o.batches()) {
                    String key = model + "_b" + batch;
                    List<ImageRegion> images = images(task, batch);
                    List<Letterbox> boxes = new ArrayList<>();
                    for (ImageRegion image : images) {
                        boxes.add(Letterbox.of(image.width(), image.height(), layout.inputWidth(),
                                layout.inputHeight()));
                    }
                    YoloPostprocessor post = new YoloPostprocessor(layout, 0.25, 0.45, 100);
                    RawOutputs outputs = runner.outputs();
                    int[] found = new int[1];
                    Runnable preWork = () -> runner.preprocess(images, boxes);
                    Runnable ortWork = () -> runner.infer(batch);
                    Runnable postWork = () -> {
                        found[0] = 0;
                        for (int i = 0; i < batch; i++) {
                            found[0] += post.process(outputs.predictions(), outputs.prototypes(), i,
                                    boxes.get(i)).size();
                        }
                    };
                    preWork.run();
                    ortWork.run();
                    Runnable int8Work = int8 == null ? null : () -> int8.infer(batch);
                    if (int8 != null) {
                        int8.preprocess(images, boxes);
                    }
                    // the Java parts are cheap: warm them up long enough for the JIT compiler
                    for (int i = 0; i < JAVA_WARMUP; i++) {
                        preWork.run();
                        postWork.run();
                    }
                    Path cvModel = openCvModel(o, path, batch);
                    Net net = null;
                    OpenCvRun cvRun = null;
                    try {
                        net = readNetFromONNX(cvModel.toString());
                        cvRun = new OpenCvRun(net, runner.input(), layout, batch);
                        cvRun.forward();
                    } catch (RuntimeException e) {
                        out.printf(Locale.ROOT, "  batch %d  opencv-dnn failed on %s: %s%n", batch, cvModel,
                                String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                        openCvFailed = true;
                        cvRun = null;
                    }
                    // interleaved, so that both runtimes see the same load on a shared machine
                    for (int i = 0; i < o.warmup(); i++) {
                        ortWork.run();
                        if (int8Work != null) {
                            int8Work.run();
                        }
                        if (cvRun != null) {
                            cvRun.forward();
                        }
                    }
                    double[] preMs = new double[o.iterations()];
                    double[] ortMs = new double[o.iterations()];
                    double[] postMs = new double[o.iterations()];
                    double[] cvMs = new double[o.iterations()];
                    double[] int8Ms = new double[o.iterations()];
                    for (int i = 0; i < o.iterations(); i++) {
                        preMs[i] = millis(preWork);
                        ortMs[i] = millis(ortWork);
                        postMs[i] = millis(postWork);
                        if (cvRun != null) {
                            cvMs[i] = millis(cvRun::forward);
                        }
                        if (int8Work != null) {
                            int8Ms[i] = millis(int8Work);
                        }
                    }
                    Stats pre = new Stats(preMs);
                    Stats ort = new Stats(ortMs);
                    Stats postStats = new Stats(postMs);
                    Stats cv = cvRun == null ? null : new Stats(cvMs);
                    double agreement = Double.NaN;
                    if (cvRun != null) {
                        agreement = cvRun.maxDifference(outputs.predictions());
                        cvRun.close();
                    }
                    if (net != null) {
                        net.close();
                    }
                    double speedup = cv == null ? Double.NaN : cv.mean() / ort.mean();
                    double prePost = 100 * (pre.mean() + postStats.mean()) / ort.mean();
                    if (cv != null) {
                        minSpeedup = Math.min(minSpeedup, speedup);
                    }
                    maxPrePost = Math.max(maxPrePost, prePost);
                    out.printf(Locale.ROOT, "  batch %d  onnxruntime %s | opencv-dnn %s | ort/opencv %.2fx%n",
                            batch, ort.describe(batch), cv == null ? "failed" : cv.describe(batch), speedup);
                    out.printf(Locale.ROOT, "           java pre %.2f ms (p50 %.2f) + post %.2f ms (p50 %.2f, %d"
                            + " detections) = %.1f%% of model time; outputs differ by at most %.2g%s%n", pre.mean(),
                            pre.percentile(50), postStats.mean(), postStats.percentile(50), found[0], prePost,
                            agreement, cvModel.equals(path) ? ""
                                    : " (opencv ran " + cvModel.getFileName() + ", the same graph with batch "
                                    + batch + " fixed)");
                    if (int8Work != null) {
                        Stats eight = new Stats(int8Ms);
                        out.printf(Locale.ROOT, "           onnxruntime, its 8-bit copy %s: %s | float/8-bit %.2fx%n",
                                copy.file().getFileName(), eight.describe(batch), ort.mean() / eight.mean());
                        put(figures, key + "_int8", eight, batch);
                        figures.put(key + "_int8_speedup", fmt(ort.mean() / eight.mean()));
                    }
                    put(figures, key + "_ort", ort, batch);
                    put(figures, key + "_cv", cv, batch);
                    figures.put(key + "_speedup", fmt(speedup));
                    figures.put(key + "_pre_ms", fmt(pre.mean()));
                    figures.put(key + "_pre_p50_ms", fmt(pre.percentile(50)));
                    figures.put(key + "_post_ms", fmt(postStats.mean()));
                    figures.put(key + "_post_p50_ms", fmt(postStats.percentile(50)));
                    figures.put(key + "_prepost_pct", fmt(prePost));
                }
            }
        }
        boolean met = !openCvFailed && minSpeedup >= SPEEDUP_TARGET && maxPrePost <= PREPOST_TARGET_PERCENT;
        out.printf(Locale.ROOT, "targets: ort/opencv >= %.1fx (worst %.2fx), pre+post <= %.0f%% (worst %.1f%%): %s%n",
                SPEEDUP_TARGET, minSpeedup, PREPOST_TARGET_PERCENT, maxPrePost, met ? "met" : "NOT met");
        figures.put("min_speedup", fmt(minSpeedup));
        figures.put("max_prepost_pct", fmt(maxPrePost));
        figures.put("targets_met", Boolean.toString(met));
        figures.put("threads", Integer.toString(o.threads()));
        figures.put("stand_in_models", Boolean.toString(o.standIn() != null));
        StringBuilder last = new StringBuilder();
        figures.forEach((k, v) -> last.append(last.isEmpty() ? "" : " ").append(k).append('=').append(v));
        out.println(last);
        return 0;
    }

    static Options parse(List<String> args) {
        Path detector = Path.of("models/meter-det.onnx");
        Path segmenter = Path.of("models/meter-seg.onnx");
        int warmup = 3;
        int iterations = 20;
        int threads = Runtime.getRuntime().availableProcessors();
        List<Integer> batches = List.of(1, 8);
        String standIn = null;
        Path openCvFixedBatch = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("unknown or incomplete option " + a);
            }
            String v = args.get(++i);
            switch (a) {
                case "--detector" -> detector = Path.of(v);
                case "--segmenter" -> segmenter = Path.of(v);
                case "--warmup" -> warmup = positive(a, v, true);
                case "--iterations" -> iterations = positive(a, v, false);
                case "--threads" -> threads = positive(a, v, false);
                case "--batches" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String b : v.split(",")) {
                        int n = positive(a, b.trim(), false);
                        if (n > 8) {
                            throw new IllegalArgumentException("--batches: at most 8, got " + n);
                        }
                        list.add(n);
                    }
                    batches = List.copyOf(list);
                }
                case "--stand-in" -> standIn = v;
                case "--opencv-fixed-batch" -> openCvFixedBatch = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(detector, segmenter, warmup, iterations, threads, batches, standIn, openCvFixedBatch);
    }

    private static int positive(String option, String value, boolean zeroAllowed) {
        try {
            int n = Integer.parseInt(value);
            if (n < (zeroAllowed ? 0 : 1)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected a " + (zeroAllowed ? "non-negative" : "positive")
                    + " number, got '" + value + "'");
        }
    }

    /** Camera-like frames for the detector, gauge-crop-like regions for the segmenter. */
    static List<ImageRegion> images(YoloTask task, int n) {
        List<ImageRegion> images = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            int w = task == YoloTask.DETECT ? 1280 : 280 + 10 * i;
            int h = task == YoloTask.DETECT ? 720 : 300 - 5 * i;
            byte[] bgr = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    bgr[o] = (byte) (x * 255 / w);
                    bgr[o + 1] = (byte) (y * 255 / h);
                    bgr[o + 2] = (byte) ((x + y + random.nextInt(16)) & 0xFF);
                }
            }
            images.add(ImageRegion.whole(bgr, w, h));
        }
        return images;
    }

    /** Timings of one measurement, in milliseconds. */
    record Stats(double[] ms) {
        double mean() {
            return Arrays.stream(ms).average().orElse(Double.NaN);
        }

        double percentile(double p) {
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }

        String describe(int batch) {
            return String.format(Locale.ROOT, "mean %.2f p50 %.2f p99 %.2f ms, %.1f img/s", mean(), percentile(50),
                    percentile(99), batch * 1000 / mean());
        }
    }

    private static double millis(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * The file OpenCV DNN runs at this batch: a fixed-batch copy from {@code --opencv-fixed-batch}
     * when there is one (OpenCV folds shapes for the declared batch, so a dynamic-batch export
     * fails there beyond batch 1), otherwise the model itself.
     */
    static Path openCvModel(Options o, Path model, int batch) {
        if (o.openCvFixedBatch() == null) {
            return model;
        }
        String stem = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        Path copy = o.openCvFixedBatch().resolve(stem + ".b" + batch + ".onnx");
        return Files.isRegularFile(copy) ? copy : model;
    }

    private static void put(Map<String, String> figures, String key, Stats s, int batch) {
        if (s == null) {
            for (String f : List.of("_mean_ms", "_p50_ms", "_p99_ms", "_img_per_s")) {
                figures.put(key + f, "nan");
            }
            return;
        }
        figures.put(key + "_mean_ms", fmt(s.mean()));
        figures.put(key + "_p50_ms", fmt(s.percentile(50)));
        figures.put(key + "_p99_ms", fmt(s.percentile(99)));
        figures.put(key + "_img_per_s", fmt(batch * 1000 / s.mean()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** OpenCV DNN on a view of ONNX Runtime's input buffer: both runtimes see the same floats. */
    private static final class OpenCvRun implements AutoCloseable {
        private final Net net;
        private final FloatPointer data;
        private final Mat blob;
        private final MatVector outputs = new MatVector();
        private final org.bytedeco.opencv.opencv_core.StringVector names;

        OpenCvRun(Net net, FloatBuffer input, YoloLayout layout, int batch) {
            this.net = net;
            net.setPreferableBackend(DNN_BACKEND_OPENCV);
            net.setPreferableTarget(DNN_TARGET_CPU);
            this.data = new FloatPointer(input);
            this.blob = new Mat(new int[] {batch, 3, layout.inputHeight(), layout.inputWidth()}, CV_32F, data);
            this.names = net.getUnconnectedOutLayersNames();
        }

        void forward() {
            net.setInput(blob);
            net.forward(outputs, names);
        }

        /** Largest difference between OpenCV's and ONNX Runtime's prediction outputs. */
        double maxDifference(FloatBuffer ort) {
            forward();
            double worst = 0;
            for (long i = 0; i < outputs.size(); i++) {
                Mat m = outputs.get(i);
                if (m.dims() != 3) {
                    continue;
                }
                FloatPointer p = new FloatPointer(m.data()).capacity(m.total());
                long n = Math.min(m.total(), ort.capacity());
                for (int k = 0; k < n; k++) {
                    worst = Math.max(worst, Math.abs(p.get(k) - ort.get(k)));
                }
            }
            return worst;
        }

        @Override
        public void close() {
            blob.close();
            outputs.close();
            data.close();
        }
    }
}
