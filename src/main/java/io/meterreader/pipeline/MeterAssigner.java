package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns the gauges found in a frame to the camera's calibrated meters by where they are, never
 * by their order: each meter takes the gauge of its type that lies most inside its region. The
 * pairs are matched greedily from the best overlap down, so two meters never share a gauge. A
 * gauge left over is reported as uncalibrated; a meter left over was not detected.
 */
final class MeterAssigner {

    /** A gauge must lie at least this much (by area) inside a meter's region to be that meter. */
    static final double MIN_OVERLAP = 0.3;

    record Assignment(Map<MeterCalibration, FoundGauge> byMeter, List<FoundGauge> uncalibrated) {
    }

    private record Pair(MeterCalibration meter, FoundGauge gauge, double overlap, double iou) {
    }

    static Assignment assign(List<MeterCalibration> meters, List<FoundGauge> gauges) {
        List<Pair> pairs = new ArrayList<>();
        for (MeterCalibration m : meters) {
            BoundingBox region = m.region().toBox();
            for (FoundGauge g : gauges) {
                if (g.type() != m.type() || g.box().area() <= 0) {
                    continue;
                }
                double inter = region.intersectionArea(g.box());
                double overlap = inter / Math.min(g.box().area(), region.area());
                if (overlap >= MIN_OVERLAP) {
                    pairs.add(new Pair(m, g, overlap, region.iou(g.box())));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::overlap).thenComparingDouble(Pair::iou).reversed());
        Map<MeterCalibration, FoundGauge> byMeter = new HashMap<>();
        List<FoundGauge> taken = new ArrayList<>();
        for (Pair p : pairs) {
            if (!byMeter.containsKey(p.meter()) && taken.stream().noneMatch(t -> t == p.gauge())) {
                byMeter.put(p.meter(), p.gauge());
                taken.add(p.gauge());
            }
        }
        List<FoundGauge> rest = gauges.stream().filter(g -> taken.stream().noneMatch(t -> t == g)).toList();
        return new Assignment(byMeter, rest);
    }

    /**
     * A stable id for an uncalibrated gauge: its camera, type and where it sits, in percent of
     * the frame, so the same gauge keeps its id from frame to frame.
     */
    static String uncalibratedId(String cameraId, FoundGauge g, int frameWidth, int frameHeight) {
        long cx = Math.round(g.box().centerX() * 50 / frameWidth) * 2;
        long cy = Math.round(g.box().centerY() * 50 / frameHeight) * 2;
        return cameraId + ":" + g.type().name().toLowerCase(java.util.Locale.ROOT) + "@" + cx + "," + cy;
    }
}
