package io.meterreader.pipeline;

import io.meterreader.camera.FfmpegMessages;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.gauge.ScaleMapping;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A camera's video read frame by frame as the live service reads it (detection, segmentation,
 * each gauge assigned to its meter by region, a dial with scale marks read against them, the
 * meter's scale and confidence gate), against the video's ground truth ({@code sim video --gt}:
 * {@code frame,time,meter_id,fraction,value}). Every meter in every frame counts: read is the
 * share of them with an OK reading, errors are the OK readings' distance from the truth as a
 * share of the span. No smoothing or plausibility filter: each frame stands alone. With a
 * detection lifetime, the detections are reused for that long of video time, as the service reuses
 * a camera's ({@link DetectionMemory}).
 */
public final class VideoEvaluation {

    /** Whether the progress goes to a terminal (a line rewritten in place) rather than a file or a pipe. */
    private static final boolean TERMINAL = System.console() != null;

    private VideoEvaluation() {
    }

    /** The columns of {@code readings}, one line per meter per frame. */
    static final String READINGS_HEADER = "frame,time,meter_id,type,true_fraction,status,confidence,fraction,error,"
            + "detection,x,y,width,height,detected_now";

    /** The figures by meter type (detected: a gauge was assigned to the meter in that frame). */
    public static AccuracyEvaluation.Report run(OfflineReader reader, Path video, Path groundTruth,
                                                List<MeterCalibration> meters, Duration detectEvery,
                                                boolean alternateViews, boolean learnMarks,
                                                PrintStream progress) throws IOException {
        return run(reader, video, groundTruth, meters, detectEvery, alternateViews, learnMarks, progress, null);
    }

