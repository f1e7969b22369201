package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Meters are found by region: a camera knocked aside, or a PTZ camera whose preset drifted,
 * leaves its meters NOT_DETECTED while their gauges sit, uncalibrated, a little way off. Where
 * every meter missing from its region has a gauge of its kind and size that was not there while
 * the meters were found, all of them the same way off (within {@link #AGREE} of a region's side),
 * {@link #STRIKES} frames running, the camera has likely moved: say so, how far, and what to do
 * (in the log at most every {@link #REPEAT} per camera while it lasts; in the camera's warning, its
 * tile and its metric for every frame it lasts, in the words first said while the shift holds). Regions are in frame pixels, so meters missing
 * because the camera's frames changed size (its stream set to another resolution), or lying
 * outside the frame, are said as that instead. Not thread-safe: the inference stage calls it
 * under its lock.
 */
final class CameraShiftWatch {

    /** Frames in a row before a warning: the detector missing a gauge once is not a moved camera. */
    static final int STRIKES = 3;
    static final Duration REPEAT = Duration.ofMinutes(10);
    /** Shifts this close, as a share of the meters' region side, are one shift. */
    static final double AGREE = 0.15;
    /** A gauge this many times larger or smaller than the region's side is not the meter's. */
    private static final double SIZE_RATIO = 2;

    private final Map<String, List<BoundingBox>> baseline = new HashMap<>();
    /** Each camera's frame size when its meters were last all found. */
    private final Map<String, int[]> foundIn = new HashMap<>();
    private final Map<String, Integer> strikes = new HashMap<>();
    /** When each camera's warning was last logged, while its meters have not all been found since. */
    private final Map<String, Instant> warned = new HashMap<>();
    /** Each camera's moved warning as first said, kept while the shift holds and its meters stay missing. */
    private final Map<String, Moved> moved = new HashMap<>();

    /** A shift said: where to, and its text. */
    private record Moved(List<String> ids, double dx, double dy, String text) {
    }

    /** A warning in force for a frame, and whether the log is to have it now. */
    record Warning(String text, boolean log) {
    }

    /**
     * The warning this frame calls for, if any.
     *
     * @param meters     the camera's meters
     * @param assignment this frame's gauges assigned to them, and those left over
     */
    Optional<Warning> check(String cameraId, int width, int height, List<MeterCalibration> meters,
                            MeterAssigner.Assignment assignment, Instant now) {
        List<MeterCalibration> missing = meters.stream().filter(m -> assignment.byMeter().get(m) == null).toList();
        if (missing.isEmpty()) {
            // The gauges beside the meters now: not theirs when the meters go missing later.
            baseline.put(cameraId, assignment.uncalibrated().stream().map(FoundGauge::box).toList());
            foundIn.put(cameraId, new int[] {width, height});
            strikes.remove(cameraId);
            warned.remove(cameraId);   // the next trouble is another, logged at once
            moved.remove(cameraId);
            return Optional.empty();
        }
        Optional<String> size = sizeProblem(cameraId, width, height, missing);
        if (size.isPresent()) {
            // the regions are in frame pixels: a stream set to another resolution is no camera moved
            strikes.remove(cameraId);
            return Optional.of(new Warning(size.get(), logNow(cameraId, now)));
        }
        List<BoundingBox> before = baseline.getOrDefault(cameraId, List.of());
        List<double[]> shifts = new ArrayList<>();
        double side = 0;
        for (MeterCalibration m : missing) {
            BoundingBox region = m.region().toBox();
            double regionSide = Math.sqrt(region.area());
            FoundGauge nearest = null;
            double best = Double.MAX_VALUE;
            for (FoundGauge g : assignment.uncalibrated()) {
                double ratio = Math.sqrt(g.box().area()) / regionSide;
                if (g.type() != m.type() || ratio > SIZE_RATIO || ratio < 1 / SIZE_RATIO
                        || before.stream().anyMatch(b -> b.iou(g.box()) > 0.5)) {
                    continue;
                }
                double d = Math.hypot(g.box().centerX() - region.centerX(), g.box().centerY() - region.centerY());
                if (d < best) {
                    best = d;
                    nearest = g;
                }
            }
            if (nearest == null) {
                strikes.remove(cameraId);
                return Optional.empty();
            }
            shifts.add(new double[] {nearest.box().centerX() - region.centerX(),
                nearest.box().centerY() - region.centerY()});
            side += regionSide / missing.size();
        }
        double dx = shifts.stream().mapToDouble(s -> s[0]).average().orElseThrow();
        double dy = shifts.stream().mapToDouble(s -> s[1]).average().orElseThrow();
        double tolerance = AGREE * side;
        if (shifts.stream().anyMatch(s -> Math.hypot(s[0] - dx, s[1] - dy) > tolerance)) {
            strikes.remove(cameraId);
            return Optional.empty();
        }
        int n = strikes.merge(cameraId, 1, Integer::sum);
        if (n < STRIKES) {
            return Optional.empty();
        }
        // the text as first said while the shift holds: the detector's pixel of jitter, or a count of
        // frames, made a new warning of every frame for the outputs that send a change (MQTT, OPC UA)
        Moved said = moved.get(cameraId);
        List<String> ids = missing.stream().map(MeterCalibration::id).toList();
        if (said == null || !said.ids().equals(ids) || Math.hypot(dx - said.dx(), dy - said.dy()) > tolerance) {
            boolean one = ids.size() == 1;
            said = new Moved(ids, dx, dy, String.format(Locale.ROOT, "Camera %s may have moved: %s %s not found in %s, "
                            + "but a gauge like %s is, %s of %s, since %s. Turn the camera back, or move the region%s "
                            + "(calibration files; the marks page shows the frame)",
                    cameraId, one ? "meter" : "meters", String.join(", ", ids), one ? "its region" : "their regions",
                    one ? "it" : "each", offset(dx, dy), one ? "it" : "each",
                    now.truncatedTo(ChronoUnit.SECONDS), one ? "" : "s"));
            moved.put(cameraId, said);
        }
        return Optional.of(new Warning(said.text(), logNow(cameraId, now)));
    }

    /** Whether the camera's warning goes to the log now: at most every {@link #REPEAT} while it lasts. */
    private boolean logNow(String cameraId, Instant now) {
        Instant last = warned.get(cameraId);
        if (last != null && Duration.between(last, now).compareTo(REPEAT) < 0) {
            return false;
        }
        warned.put(cameraId, now);
        return true;
    }

    /**
     * Where missing meters are for the frame's size: the camera's frames are not the size they
     * were when its meters were found (its stream was set to another resolution), or, not known
     * then, a missing meter's region lies mostly outside the frame (written for another one).
     */
    private Optional<String> sizeProblem(String cameraId, int width, int height, List<MeterCalibration> missing) {
        List<String> ids = missing.stream().map(MeterCalibration::id).toList();
        boolean one = ids.size() == 1;
        String names = (one ? "meter " : "meters ") + String.join(", ", ids);
        int[] before = foundIn.get(cameraId);
        if (before != null && (before[0] != width || before[1] != height)) {
            return Optional.of(String.format(Locale.ROOT, "Camera %s sends %dx%d frames, not the %dx%d its meters "
                    + "were found in: %s not found (regions are in frame pixels). Set the camera's stream back to "
                    + "%dx%d, or write the region%s again for this size (calibration files; the marks page shows the "
                    + "frame)", cameraId, width, height, before[0], before[1], names, before[0], before[1],
                    one ? "" : "s"));
        }
        List<String> outside = missing.stream().filter(m -> insideShare(m.region().toBox(), width, height) < 0.5)
                .map(MeterCalibration::id).toList();
        if (outside.isEmpty()) {
            return Optional.empty();
        }
        boolean single = outside.size() == 1;
        return Optional.of(String.format(Locale.ROOT, "Camera %s's frames are %dx%d, and the region of %s %s lies "
                        + "outside them (regions are in frame pixels: written for another resolution?). Write %s "
                        + "again on this camera's frame (calibration files; the marks page shows the frame)",
                cameraId, width, height, single ? "meter" : "meters", String.join(", ", outside),
                single ? "it" : "them"));
    }

    /** The share of the box's area inside a frame of this size. */
    private static double insideShare(BoundingBox box, int width, int height) {
        double w = Math.min(box.x() + box.width(), width) - Math.max(box.x(), 0);
        double h = Math.min(box.y() + box.height(), height) - Math.max(box.y(), 0);
        return w <= 0 || h <= 0 || box.area() <= 0 ? 0 : w * h / box.area();
    }

    /** "42 px right and 8 px up", leaving out a direction it did not move in (under a pixel). */
    private static String offset(double dx, double dy) {
        String x = Math.abs(dx) < 0.5 ? "" : String.format(Locale.ROOT, "%.0f px %s", Math.abs(dx), dx > 0 ? "right" : "left");
        String y = Math.abs(dy) < 0.5 ? "" : String.format(Locale.ROOT, "%.0f px %s", Math.abs(dy), dy > 0 ? "down" : "up");
        return x.isEmpty() || y.isEmpty() ? x + y : x + " and " + y;
    }

    /** Forgets a camera gone or changed. */
    void forget(String cameraId) {
        baseline.remove(cameraId);
        foundIn.remove(cameraId);
        strikes.remove(cameraId);
        warned.remove(cameraId);
    }
}
