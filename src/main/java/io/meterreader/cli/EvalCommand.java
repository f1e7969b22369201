package io.meterreader.cli;

import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.InferenceProperties;
import io.meterreader.config.MeterCalibration;
import io.meterreader.pipeline.AccuracyEvaluation;
import io.meterreader.pipeline.MaskOffsetMeasure;
import io.meterreader.pipeline.OfflineReader;
import io.meterreader.pipeline.VideoEvaluation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code eval DIR}: reading accuracy of the whole pipeline over a synthetic dataset split. */
final class EvalCommand implements Command {

    private static final Set<String> OPTIONS = Set.of("split", "limit", "geometry", "min-confidence", "gauges", "detector", "dial-views",
            "segmenter", "confidence", "seg-confidence", "backend", "threads", "video", "gt", "calibration", "camera",
            "detect-every", "int8", "alternate-views", "learn-marks");

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "measure reading accuracy over a synthetic test split";
    }

    @Override
    public String usage() {
        return """
                Usage: java -jar meter-reader.jar eval [OPTIONS] DIR
                       java -jar meter-reader.jar eval --video FILE.mp4 --gt FILE.csv --calibration DIR [OPTIONS]

                Runs detection, segmentation and geometry over a split of a dataset written by
                'sim dataset --out DIR' and prints, by gauge type, the share of gauges detected
                and read and the reading error as a share of the scale span (mean, p95, p99, max);
                then the same by gauge size in pixels (a dial's width, a sight glass's height).
                The last line repeats the figures as name=value pairs.

                Options:
                  --split NAME         test | val | train (default test)
                  --limit N            at most N images (default all)
                  --geometry NAME      standard | original (the original system's algorithm)
                  --min-confidence C   count as read only readings at least this sure (default 0:
                                       every value; the service calls readings under 0.5
                                       LOW_CONFIDENCE, so 0.5 measures what it shows as OK)
                  --gauges FILE        also write one CSV line per true gauge: its truth, what
                                       was found over it, status, confidence, fraction, error,
                                       a dial's confidence factors, the detector's score;
                                       with --video, one line per meter per frame: its truth,
                                       status, confidence, fraction, error, the detector's
                                       score and box, and whether the detector looked then
                  --scale-marks        read each dial as a meter calibrated with scale-marks is:
                                       from its pointer alone, against the true pivot and end
                                       ticks the export wrote (the ticks found are not used)
                  --video FILE --gt FILE --calibration DIR [--camera ID]
                                       instead, read a camera's video (sim video) frame by frame
                                       as the service reads it, every meter of the calibration
                                       in every frame against the ground truth (dials with
                                       scale-marks read against them)
                  --detect-every T     with --video: reuse the detections for T of video time
                                       before detecting again, as the live service's
                                       meter-reader.inference.detect-every (default 0: the
                                       detector reads every frame)
                  --alternate-views BOOL
                                       with --video and two dial views: read a dial in one
                                       crop per frame where the other crop's reading of a
                                       recent frame confirms it, as the live service's
                                       meter-reader.inference.alternate-views (default true)
                  --learn-marks BOOL   with --video: learn the scale marks of dials calibrated
                                       without them from the tick reader's sure readings, and
                                       read a dial against them where its ticks are not sure,
                                       as the live service's meter-reader.inference.learn-scale-marks
                                       (default true)
                  --mask-offset        instead, measure where the segmenter draws its masks
                                       against the export's dial-crop labels: the mean centroid
                                       offset of matched instances, in prototype cells, right
                                       and down (a diagnostic: the masks' boxes cut part of an
                                       offset off; the shipped segmenter's ticks show +0.2)
                """ + ReadCommand.MODEL_OPTIONS;
    }

    /** {@code eval --video FILE --gt FILE --calibration DIR}: a camera's video read as the live service reads it. */
    private static int video(Options o, PrintStream out, PrintStream err) throws Exception {
        if (!o.positional().isEmpty()) {
            throw new UsageException("--video reads one video: name no dataset folder with it");
        }
        if (!o.has("gt") || !o.has("calibration")) {
            throw new UsageException("--video needs --gt (its ground truth) and --calibration (its meters)");
        }
        Path video = Path.of(o.get("video", null));
        if (!Files.isReadable(video)) {
            throw new UsageException("cannot read " + video);
        }
        Duration detectEvery = ReadCommand.duration("detect-every", o.get("detect-every", "0"));
        if (detectEvery.isNegative()) {
            throw new UsageException("--detect-every must be 0 or more, got " + o.get("detect-every", null));
        }
        String camera = o.get("camera", "cam1");
        List<MeterCalibration> meters = new CalibrationLoader().load(Path.of(o.get("calibration", null)), List.of(camera));
        if (meters.isEmpty()) {
            throw new UsageException("--calibration " + o.get("calibration", null) + " holds no calibration file: "
                    + "nothing in the video would be measured");
        }
        AccuracyEvaluation.Report stats;
        InferenceProperties inference = ReadCommand.inference(o);
        boolean alternate = inference.alternateViews() && inference.dialViews() == 2;
        boolean learnMarks = inference.learnScaleMarks();
        String readingsFile = o.get("gauges", null);
        try (OfflineReader reader = OfflineReader.open(inference);
             PrintStream readings = readingsFile == null ? null
                     : new PrintStream(Files.newOutputStream(Path.of(readingsFile)), false, StandardCharsets.UTF_8)) {
            stats = VideoEvaluation.run(reader, video, Path.of(o.get("gt", null)), meters, detectEvery, alternate,
                    learnMarks, err, readings);
        }
        out.print(AccuracyEvaluation.format(stats));
        StringBuilder pairs = new StringBuilder("video=" + video.getFileName() + " meters=" + meters.size()
                + " scale_marks=" + meters.stream().filter(m -> m.scaleMarks() != null).count()
                + " detect_every_s=" + detectEvery.toMillis() / 1000.0 + " dial_views=" + inference.dialViews()
                + " alternate_views=" + alternate + " learn_marks=" + learnMarks);
        out.println(pairs.append(pairs(stats)));
        return Cli.EXIT_OK;
    }

    /** The figures by gauge type as {@code name=value} pairs (in a video's report, a gauge is a meter in one frame). */
    private static String pairs(AccuracyEvaluation.Report stats) {
        StringBuilder pairs = new StringBuilder();
        for (var e : stats.byType().entrySet()) {
            String t = e.getKey().name().toLowerCase(Locale.ROOT);
            AccuracyEvaluation.Stats s = e.getValue();
            pairs.append(String.format(Locale.ROOT, " %s_gauges=%d %s_detected=%.4f %s_read=%.4f %s_mean=%.5f "
                            + "%s_p95=%.5f %s_p99=%.5f %s_max=%.5f %s_bias=%.5f", t, s.gauges(), t, s.detectedShare(), t,
                    s.readShare(), t, s.mean(), t, s.p95(), t, s.p99(), t, s.max(), t, s.bias()));
        }
        return pairs.toString();
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse(args, OPTIONS, Set.of("scale-marks", "mask-offset"));
        if (o.has("video")) {
            return video(o, out, err);
        }
        if (o.positional().size() != 1) {
            throw new UsageException("name one dataset folder");
        }
        if (!Files.isDirectory(Path.of(o.positional().get(0)))) {
            throw new UsageException("no such folder: " + o.positional().get(0));
        }
        if (o.has("limit") && o.integer("limit", 0) < 1) {
            throw new UsageException("--limit must be 1 or more, got " + o.get("limit", ""));
        }
        String geometry = o.get("geometry", "standard");
        if (!geometry.equals("standard") && !geometry.equals("original")) {
            throw new UsageException("--geometry must be standard or original");
        }
        String split = o.get("split", "test");
        if (!Set.of("test", "val", "train").contains(split)) {
            throw new UsageException("--split must be test, val or train");
        }
        if (o.flag("mask-offset")) {
            List<MaskOffsetMeasure.Offset> offsets = MaskOffsetMeasure.run(ReadCommand.inference(o),
                    Path.of(o.positional().get(0)), split, o.integer("limit", 0));
            StringBuilder pairs = new StringBuilder("split=" + split);
            for (MaskOffsetMeasure.Offset f : offsets) {
                out.printf(Locale.ROOT, "%-8s %5d of %5d instances matched  offset right %+.3f, down %+.3f cells%n",
                        f.label(), f.matched(), f.labelled(), f.x(), f.y());
                pairs.append(String.format(Locale.ROOT, " %s_matched=%d %s_offset_x=%.4f %s_offset_y=%.4f", f.label(),
                        f.matched(), f.label(), f.x(), f.label(), f.y()));
            }
            out.println(pairs);
            return Cli.EXIT_OK;
        }
        double minConfidence = ReadCommand.confidence(o, "min-confidence", 0);
        String gaugesFile = o.get("gauges", null);
        AccuracyEvaluation.Report stats;
        try (OfflineReader reader = OfflineReader.open(ReadCommand.inference(o), geometry.equals("original"));
             PrintStream gauges = gaugesFile == null ? null
                     : new PrintStream(Files.newOutputStream(Path.of(gaugesFile)), false, StandardCharsets.UTF_8)) {
            stats = AccuracyEvaluation.run(reader, Path.of(o.positional().get(0)), split, o.integer("limit", 0), minConfidence,
                    err, gauges, o.flag("scale-marks"));
        }
        out.print(AccuracyEvaluation.format(stats));
        StringBuilder pairs = new StringBuilder("geometry=" + (o.flag("scale-marks") ? "scale-marks" : geometry)
                + " split=" + split + " min_confidence=" + minConfidence);
        out.println(pairs.append(pairs(stats)));
        return Cli.EXIT_OK;
    }
}