    /**
     * As {@link #run(OfflineReader, Path, Path, List, Duration, boolean, boolean, PrintStream)},
     * also writing each meter's reading in each frame as a CSV line to {@code readings} (null:
     * none; {@link #READINGS_HEADER}): its truth, status, confidence, fraction and error as a share
     * of the span, the detector's score for the gauge assigned to it and that gauge's box (image
     * pixels), and whether the detector looked in this frame or its boxes were reused.
     */
    public static AccuracyEvaluation.Report run(OfflineReader reader, Path video, Path groundTruth,
                                                List<MeterCalibration> meters, Duration detectEvery,
                                                boolean alternateViews, boolean learnMarks,
                                                PrintStream progress, PrintStream readings) throws IOException {
        Map<String, Map<Integer, Double>> truth = truth(groundTruth);
        Map<Integer, Double> truthTimes = times(groundTruth);
        for (MeterCalibration m : meters) {
            if (!truth.containsKey(m.id())) {
                throw new IOException(groundTruth + " has no truth for meter " + m.id());
            }
        }
        Map<GaugeType, List<Double>> errors = new EnumMap<>(GaugeType.class);   // signed: read less true
        Map<GaugeType, int[]> counts = new EnumMap<>(GaugeType.class);   // meter-frames, detected, read
        for (GaugeType t : GaugeType.values()) {
            errors.put(t, new ArrayList<>());
            counts.put(t, new int[3]);
        }
        DetectionMemory memory = new DetectionMemory(detectEvery);
        DialViewHistory history = alternateViews ? new DialViewHistory() : null;
        LearnedMarks learned = learnMarks ? new LearnedMarks(line -> {
            if (progress != null) {
                progress.println();
                progress.println(line);
            }
        }) : null;
        if (readings != null) {
            readings.println(READINGS_HEADER);
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Instant now = Instant.now();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            double fps = grabber.getFrameRate();
            double tolerance = Math.max(0.02, fps > 0 && fps < 1000 ? 0.5 / fps : 0.02);
            org.bytedeco.javacv.Frame f;
            int index = 0;
            int detected = 0;
            long dials = 0;
            long firstTimestamp = Long.MIN_VALUE;
            while ((f = grabber.grabImage()) != null) {
                firstTimestamp = firstTimestamp == Long.MIN_VALUE ? f.timestamp : firstTimestamp;
                Double truthTime = truthTimes.get(index);
                double at = (f.timestamp - firstTimestamp) / 1e6;
                if (truthTime != null && Math.abs(truthTime - truthTimes.get(0) - at) > tolerance) {
                    // the truth is by frame: one frame not decoded puts every later one against another's truth
                    throw new IOException(String.format(Locale.ROOT, "frame %d of %s is at %.2f s, its ground truth's "
                            + "frame %d at %.2f s: frames of the video could not be decoded (it is damaged), or it is "
                            + "not the video %s was written for", index, video, at, index,
                            truthTime - truthTimes.get(0), groundTruth));
                }
                ImageDecoder.BgrImage image = ImageDecoder.toBgr(converter.convert(f));
                Frame frame = new Frame("video", index, Instant.EPOCH.plusNanos(f.timestamp * 1000), image.width(),
                        image.height(), image.bgr());
                List<Detection> boxes = memory.recall(frame);
                boolean fresh = boxes == null;
                if (fresh) {
                    boxes = reader.detect(image);
                    detected++;
                }
                List<FoundGauge> found = reader.find(image, boxes,
                        history == null ? null : new DialViewHistory.At(history, frame.captureTime()));
                dials += found.stream().filter(g -> g.type() == GaugeType.POINTER).count();
                MeterAssigner.Assignment assignment = MeterAssigner.assign(meters, found);
                int ok = 0;
                for (MeterCalibration m : meters) {
                    FoundGauge gauge = learned == null ? InferenceStage.marked(m, assignment.byMeter().get(m))
                            : learned.read(m, assignment.byMeter().get(m));
                    Reading r = gauge == null ? null
                            : ScaleMapping.of(m).toReading(gauge.measurement(), m.id(), "video", now, now);
                    ok += r != null && r.isOk() ? 1 : 0;
                    Double expected = truth.get(m.id()).get(index);
                    if (expected == null) {
                        continue;
                    }
                    if (readings != null) {
                        readings.println(line(index, frame, m, expected, gauge, r, fresh));
                    }
                    int[] c = counts.get(m.type());
                    c[0]++;
                    if (r == null) {
                        continue;
                    }
                    c[1]++;
                    if (r.isOk()) {
                        c[2]++;
                        errors.get(m.type()).add(r.fraction() - expected);
                    }
                }
                memory.update(frame, boxes, fresh, new DetectionMemory.Outcome(found, ok == meters.size()));
                index++;
                if (progress != null && (TERMINAL || index % 100 == 0)) {
                    // a terminal's line rewritten each frame; a file or a pipe gets a line every 100
                    progress.printf(TERMINAL ? "\r%d frames" : "%d frames%n", index);
                }
            }
            if (progress != null) {
                progress.printf((TERMINAL ? "\r" : "") + "%d frames, the detector ran on %d, %d dial readings from %d "
                        + "crops%n", index, detected, dials, reader.segmentedCrops());
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException(video + ": " + videoProblem(e), e);
        }
        Map<GaugeType, AccuracyEvaluation.Stats> byType = new EnumMap<>(GaugeType.class);
        for (GaugeType t : GaugeType.values()) {
            int[] c = counts.get(t);
            byType.put(t, AccuracyEvaluation.stats(c[0], c[1], c[2], errors.get(t)));
        }
        return new AccuracyEvaluation.Report(byType, new LinkedHashMap<>());
    }

    /** A meter's reading in one frame as a line under {@link #READINGS_HEADER}; r null: no gauge assigned. */
    private static String line(int index, Frame frame, MeterCalibration m, double expected, FoundGauge gauge, Reading r,
                               boolean fresh) {
        StringBuilder b = new StringBuilder();
        b.append(index).append(',').append(String.format(Locale.ROOT, "%.3f",
                Duration.between(Instant.EPOCH, frame.captureTime()).toNanos() / 1e9));
        b.append(',').append(m.id()).append(',').append(m.type().name().toLowerCase(Locale.ROOT));
        b.append(String.format(Locale.ROOT, ",%.6f", expected));
        if (r == null) {
            return b.append(",NOT_DETECTED,,,,,,,,,").append(fresh).toString();
        }
        b.append(',').append(r.status()).append(String.format(Locale.ROOT, ",%.4f", r.confidence()));
        b.append(r.isOk() ? String.format(Locale.ROOT, ",%.6f,%.6f", r.fraction(), Math.abs(r.fraction() - expected))
                : ",,");
        BoundingBox box = gauge.box();
        b.append(String.format(Locale.ROOT, ",%.4f,%.1f,%.1f,%.1f,%.1f", gauge.detectionConfidence(), box.x(), box.y(),
                box.width(), box.height()));
        return b.append(',').append(fresh).toString();
    }

    /** meter id -> frame index -> true fraction. */
    static Map<String, Map<Integer, Double>> truth(Path groundTruth) throws IOException {
        List<String> lines = Files.readAllLines(groundTruth);
        if (lines.isEmpty() || !lines.get(0).startsWith("frame,time,meter_id,fraction")) {
            throw new IOException(groundTruth + " is not a sim video's ground truth (frame,time,meter_id,fraction,value)");
        }
        Map<String, Map<Integer, Double>> out = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split(",", -1);
            try {
                int frame = Integer.parseInt(p[0].strip());
                double fraction = Double.parseDouble(p[3].strip());
                if (frame < 0 || p[2].isBlank() || !Double.isFinite(fraction)) {
                    throw new NumberFormatException();
                }
                out.computeIfAbsent(p[2].strip(), k -> new HashMap<>()).put(frame, fraction);
            } catch (RuntimeException e) {
                throw new IOException(groundTruth + " line " + (i + 1) + " is not a frame, time, meter and fraction: '"
                        + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'");
            }
        }
        return out;
    }

    /** Each frame's time in a sim video's ground truth (its second column), by frame. */
    static Map<Integer, Double> times(Path groundTruth) throws IOException {
        Map<Integer, Double> out = new HashMap<>();
        List<String> lines = Files.readAllLines(groundTruth);
        for (int i = 1; i < lines.size(); i++) {
            String[] p = lines.get(i).split(",", -1);
            try {
                out.putIfAbsent(Integer.parseInt(p[0].strip()), Double.parseDouble(p[1].strip()));
            } catch (RuntimeException e) {
                // a line truth() has refused already, or a blank one
            }
        }
        return out.containsKey(0) ? out : Map.of();
    }

    /**
     * What FFmpeg could not do with a video file, without JavaCV's hints to programmers ("Has
     * setFormat() been called?"): a file that is no video, or one cut short, says so.
     */
    public static String videoProblem(FrameGrabber.Exception e) {
        String message = FfmpegMessages.clean(e.getMessage());
        return message.contains("avformat_open_input") || message.contains("avformat_find_stream_info")
                ? "not a video FFmpeg can open, or one cut short (" + message + ")" : message;
    }
}
