package io.meterreader.gauge;

import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The original system's pointer reading, reproduced as the baseline: the smallest circle enclosing
 * the scale mask gives centre and radius (both truncated to whole pixels); the 32-pixel ring just
 * inside the radius is unwrapped into a 512-column polar strip starting straight down and running
 * clockwise; column sums less their mean give a pointer and a scale profile; their local maxima
 * are the ticks and the pointer; the first pointer peak is placed between the two ticks around
 * it, each tick interval counting the same.
 *
 * <p>Faithful to the original, it clamps a pointer before the first or after the last tick to 0
 * or 1 (it never reports OUT_OF_RANGE), gives up on a circle smaller than 40 pixels, and has no
 * confidence of its own: it reports 1 whenever it produced a number.
 */
final class OriginalPointerReader implements PointerReader {

    static final int COLUMNS = 512;
    static final int ROWS = 32;
    static final int MIN_RADIUS = 40;

    @Override
    public GaugeMeasurement read(List<Detection> segments, int cropWidth, int cropHeight) {
        List<Detection> pointers = SegmentMasks.ofClass(segments, POINTER_CLASS);
        List<Detection> scales = SegmentMasks.ofClass(segments, SCALE_CLASS);
        if (pointers.isEmpty()) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND, 0, null);
        }
        if (scales.isEmpty()) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND, 0, null);
        }
        byte[] scaleMask = SegmentMasks.union(scales, cropWidth, cropHeight);
        byte[] pointerMask = SegmentMasks.union(pointers, cropWidth, cropHeight);

        // The circle enclosing the mask is the circle enclosing each row's outermost pixels.
        double[] xs = new double[2 * cropHeight];
        double[] ys = new double[2 * cropHeight];
        int n = 0;
        for (int y = 0; y < cropHeight; y++) {
            int first = -1;
            int last = -1;
            for (int x = 0; x < cropWidth; x++) {
                if (scaleMask[y * cropWidth + x] != 0) {
                    if (first < 0) {
                        first = x;
                    }
                    last = x;
                }
            }
            if (first >= 0) {
                xs[n] = first;
                ys[n++] = y;
                if (last != first) {
                    xs[n] = last;
                    ys[n++] = y;
                }
            }
        }
        if (n < 3) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND, 0, null);
        }
        EnclosingCircle circle = EnclosingCircle.of(xs, ys, n);
        int radius = (int) circle.radius();
        int cx = (int) circle.cx();
        int cy = (int) circle.cy();
        if (radius < MIN_RADIUS) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND, 0,
                    diagnostics(cx, cy, radius, List.of(), null, null));
        }

        byte[] pointerStrip = new byte[COLUMNS * ROWS];
        byte[] scaleStrip = new byte[COLUMNS * ROWS];
        for (int row = 0; row < ROWS; row++) {
            int rho = row + radius - ROWS;
            for (int col = 0; col < COLUMNS; col++) {
                double theta = col * 2 * Math.PI / COLUMNS + Math.PI / 2;
                int x = (int) Math.round(cx + rho * Math.cos(theta));
                int y = (int) Math.round(cy + rho * Math.sin(theta));
                if (x >= 0 && x < cropWidth && y >= 0 && y < cropHeight) {
                    pointerStrip[row * COLUMNS + col] = pointerMask[y * cropWidth + x];
                    scaleStrip[row * COLUMNS + col] = scaleMask[y * cropWidth + x];
                }
            }
        }
        List<Double> pointerPeaks = ProfilePeaks.localMaxima(ProfilePeaks.columnProfile(pointerStrip, COLUMNS, ROWS));
        List<Double> tickPeaks = ProfilePeaks.localMaxima(ProfilePeaks.columnProfile(scaleStrip, COLUMNS, ROWS));
        Double pointer = pointerPeaks.isEmpty() ? null : pointerPeaks.get(0);
        if (pointer == null) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND, 0,
                    diagnostics(cx, cy, radius, tickPeaks, null, null));
        }
        Double fraction = positionOnScale(pointer, tickPeaks);
        if (fraction == null) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND, 0,
                    diagnostics(cx, cy, radius, tickPeaks, pointer, null));
        }
        return GaugeMeasurement.ok(GaugeType.POINTER, fraction, 1.0,
                diagnostics(cx, cy, radius, tickPeaks, pointer, fraction));
    }

    /**
     * The original's placement: 0 before the first tick, 1 after the last, else the tick interval
     * index plus the position within it, over the number of intervals; null without two ticks to
     * place it between.
     */
    static Double positionOnScale(double pointer, List<Double> ticks) {
        int n = ticks.size();
        if (n == 0) {
            return null;
        }
        if (pointer < ticks.get(0)) {
            return 0.0;
        }
        if (pointer > ticks.get(n - 1)) {
            return 1.0;
        }
        for (int i = 0; i < n - 1; i++) {
            double a = ticks.get(i);
            double b = ticks.get(i + 1);
            if (pointer >= a && pointer <= b) {
                return (i + (pointer - a) / (b - a)) / (n - 1);
            }
        }
        return null;
    }

    /** What the original found, its polar columns turned back into crop pixels on the strip's middle radius. */
    private static PointerDiagnostics diagnostics(int cx, int cy, int radius, List<Double> tickColumns,
                                                  Double pointerColumn, Double fraction) {
        double rho = radius - ROWS / 2.0;
        List<ImagePoint> ticks = new ArrayList<>();
        for (double col : tickColumns) {
            ticks.add(pointOnRing(cx, cy, rho, col));
        }
        boolean scale = !tickColumns.isEmpty();
        double first = scale ? tickColumns.get(0) : 0;
        double last = scale ? tickColumns.get(tickColumns.size() - 1) : 0;
        return new PointerDiagnostics("original", new ImagePoint(cx, cy), Ellipse.circle(cx, cy, radius), ticks,
                scale ? pointOnRing(cx, cy, rho, first) : null,
                scale ? pointOnRing(cx, cy, rho, last) : null,
                pointerColumn == null ? null : pointOnRing(cx, cy, rho, pointerColumn),
                pointerColumn == null ? null : columnAngle(pointerColumn),
                scale ? columnAngle(first) : null,
                scale ? columnAngle(last) : null,
                Math.max(0, tickColumns.size() - 1), fraction, 0, null);
    }

    private static double columnAngle(double column) {
        return Geometry.normalizeDegrees(column * 360.0 / COLUMNS + 90);
    }

    private static ImagePoint pointOnRing(int cx, int cy, double rho, double column) {
        double theta = Math.toRadians(columnAngle(column));
        return new ImagePoint(cx + rho * Math.cos(theta), cy + rho * Math.sin(theta));
    }
}
