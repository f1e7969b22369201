package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.ReadingStatus;
import java.util.List;

/**
 * The standard level reader. The level box says roughly where the surface is; the surface itself
 * is the strongest change of brightness along the glass near it. So the rows of the glass's middle
 * half (away from the walls' reflections) are averaged into a brightness profile over a window
 * around the box, smoothed, and the sharpest step in it (either way: the liquid may be darker or
 * lighter than the air above it) is located to a fraction of a pixel. A step too weak to stand out
 * from the profile's noise, or one that would move the surface out of the box, is not trusted, and
 * the box's centre stands.
 *
 * <p>Of several level boxes, the most confident one over the glass is used; a second confident
 * box elsewhere in the glass lowers the confidence. A surface more than 2% of the glass's height
 * outside it is OUT_OF_RANGE; within that it is clamped to the glass.
 */
final class ProfileLevelReader implements LevelReader {

    static final double END_TOLERANCE = 0.02;
    /** A step must exceed this many robust standard deviations of the profile's differences... */
    private static final double MIN_CONTRAST_SIGMAS = 4;
    /** ...and this many grey levels. */
    private static final double MIN_CONTRAST = 4;

    @Override
    public GaugeMeasurement read(BoundingBox glass, List<Detection> levels, ImageRegion pixels) {
        Detection best = null;
        for (Detection d : levels) {
            if (over(glass, d.box()) && (best == null || d.confidence() > best.confidence())) {
                best = d;
            }
        }
        if (best == null || glass.height() <= 0) {
            return GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.POINTER_NOT_FOUND, 0,
                    new LevelDiagnostics(glass, null, null, null, 0, null));
        }
        BoundingBox level = best.box();
        double boxY = level.centerY();
        double surfaceY = boxY;
        double contrast = 0;
        double agreement = 0.8;
        if (pixels != null) {
            double[] edge = edge(glass, level, pixels);
            if (edge != null) {
                contrast = edge[1];
                double shift = Math.abs(edge[0] - boxY);
                if (shift <= Math.max(2, level.height() / 2)) {
                    surfaceY = edge[0];
                    agreement = Math.exp(-(shift / Math.max(2, level.height())) * (shift / Math.max(2, level.height())));
                } else {
                    agreement = 0.5;
                }
            }
        }
        double confidence = best.confidence() * agreement;
        for (Detection d : levels) {
            if (d != best && over(glass, d.box()) && d.confidence() > 0.5 * best.confidence()
                    && Math.abs(d.box().centerY() - boxY) > 0.05 * glass.height()) {
                confidence *= 0.5;
                break;
            }
        }
        double raw = (glass.y2() - surfaceY) / glass.height();
        LevelDiagnostics diagnostics = new LevelDiagnostics(glass, level, boxY, surfaceY, contrast, raw);
        confidence = Geometry.clamp(confidence, 0, 1);
        if (raw < -END_TOLERANCE || raw > 1 + END_TOLERANCE) {
            return GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.OUT_OF_RANGE, confidence, diagnostics);
        }
        return GaugeMeasurement.ok(GaugeType.LEVEL, Geometry.clamp(raw, 0, 1), confidence, diagnostics);
    }

    /** A level box belongs to a glass when its centre lies over the glass, give or take half a box. */
    private static boolean over(BoundingBox glass, BoundingBox level) {
        return level.centerX() >= glass.x() && level.centerX() <= glass.x2()
                && level.centerY() >= glass.y() - level.height() / 2 - 0.05 * glass.height()
                && level.centerY() <= glass.y2() + level.height() / 2 + 0.05 * glass.height();
    }

    /**
     * The sharpest brightness step near the level box: {y of the surface in image pixels, its
     * size in grey levels}, or null when there is none worth trusting.
     */
    static double[] edge(BoundingBox glass, BoundingBox level, ImageRegion pixels) {
        double left = Math.max(glass.x() + glass.width() / 4, level.x());
        double right = Math.min(glass.x2() - glass.width() / 4, level.x2());
        if (right - left < 1) {
            left = glass.x() + glass.width() / 4;
            right = glass.x2() - glass.width() / 4;
        }
        int x0 = Math.max(0, (int) Math.floor(left));
        int x1 = Math.min(pixels.width(), (int) Math.ceil(right));
        double reach = Math.max(3, Math.max(level.height(), 0.04 * glass.height()));
        int y0 = Math.max(0, (int) Math.floor(level.centerY() - reach) - 2);
        int y1 = Math.min(pixels.height(), (int) Math.ceil(level.centerY() + reach) + 3);
        int rows = y1 - y0;
        if (x1 - x0 < 1 || rows < 5) {
            return null;
        }
        byte[] bgr = pixels.bgr();
        double[] profile = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int x = x0; x < x1; x++) {
                int o = pixels.offset(x, y0 + r);
                // Luma, Rec. 601 weights on B, G, R.
                sum += 0.114 * (bgr[o] & 0xff) + 0.587 * (bgr[o + 1] & 0xff) + 0.299 * (bgr[o + 2] & 0xff);
            }
            profile[r] = sum / (x1 - x0);
        }
        double[] smooth = new double[rows];
        for (int r = 0; r < rows; r++) {
            double a = profile[Math.max(0, r - 1)];
            double c = profile[Math.min(rows - 1, r + 1)];
            smooth[r] = (a + 2 * profile[r] + c) / 4;
        }
        // d[r] is the step between rows r and r + 1, at image height y0 + r + 1.
        double[] d = new double[rows - 1];
        double[] magnitude = new double[rows - 1];
        for (int r = 0; r < rows - 1; r++) {
            d[r] = smooth[r + 1] - smooth[r];
            magnitude[r] = Math.abs(d[r]);
        }
        int peak = -1;
        for (int r = 1; r < rows - 2; r++) {
            if (peak < 0 || magnitude[r] > magnitude[peak]) {
                peak = r;
            }
        }
        if (peak < 0) {
            return null;
        }
        double noise = 1.4826 * Geometry.median(magnitude, magnitude.length);
        double step = 0;
        for (int r = Math.max(0, peak - 2); r <= Math.min(rows - 2, peak + 2); r++) {
            step += d[r];
        }
        if (magnitude[peak] < MIN_CONTRAST_SIGMAS * noise || Math.abs(step) < MIN_CONTRAST) {
            return null;
        }
        // Sub-pixel: the vertex of the parabola through the peak and its neighbours.
        double a = magnitude[peak - 1];
        double b = magnitude[peak];
        double c = magnitude[peak + 1];
        double denominator = a - 2 * b + c;
        double offset = denominator < 0 ? Geometry.clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
        return new double[] {y0 + peak + 1 + offset, Math.abs(step)};
    }
}
