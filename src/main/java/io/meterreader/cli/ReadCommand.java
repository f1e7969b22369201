package io.meterreader.cli;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.config.MeterCalibration;
import io.meterreader.gauge.LevelDiagnostics;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerDiagnostics;
import io.meterreader.gauge.PointerEvidence;
import io.meterreader.pipeline.FoundGauge;
import io.meterreader.pipeline.ImageDecoder;
import io.meterreader.pipeline.OfflineReader;
import io.meterreader.pipeline.VideoEvaluation;
import io.meterreader.pipeline.SnapshotRenderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code read FILE...}: every gauge in images (JPEG, PNG) or videos (anything FFmpeg opens,
 * sampled every {@code --every}), as one JSON object per line: the same shape as
 * {@code POST /api/v1/read}, plus the file and, for videos, the time of the frame.
 */
final class ReadCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("min", "max", "unit", "every", "annotate", "scale-marks", "level-marks", "detector", "segmenter", "confidence",
            "dial-views", "seg-confidence", "backend", "threads", "int8");
    /** The model options {@link #inference(Options)} reads, as the usage texts list them. */
    static final String MODEL_OPTIONS = """
              --detector PATH      detection model (default models/meter-det.onnx)
              --segmenter PATH     segmentation model (default models/meter-seg.onnx)
              --backend NAME       auto | onnxruntime | tensorrt (default auto)
              --threads N          ONNX Runtime threads (default 0: all cores)
              --confidence C       drop detections below this confidence (default 0.25, as the service)
              --seg-confidence C   drop pointer and tick instances below this (default 0.1, as the service)
              --dial-views N       crops each dial is read from, readings combined: 1 or 2 (default 2, as the service)
              --int8 BOOL          on ONNX Runtime, run a model's 8-bit copy NAME-int8.onnx where one was
                                   made from it: true | false (default true, as the service)
            """;
    private final ObjectMapper json = JsonMapper.builder().build();

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String summary() {
        return "read gauges in image or video files without a camera; JSON out";
    }

    @Override
    public String usage() {
        return """
                Usage: java -jar meter-reader.jar read [OPTIONS] FILE...

                Reads every gauge in each image (JPEG, PNG) or video (sampled every --every) and
                prints one JSON object per image or sampled frame:
                  {"file":..,"time":..,"width":..,"height":..,"gauges":[{"type":"pointer|level",
                   "box":{..},"confidence":..,"fraction":..,"value":..,"unit":..,"status":".."}]}

                Options:
                  --min X --max Y      the scale's range: value = X + fraction * (Y - X)
                  --unit U             the unit of the values
                  --counterclockwise   the dial's values grow counter-clockwise (a vacuum
                                       gauge): min is at the scale's clockwise end
                  --scale-marks PX,PY,MINX,MINY,MAXX,MAXY
                                       read the dial under the pivot (PX, PY) from its pointer
                                       alone, against the centres of its min and max ticks
                                       (image pixels), as a calibration's scale-marks
                  --level-marks EMPTY,FULL[,X]
                                       measure the sight glass at column X (or the one spanning
                                       those rows) between the rows of its surface when empty
                                       and when full, as a calibration's level-marks
                  --every DURATION     video sampling interval (default 1s; e.g. 500ms, 2s)
                  --annotate DIR       also write each image (or sampled frame) as a JPEG into DIR,
                                       with every gauge's box, pointer and status drawn on it
                                       (a dial's scale ticks as dots, its first and last ringed)
                  --explain            add to each gauge what its reading was made of: the
                                       geometry's confidence (the service shows a reading from
                                       0.5), the fraction before the confidence gate, the ticks,
                                       and each factor of the confidence (1 = no doubt)
                """ + MODEL_OPTIONS;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, OPTIONS, Set.of("explain", "counterclockwise"));
        if (o.positional().isEmpty()) {
            throw new UsageException("name at least one image or video file");
        }
        OfflineReader.Scale scale = scale(o);
        MeterCalibration.ScaleMarks scaleMarks = null;
        OfflineReader.GlassMarks levelMarks = null;
        try {
            if (o.has("scale-marks")) {
                scaleMarks = OfflineReader.parseMarks(o.get("scale-marks", ""));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--scale-marks: " + e.getMessage());
        }
        try {
            if (o.has("level-marks")) {
                levelMarks = OfflineReader.parseLevelMarks(o.get("level-marks", ""));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--level-marks: " + e.getMessage());
        }
        OfflineReader.Marks marks = new OfflineReader.Marks(scaleMarks, levelMarks);
        Duration every = duration("every", o.get("every", "1s"));
        if (every.isNegative() || every.isZero()) {
            throw new UsageException("--every must be more than 0, got '" + o.get("every", "") + "'");
        }
        Output output = new Output(out, o.has("annotate") ? annotated(o.get("annotate", null)) : null,
                o.flag("explain"));
        // a file misnamed is found before the models load: the others are read, and a list of
        // which none is there is a usage error that loads nothing
        int failures = 0;
        List<String> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String f : o.positional()) {
            Path path = Path.of(f);
            String problem = Files.isDirectory(path) ? f + " is a folder: name the images or videos in it"
                    : !Files.isReadable(path) ? "cannot read " + f + (Files.exists(path) ? "" : ": no such file") : null;
            if (problem == null) {
                files.add(f);
            } else {
                missing.add(problem);
            }
        }
        if (files.isEmpty()) {
            throw new UsageException(String.join("; ", missing));
        }
        for (String problem : missing) {
            err.println("meter-reader read: " + problem);
            failures++;
        }
        try (OfflineReader reader = OfflineReader.open(inference(o))) {
            for (String file : files) {
                try {
                    String format = format(Path.of(file));
                    switch (format) {
                        case "jpeg", "png" -> {
                            ImageDecoder.BgrImage image = ImageDecoder.decode(Files.readAllBytes(Path.of(file)));
                            OfflineReader.Annotated read = reader.readAnnotated(image, scale, marks);
                            emit(output, file, null, read);
                            if (read.result().gauges().isEmpty()) {
                                // "gauges": [] alone left the engineer to guess why
                                err.println("meter-reader read: " + file + ": no gauge found: the models find dials "
                                        + "and sight glasses in the styles models/MODEL_CARD.md lists, from about 100 "
                                        + "pixels across (--confidence 0.1 shows less sure ones)");
                            }
                        }
                        case VIDEO -> readVideo(reader, file, every, scale, marks, output, err);
                        default -> throw new ImageDecoder.UnreadableImageException("a " + format
                                + " image; read takes JPEG or PNG images, and videos");
                    }
                } catch (ImageDecoder.UnreadableImageException | ImageDecoder.ImageTooLargeException e) {
                    err.println("meter-reader read: " + file + ": " + e.getMessage());
                    failures++;
                } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
                    err.println("meter-reader read: " + file + ": " + VideoEvaluation.videoProblem(e));
                    failures++;
                } catch (java.nio.file.FileSystemException e) {
                    // a file gone or unreadable since it was listed, or an --annotate folder that cannot be written
                    err.println("meter-reader read: " + file + ": " + Cli.fileProblem(e));
                    failures++;
                }
            }
        }
        return failures == 0 ? Cli.EXIT_OK : Cli.EXIT_FAILED;
    }

    /**
     * What a file holds, by its first bytes before its name ({@link ImageDecoder#format}): a JPEG
     * saved as {@code .jfif} is read as the image it is, with the image checks (cut short, too many
     * pixels), where FFmpeg read it as a video of one frame, without them; a BMP, GIF, WebP or TIFF
     * is refused as the API refuses it. A file whose bytes are none of these is a video, unless
     * its name says JPEG or PNG (the image decoder then says it is none).
     */
    static String format(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(12);
        }
        String format = ImageDecoder.format(head);
        if (format != null) {
            return format;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") ? "jpeg" : VIDEO;
    }

    private static final String VIDEO = "video";

    /** The {@code --annotate} folder, made before the models load; one that cannot be made is a usage error. */
    private static AnnotatedImages annotated(String dir) {
        try {
            return new AnnotatedImages(Path.of(dir));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UsageException("--annotate " + dir + ": a file is there, not a folder");
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--annotate " + dir + ": the folder cannot be made ("
                    + (e instanceof java.nio.file.FileSystemException fs ? Cli.fileProblem(fs) : e.getMessage()) + ")");
        }
    }

    static InferenceProperties inference(Options o) {
        InferenceBackend backend;
        try {
            backend = InferenceBackend.valueOf(o.get("backend", "auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--backend must be auto, onnxruntime or tensorrt");
        }
        int threads = o.integer("threads", 0);
        if (threads < 0) {
            throw new UsageException("--threads must be 0 (all cores) or more, got " + threads);
        }
        return new InferenceProperties(backend, Path.of(o.get("detector", "models/meter-det.onnx")),
                Path.of(o.get("segmenter", "models/meter-seg.onnx")), confidence(o, "confidence", 0.25),
                confidence(o, "seg-confidence", 0.1), 0.45, 100, threads, 8,
                Duration.ofMillis(20), dialViews(o), 1, Duration.ZERO, o.bool("int8", true),
                o.bool("alternate-views", true), o.bool("learn-marks", true));
    }

    /** Option {@code --dial-views}: 1 or 2 crops per dial (2 by default, as the service). */
    static int dialViews(Options o) {
        int views = o.integer("dial-views", 2);
        if (views < 1 || views > 2) {
            throw new UsageException("--dial-views must be 1 or 2, got " + views);
        }
        return views;
    }

    /** Option {@code --name} as a confidence between 0 and 1, or {@code byDefault} when not given. */
    static double confidence(Options o, String name, double byDefault) {
        Double c = o.number(name);
        if (c == null) {
            return byDefault;
        }
        if (!(c >= 0 && c <= 1)) {
            throw new UsageException("--" + name + " must be between 0 and 1, got " + c);
        }
        return c;
    }

    private static OfflineReader.Scale scale(Options o) {
        Double min = o.number("min");
        Double max = o.number("max");
        if (min == null && max == null) {
            if (o.flag("counterclockwise")) {
                throw new UsageException("--counterclockwise needs --min and --max");
            }
            if (o.has("unit")) {
                throw new UsageException("--unit needs --min and --max: a fraction has no unit");
            }
            return null;
        }
        if (min == null || max == null) {
            throw new UsageException("--min and --max go together");
        }
        if (!(min < max)) {
            throw new UsageException("--min must be less than --max, got --min " + o.get("min", "") + " --max "
                    + o.get("max", ""));
        }
        if (!Double.isFinite(max - min)) {
            throw new UsageException("--max less --min must be a finite number");
        }
        return new OfflineReader.Scale(min, max, o.get("unit", null), o.flag("counterclockwise"));
    }

    /** A duration given as option {@code --name}: {@code 1s}, {@code 500ms} or seconds. */
    static Duration duration(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a duration such as 1s or 500ms, got '" + text + "'");
        }
    }

    /**
     * Reads a video's frames at the sampling grid (its first frame's time, then every
     * {@code every}), each sample the first frame at or after its grid point. Where frames are
     * missing for longer than a sample's interval (a damaged middle, a gap in a recording),
     * {@code err} says which seconds were passed over: the output alone showed only that some
     * times were missing, and the samples after the gap fell off the grid.
     */
    private void readVideo(OfflineReader reader, String file, Duration every, OfflineReader.Scale scale,
                           OfflineReader.Marks marks, Output output, PrintStream err)
            throws IOException, ImageDecoder.ImageTooLargeException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            ImageDecoder.checkSize(grabber.getImageWidth(), grabber.getImageHeight());
            long step = every.toNanos() / 1000;
            double fps = grabber.getFrameRate();
            // frames missing: more than a sample's interval, and more than a few frames, without one
            long gap = Math.max(step, fps > 0 && fps < 1000 ? Math.round(3_000_000 / fps) : step);
            long next = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                if (last != Long.MIN_VALUE && f.timestamp - last > gap) {
                    err.printf(Locale.ROOT, "meter-reader read: %s: no frame could be read from %.1f s to %.1f s "
                            + "(the video is damaged there, or has a gap)%n", file, last / 1e6, f.timestamp / 1e6);
                }
                last = f.timestamp;
                if (next != Long.MIN_VALUE && f.timestamp < next) {
                    continue;
                }
                // the next grid point after this frame: a gap does not shift the samples after it
                next = next == Long.MIN_VALUE ? f.timestamp + step
                        : next + ((f.timestamp - next) / step + 1) * step;
                ImageDecoder.BgrImage image = ImageDecoder.toBgr(converter.convert(f));
                emit(output, file, f.timestamp / 1e6, reader.readAnnotated(image, scale, marks));
            }
        }
    }

    /**
     * Where each result goes: the JSON lines, the {@code --annotate} folder (null without it), and
     * whether {@code --explain} was asked for.
     */
    private record Output(PrintStream out, AnnotatedImages annotate, boolean explain) {
    }

    /** Prints the result and, with {@code --annotate}, writes the annotated image beside the others. */
    private void emit(Output output, String file, Double time, OfflineReader.Annotated read) throws IOException {
        print(output.out(), file, time, read.result(), output.explain() ? read.found() : null);
        if (output.annotate() != null) {
            output.annotate().write(file, time, SnapshotRenderer.jpeg(read.snapshot(), 0.9f));
        }
    }

    /**
     * The {@code --annotate} folder: each image under its file's name (a video's frames with their
     * time), and a name already written in this run gets a number, so that two inputs called the
     * same in different folders do not overwrite each other.
     */
    private static final class AnnotatedImages {
        private final Path dir;
        private final Set<String> written = new HashSet<>();

        AnnotatedImages(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
        }

        void write(String file, Double time, byte[] jpeg) throws IOException {
            String name = Path.of(file).getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = (dot > 0 ? name.substring(0, dot) : name)
                    + (time == null ? "" : String.format(Locale.ROOT, "-%08.3fs", time));
            String unique = stem;
            for (int n = 2; !written.add(unique); n++) {
                unique = stem + "-" + n;
            }
            Files.write(dir.resolve(unique + ".jpg"), jpeg);
        }
    }

    /** One result line; with {@code found}, each gauge with its {@code explain} object. */
    private void print(PrintStream out, String file, Double time, OfflineReader.ImageResult result,
                       List<FoundGauge> found) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file", file);
        if (time != null) {
            line.put("time", round(time));
        }
        line.put("width", result.width());
        line.put("height", result.height());
        if (found == null) {
            line.put("gauges", result.gauges());
        } else {
            List<Map<String, Object>> gauges = new ArrayList<>();
            for (int i = 0; i < result.gauges().size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> g = json.convertValue(result.gauges().get(i), LinkedHashMap.class);
                g.put("explain", explain(found.get(i)));
                gauges.add(g);
            }
            line.put("gauges", gauges);
        }
        out.println(json.writeValueAsString(line));
    }

    /** What a gauge's reading was made of, whatever its status. */
    static Map<String, Object> explain(FoundGauge g) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("readingConfidence", round(g.confidence()));
        e.put("geometryStatus", g.status().name());
        if (g.measurement().diagnostics() instanceof PointerDiagnostics p && MarkedPointerReader.METHOD.equals(p.method())) {
            // read from the pointer against scale marks: no ticks were found or used
            e.put("reader", "scale-marks");
            e.put("rawFraction", p.rawFraction() == null ? null : round(p.rawFraction()));
            e.put("pointerAngle", p.pointerAngle() == null ? null : round(p.pointerAngle()));
        } else if (g.measurement().diagnostics() instanceof PointerDiagnostics p) {
            e.put("rawFraction", p.rawFraction() == null ? null : round(p.rawFraction()));
            e.put("ticks", p.tickCount());
            e.put("intervals", p.tickIntervals());
            if (p.evidence() != null) {
                Map<String, Object> factors = new LinkedHashMap<>();
                double[] f = p.evidence().factors();
                for (int k = 0; k < f.length; k++) {
                    factors.put(PointerEvidence.FACTOR_NAMES[k], round(f[k]));
                }
                e.put("factors", factors);
            }
        } else if (g.measurement().diagnostics() instanceof LevelDiagnostics l) {
            e.put("rawFraction", l.rawFraction() == null ? null : round(l.rawFraction()));
            e.put("edgeContrast", round(l.edgeContrast()));
            if (l.readBetween() != null) {
                // where the glass's ends were taken to be (the detected box's, or moved in onto the glass's own)
                e.put("glassEnds", Map.of("top", round(l.readBetween().y()), "bottom", round(l.readBetween().y2())));
            }
        }
        return e;
    }

    /** To a thousandth. */
    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
