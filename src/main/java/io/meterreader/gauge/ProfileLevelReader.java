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
 * lighter than the air above it) is located to a fraction of a pixel, within 6% of the glass's
 * height (or a box's height) of the box's centre. A step too weak to stand out from the
 * profile's noise is not trusted, and the box's centre stands; the farther the step from the box,
 * the lower the confidence.
 *
 * <p>Of several level boxes, the most confident one over the glass is used; a second confident
 * box elsewhere in the glass lowers the confidence. With no level box over the glass the whole
 * glass is searched, at a lower confidence. A surface more than 2% of the glass's height
 * outside it is OUT_OF_RANGE; within that it is clamped to the glass.
 */
final class ProfileLevelReader implements LevelReader {

    static final double END_TOLERANCE = 0.02;
    /** Confidence of a surface found from the profile alone, at full contrast... */
    static final double PROFILE_ONLY_CONFIDENCE = 0.6;
    /** ...which is a step of this many grey levels. */
    private static final double PROFILE_ONLY_FULL_CONTRAST = 40;
    /** A step must exceed this many robust standard deviations of the row-to-row noise... */
    private static final double MIN_CONTRAST_SIGMAS = 4;
    /** ...and this many grey levels. */
    private static final double MIN_CONTRAST = 6;
    /** Rows averaged on each side of a candidate surface. */
    static final int SIDE = 3;
    /** How far from the box's centre the surface is sought, as a share of the glass's height (at least the box's height). */
    private static final double WINDOW = 0.06;
    /** Pixels kept clear of the glass's top and bottom, where its frame makes a step of its own. */
    private static final double FRAME_MARGIN = 2;

    @Override
    public GaugeMeasurement read(BoundingBox glass, List<Detection> levels, ImageRegion pixels) {
        Detection best = null;
        for (Detection d : levels) {
            if (over(glass, d.box()) && (best == null || d.confidence() > best.confidence())) {
                best = d;
            }
        }
        if (glass.height() <= 0) {
            return notFound(glass);
        }
        if (best == null) {
            return pixels == null ? notFound(glass) : fromProfileAlone(glass, pixels);
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
                // The further the edge from the box, the less either is to be believed.
                double shift = Math.abs(edge[0] - boxY) / Math.max(2, level.height());
                surfaceY = edge[0];
                agreement = Math.exp(-shift * shift / 2);
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

    private static GaugeMeasurement notFound(BoundingBox glass) {
        return GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.POINTER_NOT_FOUND, 0,
                new LevelDiagnostics(glass, null, null, null, 0, null));
    }

    /**
     * No level box over the glass (the detector missed the thin surface band): the sharpest step
     * anywhere along the glass is taken for the surface, with a confidence that grows with its
     * contrast up to {@value #PROFILE_ONLY_CONFIDENCE}, below what a confirming box gives.
     */
    private static GaugeMeasurement fromProfileAlone(BoundingBox glass, ImageRegion pixels) {
        BoundingBox whole = BoundingBox.ofCenter(glass.centerX(), glass.centerY(), glass.width(), glass.height());
        double[] edge = edge(glass, whole, pixels);
        if (edge == null) {
            return notFound(glass);
        }
        double raw = (glass.y2() - edge[0]) / glass.height();
        double confidence = PROFILE_ONLY_CONFIDENCE * Math.min(1, edge[1] / PROFILE_ONLY_FULL_CONTRAST);
        LevelDiagnostics diagnostics = new LevelDiagnostics(glass, null, null, edge[0], edge[1], raw);
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
     * size in grey levels}, or null when there is none worth trusting. The step at each row
     * boundary is the mean of the {@value #SIDE} rows below it less the mean of the {@value #SIDE}
     * rows above: a thin dark meniscus line or a noisy row barely moves it, a surface moves it by
     * the full contrast. The window stays inside the glass, clear of its frame.
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
        double reach = Math.max(4, Math.max(level.height(), WINDOW * glass.height()));
        double top = Math.max(level.centerY() - reach, glass.y() + FRAME_MARGIN);
        double bottom = Math.min(level.centerY() + reach, glass.y2() - FRAME_MARGIN);
        // Rows y0 .. y1-1 are read; boundaries between SIDE rows in from each end are candidates.
        int y0 = Math.max(0, (int) Math.floor(top) - SIDE);
        int y1 = Math.min(pixels.height(), (int) Math.ceil(bottom) + SIDE);
        y0 = Math.max(y0, (int) Math.ceil(glass.y()));
        y1 = Math.min(y1, (int) Math.floor(glass.y2()));
        int rows = y1 - y0;
        if (x1 - x0 < 1 || rows < 2 * SIDE + 3) {
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
        // step[b] is the step at the boundary between rows b - 1 and b (image height y0 + b).
        int boundaries = rows - 2 * SIDE + 1;
        double[] step = new double[boundaries];
        double[] magnitude = new double[boundaries];
        for (int k = 0; k < boundaries; k++) {
            int b = k + SIDE;
            double above = 0;
            double below = 0;
            for (int i = 1; i <= SIDE; i++) {
                above += profile[b - i];
                below += profile[b + i - 1];
            }
            step[k] = (below - above) / SIDE;
            magnitude[k] = Math.abs(step[k]);
        }
        int peak = -1;
        for (int k = 1; k < boundaries - 1; k++) {
            if (peak < 0 || magnitude[k] > magnitude[peak]) {
                peak = k;
            }
        }
        if (peak < 0) {
            return null;
        }
        // Row-to-row noise, from the differences of neighbouring rows away from the peak.
        double[] differences = new double[rows - 1];
        int nd = 0;
        for (int r = 0; r + 1 < rows; r++) {
            if (Math.abs(r + 1 - (peak + SIDE)) > SIDE) {
                differences[nd++] = Math.abs(profile[r + 1] - profile[r]);
            }
        }
        double noise = nd == 0 ? 0 : 1.4826 * Geometry.median(differences, nd);
        if (magnitude[peak] < Math.max(MIN_CONTRAST, MIN_CONTRAST_SIGMAS * noise)) {
            return null;
        }
        // Sub-pixel: the vertex of the parabola through the peak and its neighbours.
        double a = magnitude[peak - 1];
        double b = magnitude[peak];
        double c = magnitude[peak + 1];
        double denominator = a - 2 * b + c;
        double offset = denominator < 0 ? Geometry.clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
        return new double[] {y0 + peak + SIDE + offset, magnitude[peak]};
    }
}
