package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.gauge.ScaleMapping;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * share of the span. No smoothing or plausibility filter: each frame stands alone.
 */
public final class VideoEvaluation {

    private VideoEvaluation() {
    }

    /** The figures by meter type (detected: a gauge was assigned to the meter in that frame). */
    public static AccuracyEvaluation.Report run(OfflineReader reader, Path video, Path groundTruth,
                                                List<MeterCalibration> meters, PrintStream progress) throws IOException {
        Map<String, Map<Integer, Double>> truth = truth(groundTruth);
        for (MeterCalibration m : meters) {
            if (!truth.containsKey(m.id())) {
                throw new IOException(groundTruth + " has no truth for meter " + m.id());
            }
        }
        Map<GaugeType, List<Double>> errors = new EnumMap<>(GaugeType.class);
        Map<GaugeType, int[]> counts = new EnumMap<>(GaugeType.class);   // meter-frames, detected, read
        for (GaugeType t : GaugeType.values()) {
            errors.put(t, new ArrayList<>());
            counts.put(t, new int[3]);
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Instant now = Instant.now();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            org.bytedeco.javacv.Frame f;
            int index = 0;
            while ((f = grabber.grabImage()) != null) {
                ImageDecoder.BgrImage image = ImageDecoder.toBgr(converter.convert(f));
                List<FoundGauge> found = reader.find(List.of(image)).get(0);
                MeterAssigner.Assignment assignment = MeterAssigner.assign(meters, found);
                for (MeterCalibration m : meters) {
                    Double expected = truth.get(m.id()).get(index);
                    if (expected == null) {
                        continue;
                    }
                    int[] c = counts.get(m.type());
                    c[0]++;
                    FoundGauge gauge = InferenceStage.marked(m, assignment.byMeter().get(m));
                    if (gauge == null) {
                        continue;
                    }
                    c[1]++;
                    Reading r = ScaleMapping.of(m).toReading(gauge.measurement(), m.id(), "video", now, now);
                    if (r.isOk()) {
                        c[2]++;
                        errors.get(m.type()).add(Math.abs(r.fraction() - expected));
                    }
                }
                index++;
                if (progress != null) {
                    progress.printf("\r%d frames", index);
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException(video + ": " + e.getMessage(), e);
        }
        if (progress != null) {
            progress.println();
        }
        Map<GaugeType, AccuracyEvaluation.Stats> byType = new EnumMap<>(GaugeType.class);
        for (GaugeType t : GaugeType.values()) {
            double[] e = errors.get(t).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int[] c = counts.get(t);
            byType.put(t, new AccuracyEvaluation.Stats(c[0], c[1], c[2],
                    e.length == 0 ? Double.NaN : Arrays.stream(e).average().orElseThrow(),
                    AccuracyEvaluation.percentile(e, 0.95), AccuracyEvaluation.percentile(e, 0.99),
                    e.length == 0 ? Double.NaN : e[e.length - 1]));
        }
        return new AccuracyEvaluation.Report(byType, new LinkedHashMap<>());
    }

    /** meter id -> frame index -> true fraction. */
    static Map<String, Map<Integer, Double>> truth(Path groundTruth) throws IOException {
        List<String> lines = Files.readAllLines(groundTruth);
        if (lines.isEmpty() || !lines.get(0).startsWith("frame,time,meter_id,fraction")) {
            throw new IOException(groundTruth + " is not a sim video's ground truth (frame,time,meter_id,fraction,value)");
        }
        Map<String, Map<Integer, Double>> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] p = line.split(",");
            out.computeIfAbsent(p[2], k -> new HashMap<>()).put(Integer.parseInt(p[0]), Double.parseDouble(p[3]));
        }
        return out;
    }
}
