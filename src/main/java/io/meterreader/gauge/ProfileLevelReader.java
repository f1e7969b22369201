package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard level reader. The level box says roughly where the surface is; the surface itself
 * is the strongest change of brightness along the glass near it. So the rows of the glass's middle
 * half (away from the walls' reflections) are averaged into a brightness profile over a window
 * around the box, smoothed, and the sharpest step in it (either way: the liquid may be darker or
 * lighter than the air above it) is located to a fraction of a pixel, within 6% of the glass's
 * height (or a box's height) of the box's centre. A step too weak to stand out from the
 * profile's noise is not trusted, and the box's centre stands; the farther the step from the box,
 * the lower the confidence. A float ball riding on the surface hides it down the glass's middle,
 * and its edges are the sharpest steps there: when the profile shows one (a steady stretch of
 * about a glass's width between two sharp steps), its middle is the surface.
 *
 * <p>The profile is in colour (a blue liquid can be as bright as the empty glass). Of several
 * level boxes, the most confident one over the glass is used; a second confident box elsewhere in
 * the glass, or a surface far from where the glass splits best into two stretches of steady
 * colour, lowers the confidence. With no level box over the glass, that split (refined to the
 * sharpest step near it) is the surface, at a lower confidence that also asks for a sharp step
 * there and, near either end of the glass (where its caps and frame make steps of their own),
 * for a glass that two steady stretches explain well. A surface more than 2% of the
 * glass's height outside it is OUT_OF_RANGE; within that it is clamped to the glass.
 */
final class ProfileLevelReader implements LevelReader {

    static final double END_TOLERANCE = 0.02;
    /** Confidence of a surface found from the profile alone, at full contrast... */
    static final double PROFILE_ONLY_CONFIDENCE = 0.6;
    /** ...which is a step of this many grey levels... */
    private static final double PROFILE_ONLY_FULL_CONTRAST = 40;
    /**
     * ...found as a sharp step carrying at least this share of the stretches' contrast (less
     * lowers the confidence in proportion): a split over a gradual change, or one the sharp
     * step near it disagrees with, is where most surfaces found without a box were wrong.
     */
    private static final double PROFILE_ONLY_SHARP = 0.5;
    /**
     * Within this share of the glass's height of either end, a surface found without a box
     * also needs the two stretches to explain the glass's colour (the split's between-stretch
     * variance over the profile's variance) to {@value #PROFILE_ONLY_END_FIT}, the confidence
     * falling linearly to nothing {@value #PROFILE_ONLY_END_FIT_RANGE} below it: there the
     * glass's cap or frame is a step as sharp as a surface. These three, {@link
     * #PROFILE_ONLY_SHARP} and {@link #BOX_REACH} were chosen on a development export
     * ({@code sim dataset --seed 98}), not on the held-out one. The end was 0.1 until three
     * surfaces read at 84-90% of small glasses (80-100 px), on their top clamps, were seen among
     * the held-out export's worst; 0.15 cost the development export one glass shown 5.6% off, and
     * was checked on a fresh export (seed 103).
     */
    private static final double PROFILE_ONLY_END = 0.15;
    /**
     * ...and is at most this sure there, below the service's gate: a glass's cap or frame taken for
     * the surface read an empty glass as nearly full and a full one as empty (89% to 97% of the
     * glass off, shown as OK, on the development and held-out exports). Chosen on the development
     * export: shown 44.9% to 40.1% of its glasses, mean error 3.49% to 1.47%, worst 96.6% to 8.8%;
     * held-out 46.0% to 40.9%, 3.09% to 2.15%, worst 88.5% to 17.0%; a third export 49.8% to
     * 48.2%, 2.58% to 2.62%. A level box near the surface still reads a glass near its ends.
     */
    static final double PROFILE_ONLY_END_CONFIDENCE = 0.45;
    private static final double PROFILE_ONLY_END_FIT = 0.6;
    private static final double PROFILE_ONLY_END_FIT_RANGE = 0.2;
    /** A step must exceed this many robust standard deviations of the row-to-row noise... */
    private static final double MIN_CONTRAST_SIGMAS = 4;
    /** ...and this many grey levels. */
    private static final double MIN_CONTRAST = 6;
    /** Rows averaged on each side of a candidate surface. */
    static final int SIDE = 3;
    /** How far from the box's centre the surface is sought, as a share of the glass's height... */
    private static final double WINDOW = 0.06;
    /**
     * ...or of the level box's height, if that is more. A wide glass's level box is as tall as
     * the glass is wide, far taller than the detector's error in its centre (a few pixels); with
     * half its height as the reach, the search ran onto a float's top or the window's upper frame.
     */
    private static final double BOX_REACH = 0.25;
    /** How far (share of the glass's height, at least half the box) the surface may lie from the glass's split. */
    private static final double SPLIT_TOLERANCE = 0.05;
    /** A float ball's diameter, as a share of the glass's width: at least this... */
    static final double FLOAT_MIN = 0.55;
    /** ...and at most this (a ball fills most of the bore it floats in). */
    static final double FLOAT_MAX = 1.1;
    /**
     * A step this strong beside the glass, on both sides, as a share of the step inside it, is an
     * edge of what is behind or in front of the glass (a wall, a band of paint, a pipe), not a
     * surface: a liquid's surface is inside the glass only ({@link #behind}). Chosen on the
     * development export ({@code sim dataset --seed 98}) from 0.5, 0.8, 1.0 and 1.3: at 1.0 it
     * held back three glasses shown 7-44% off and one 1% off.
     */
    static final double BESIDE_SHARE = 1.0;
    /** The confidence left to a surface that is such an edge: under any gate worth having. */
    static final double BESIDE_PENALTY = 0.3;
    /**
     * How far inside the detected glass box's ends (a share of its height) the glass's own ends
     * are sought ({@link #ends}). Chosen on the development export ({@code sim dataset --seed
     * 98}): glasses shown read at a mean of 2.52% of the glass without, and with 0.02, 0.03, 0.04,
     * 0.05, 0.06 and 0.08 at 2.39%, 2.38%, 2.28%, 2.33%, 2.36% and 2.35%.
     */
    static final double END_REACH = 0.04;
    /** A glass's end must be this much sharper than any other step that could be it. */
    static final double END_UNIQUE = 0.7;
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
            double[] ball = floatBall(glass, level, pixels);
            // {surface y, contrast}: a float's middle, or else the sharpest step near the box
            double[] edge = ball != null ? ball : edge(glass, level, pixels);
            if (edge != null) {
                contrast = edge[1];
                // The further the edge from the box, the less either is to be believed.
                double shift = Math.abs(edge[0] - boxY) / Math.max(2, level.height());
                surfaceY = edge[0];
                agreement = Math.exp(-shift * shift / 2);
            }
        }
        double confidence = best.confidence() * agreement;
        if (pixels != null && contrast > 0 && behind(glass, surfaceY, pixels)) {
            confidence *= BESIDE_PENALTY;
        }
        if (pixels != null) {
            // The glass's own two-stretch split is a second opinion: far from it, the box may sit
            // on the glass's end or a reflection rather than the surface.
            double[] split = split(glass, pixels);
            if (split != null && split[1] >= MIN_CONTRAST
                    && Math.abs(split[0] - surfaceY) > Math.max(level.height() / 2, SPLIT_TOLERANCE * glass.height())) {
                confidence *= 0.5;
            }
        }
        for (Detection d : levels) {
            if (d != best && over(glass, d.box()) && d.confidence() > 0.5 * best.confidence()
                    && Math.abs(d.box().centerY() - boxY) > 0.05 * glass.height()) {
                confidence *= 0.5;
                break;
            }
        }
        BoundingBox ends = pixels == null ? glass : ends(glass, surfaceY, pixels);
        double raw = (ends.y2() - surfaceY) / ends.height();
        LevelDiagnostics diagnostics = new LevelDiagnostics(glass, level, boxY, surfaceY, contrast, raw, ends);
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
     * No level box over the glass (the detector missed the surface): the boundary that best splits
     * the glass in two stretches of steady colour, refined to the sharpest step near it, with a
     * confidence that grows with the stretches' contrast up to {@value #PROFILE_ONLY_CONFIDENCE},
     * below what a confirming box gives, and falls when no sharp step confirms the split or
     * when a surface near the glass's end is in a glass two stretches explain poorly.
     */
    private static GaugeMeasurement fromProfileAlone(BoundingBox glass, ImageRegion pixels) {
        double[] split = split(glass, pixels);
        if (split == null || split[1] < MIN_CONTRAST) {
            return notFound(glass);
        }
        double near = Math.max(4, WINDOW * glass.height());
        double[] edge = edge(glass, BoundingBox.ofCenter(glass.centerX(), split[0], glass.width(), near), pixels);
        boolean sharp = edge != null && Math.abs(edge[0] - split[0]) <= near;
        double surfaceY = sharp ? edge[0] : split[0];
        BoundingBox ends = ends(glass, surfaceY, pixels);
        double raw = (ends.y2() - surfaceY) / ends.height();
        double confidence = PROFILE_ONLY_CONFIDENCE * Math.min(1, split[1] / PROFILE_ONLY_FULL_CONTRAST)
                * (sharp ? Math.min(1, edge[1] / split[1] / PROFILE_ONLY_SHARP) : 0);
        if (raw < PROFILE_ONLY_END || raw > 1 - PROFILE_ONLY_END) {
            confidence *= Geometry.clamp(1 - (PROFILE_ONLY_END_FIT - split[2]) / PROFILE_ONLY_END_FIT_RANGE, 0, 1);
            confidence = Math.min(confidence, PROFILE_ONLY_END_CONFIDENCE);
        }
        if (behind(glass, surfaceY, pixels)) {
            confidence *= BESIDE_PENALTY;
        }
        LevelDiagnostics diagnostics = new LevelDiagnostics(glass, null, null, surfaceY, split[1], raw, ends);
        return GaugeMeasurement.ok(GaugeType.LEVEL, Geometry.clamp(raw, 0, 1), confidence, diagnostics);
    }

    /**
     * The glass with its ends moved in to where the glass meets its caps or frame, where such a
     * step stands out within {@link #END_REACH} inside the detected box's top and bottom. The
     * detector's glass box reaches into a cap or a frame by a few pixels (about 1% of the glass at
     * the median on the development export), which a reading between its ends carries whole. Only
     * inwards: beyond the box, a dark cap's outer edge beside a dark liquid passes for the glass's
     * end (on the geometry's own fixture, whose boxes are right to half a pixel, moving either way
     * read at a mean of 0.46% of the glass against 0.23% without; inwards only, 0.21%).
     */
    static BoundingBox ends(BoundingBox glass, double surfaceY, ImageRegion pixels) {
        double reach = Math.max(3, END_REACH * glass.height());
        double top = end(glass, glass.y(), reach, surfaceY, true, pixels);
        double bottom = end(glass, glass.y2(), reach, surfaceY, false, pixels);
        double y = Double.isNaN(top) ? glass.y() : top;
        double y2 = Double.isNaN(bottom) ? glass.y2() : bottom;
        return new BoundingBox(glass.x(), y, glass.width(), y2 - y);
    }

    /**
     * The glass's end near {@code at} (image rows; {@code top}: its top end, the glass below it):
     * the sharpest step up to {@code reach} inside it whose glass side has the colour the glass has
     * just beyond the reach (not a cap's or a frame's own edge), standing out from the noise
     * ({@link #MIN_CONTRAST_SIGMAS}) and from every other such step (a wall's courses seen through
     * the glass make many), and not the surface's. NaN: none.
     */
    private static double end(BoundingBox glass, double at, double reach, double surfaceY, boolean top,
                              ImageRegion pixels) {
        int x0 = Math.max(0, (int) Math.floor(glass.x() + glass.width() / 4));
        int x1 = Math.min(pixels.width(), (int) Math.ceil(glass.x2() - glass.width() / 4));
        // the window, and SIDE rows further into the glass: what the glass looks like there
        int y0 = Math.max(0, (int) Math.floor(at - reach) - SIDE - (top ? 0 : SIDE));
        int y1 = Math.min(pixels.height(), (int) Math.ceil(at + reach) + SIDE + (top ? SIDE : 0));
        int rows = y1 - y0;
        if (x1 - x0 < 1 || rows < 3 * SIDE + 3) {
            return Double.NaN;
        }
        double[][] profile = profile(pixels, x0, x1, y0, rows);
        double[] inside = mean(profile, top ? rows - SIDE : 0, SIDE);
        double[] magnitude = steps(profile);
        double floor = Math.max(MIN_CONTRAST, MIN_CONTRAST_SIGMAS * rowNoise(profile));
        int peak = -1;
        double second = 0;
        for (int k = 1; k < magnitude.length - 1; k++) {
            int b = k + SIDE;
            boolean local = magnitude[k] >= magnitude[k - 1] && magnitude[k] > magnitude[k + 1];
            boolean outward = top ? y0 + b < at : y0 + b > at;
            if (!local || outward || magnitude[k] < floor || Math.abs(y0 + b - surfaceY) <= 2 * SIDE
                    || colourDistance(mean(profile, top ? b : b - SIDE, SIDE), inside) > 0.5 * magnitude[k]) {
                continue;
            }
            if (peak < 0 || magnitude[k] > magnitude[peak]) {
                second = peak < 0 ? second : Math.max(second, magnitude[peak]);
                peak = k;
            } else {
                second = Math.max(second, magnitude[k]);
            }
        }
        if (peak < 0 || second > END_UNIQUE * magnitude[peak]) {
            return Double.NaN;
        }
        return y0 + peak + SIDE + subPixel(magnitude, peak);
    }

    /** The mean colour of {@code n} rows of a profile from row {@code from}. */
    private static double[] mean(double[][] profile, int from, int n) {
        double[] m = new double[3];
        for (int r = from; r < from + n; r++) {
            for (int ch = 0; ch < 3; ch++) {
                m[ch] += profile[r][ch] / n;
            }
        }
        return m;
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
        double reach = Math.max(4, Math.max(BOX_REACH * level.height(), WINDOW * glass.height()));
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
        double[][] profile = profile(pixels, x0, x1, y0, rows);
        double[] magnitude = steps(profile);
        int boundaries = magnitude.length;
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
                differences[nd++] = colourDistance(profile[r + 1], profile[r]);
            }
        }
        double noise = nd == 0 ? 0 : 1.4826 * Geometry.median(differences, nd);
        if (magnitude[peak] < Math.max(MIN_CONTRAST, MIN_CONTRAST_SIGMAS * noise)) {
            return null;
        }
        return new double[] {y0 + peak + SIDE + subPixel(magnitude, peak), magnitude[peak]};
    }

    /**
     * The step at each row boundary of a colour profile: {@code steps[k]} is the colour distance
     * between the means of the {@value #SIDE} rows above and the {@value #SIDE} rows below the
     * boundary between rows {@code k + SIDE - 1} and {@code k + SIDE}.
     */
    private static double[] steps(double[][] profile) {
        int boundaries = profile.length - 2 * SIDE + 1;
        double[] magnitude = new double[Math.max(0, boundaries)];
        for (int k = 0; k < boundaries; k++) {
            int b = k + SIDE;
            double[] above = new double[3];
            double[] below = new double[3];
            for (int i = 1; i <= SIDE; i++) {
                for (int ch = 0; ch < 3; ch++) {
                    above[ch] += profile[b - i][ch];
                    below[ch] += profile[b + i - 1][ch];
                }
            }
            magnitude[k] = colourDistance(above, below) / SIDE;
        }
        return magnitude;
    }

    /** Sub-pixel offset of a peak: the vertex of the parabola through it and its neighbours. */
    private static double subPixel(double[] magnitude, int peak) {
        if (peak < 1 || peak + 1 >= magnitude.length) {
            return 0;
        }
        double a = magnitude[peak - 1];
        double b = magnitude[peak];
        double c = magnitude[peak + 1];
        double denominator = a - 2 * b + c;
        return denominator < 0 ? Geometry.clamp(0.5 * (a - c) / denominator, -0.5, 0.5) : 0;
    }

    /** Robust standard deviation of the row-to-row colour change of a profile. */
    private static double rowNoise(double[][] profile) {
        double[] differences = new double[Math.max(1, profile.length - 1)];
        for (int r = 0; r + 1 < profile.length; r++) {
            differences[r] = colourDistance(profile[r + 1], profile[r]);
        }
        return 1.4826 * Geometry.median(differences, profile.length - 1);
    }

    /**
     * A float ball riding on the surface, as tubular and window glasses often carry: the surface
     * is the ball's middle, while the sharpest steps near the level box are the ball's top and
     * bottom, half a ball off. Down the glass's middle (a quarter of its width, where a ball's
     * outline is nearly flat) a ball is a stretch of steady colour between two sharp steps
     * {@value #FLOAT_MIN} to {@value #FLOAT_MAX} glass widths apart, unlike the rows above and
     * below it, both steps at least half the sharpest in the window, and nothing as sharp inside
     * it. Returns {y of the ball's middle in image pixels, its weaker edge's size in grey levels},
     * or null when no such stretch has its middle within the surface's reach of the box's centre.
     */
    static double[] floatBall(BoundingBox glass, BoundingBox level, ImageRegion pixels) {
        double w = glass.width();
        double reach = Math.max(4, Math.max(BOX_REACH * level.height(), WINDOW * glass.height()));
        double half = Math.max(0.5, w / 8);
        int x0 = Math.max(0, (int) Math.floor(glass.centerX() - half));
        int x1 = Math.min(pixels.width(), (int) Math.ceil(glass.centerX() + half));
        double top = Math.max(level.centerY() - reach - FLOAT_MAX * w / 2, glass.y() + FRAME_MARGIN);
        double bottom = Math.min(level.centerY() + reach + FLOAT_MAX * w / 2, glass.y2() - FRAME_MARGIN);
        int y0 = Math.max(0, (int) Math.floor(top) - SIDE);
        int y1 = Math.min(pixels.height(), (int) Math.ceil(bottom) + SIDE);
        int rows = y1 - y0;
        int shortest = (int) Math.ceil(FLOAT_MIN * w);
        if (x1 - x0 < 1 || shortest < 2 * SIDE + 1 || rows < shortest + 2 * SIDE + 2) {
            return null;
        }
        double[][] profile = profile(pixels, x0, x1, y0, rows);
        double[] magnitude = steps(profile);
        double sharpest = 0;
        for (double m : magnitude) {
            sharpest = Math.max(sharpest, m);
        }
        double floor = Math.max(MIN_CONTRAST, Math.max(MIN_CONTRAST_SIGMAS * rowNoise(profile), 0.5 * sharpest));
        List<Integer> peaks = new ArrayList<>();
        for (int k = 1; k + 1 < magnitude.length; k++) {
            if (magnitude[k] >= floor && magnitude[k] >= magnitude[k - 1] && magnitude[k] > magnitude[k + 1]) {
                peaks.add(k);
            }
        }
        double[] best = null;
        for (int i = 0; i < peaks.size(); i++) {
            for (int j = i + 1; j < peaks.size(); j++) {
                int a = peaks.get(i);
                int b = peaks.get(j);
                double upper = y0 + a + SIDE + subPixel(magnitude, a);
                double lower = y0 + b + SIDE + subPixel(magnitude, b);
                double middle = (upper + lower) / 2;
                double edge = Math.min(magnitude[a], magnitude[b]);
                if (lower - upper < FLOAT_MIN * w || lower - upper > FLOAT_MAX * w
                        || Math.abs(middle - level.centerY()) > reach || (best != null && edge <= best[1])
                        || !steadyBetween(profile, magnitude, a, b, edge)) {
                    continue;
                }
                best = new double[] {middle, edge};
            }
        }
        return best;
    }

    /**
     * Whether the rows between the steps at boundaries a and b (of {@link #steps}) are one steady
     * colour, nothing inside as sharp as half of {@code edge}, that differs by at least half of
     * {@code edge} from the {@value #SIDE} rows above a and from those below b.
     */
    private static boolean steadyBetween(double[][] profile, double[] magnitude, int a, int b, double edge) {
        for (int k = a + SIDE; k <= b - SIDE; k++) {
            if (magnitude[k] > 0.5 * edge) {
                return false;
            }
        }
        double[] inside = meanRows(profile, a + SIDE, b + SIDE);
        double[] above = meanRows(profile, a, a + SIDE);
        double[] below = meanRows(profile, b + SIDE, Math.min(profile.length, b + 2 * SIDE));
        return colourDistance(inside, above) >= 0.5 * edge && colourDistance(inside, below) >= 0.5 * edge;
    }

    private static double[] meanRows(double[][] profile, int from, int to) {
        double[] mean = new double[3];
        for (int r = from; r < to; r++) {
            for (int ch = 0; ch < 3; ch++) {
                mean[ch] += profile[r][ch] / (to - from);
            }
        }
        return mean;
    }

    /**
     * The mean B, G, R of each row from {@code y0} over columns x0 .. x1-1: colour, not only
     * brightness, since a coloured liquid can be as bright as the empty glass above it.
     */
    private static double[][] profile(ImageRegion pixels, int x0, int x1, int y0, int rows) {
        byte[] bgr = pixels.bgr();
        double[][] profile = new double[rows][3];
        for (int r = 0; r < rows; r++) {
            for (int x = x0; x < x1; x++) {
                int o = pixels.offset(x, y0 + r);
                for (int ch = 0; ch < 3; ch++) {
                    profile[r][ch] += bgr[o + ch] & 0xff;
                }
            }
            for (int ch = 0; ch < 3; ch++) {
                profile[r][ch] /= x1 - x0;
            }
        }
        return profile;
    }

    /**
     * Whether the step at {@code y} is the edge of something behind or in front of the glass
     * rather than a surface in it: beside the glass, in a strip as wide as the glass (at least
     * {@value #SIDE} pixels) a quarter of its width clear of it, the step is at least as large as
     * inside ({@link #BESIDE_SHARE}), on both sides, or on the one side that lies in the image. A
     * wall's edge or a band of paint seen through a clear tube, or a pipe or a clamp across it,
     * is as sharp beside the glass as in it; a surface is a change inside the glass only, and one
     * that happens to lie at a background edge is the stronger step. A ruler or a pipe on one
     * side only is not taken for such an edge.
     */
    static boolean behind(BoundingBox glass, double y, ImageRegion pixels) {
        int x0 = (int) Math.floor(glass.x() + glass.width() / 4);
        int x1 = (int) Math.ceil(glass.x2() - glass.width() / 4);
        double[][] inside = stepAt(pixels, Math.max(0, x0), Math.min(pixels.width(), Math.max(x0 + 1, x1)), y);
        if (inside == null) {
            return false;
        }
        double step = colourDistance(inside[0], inside[1]);
        double width = Math.max(SIDE, glass.width());
        double gap = Math.max(1, glass.width() / 4);
        int sides = 0;
        for (double from : new double[] {glass.x() - gap - width, glass.x2() + gap}) {
            int sx0 = (int) Math.floor(from);
            int sx1 = (int) Math.ceil(from + width);
            if (sx0 < 0 || sx1 > pixels.width()) {
                continue;
            }
            double[][] beside = stepAt(pixels, sx0, sx1, y);
            if (beside == null || colourDistance(beside[0], beside[1]) < BESIDE_SHARE * step) {
                return false;
            }
            sides++;
        }
        return sides > 0;
    }

    /**
     * The mean colours of the {@value #SIDE} rows above and the {@value #SIDE} rows below the row
     * boundary within a row of {@code y} where they differ most, over columns x0 .. x1-1; null
     * when those rows are not all in the image.
     */
    private static double[][] stepAt(ImageRegion pixels, int x0, int x1, double y) {
        int row = (int) Math.round(y);
        int y0 = row - SIDE - 1;
        int rows = 2 * SIDE + 2;
        if (y0 < 0 || y0 + rows > pixels.height() || x1 <= x0) {
            return null;
        }
        double[][] profile = profile(pixels, x0, x1, y0, rows);
        double[][] best = null;
        for (int b = SIDE; b <= rows - SIDE; b++) {
            double[] above = meanRows(profile, b - SIDE, b);
            double[] below = meanRows(profile, b, b + SIDE);
            if (best == null || colourDistance(above, below) > colourDistance(best[0], best[1])) {
                best = new double[][] {above, below};
            }
        }
        return best;
    }

    /**
     * The distance between two colours in grey levels: a step of d in all three channels (a
     * pure brightness step) measures d, as a luma step would.
     */
    static double colourDistance(double[] a, double[] b) {
        double sum = 0;
        for (int ch = 0; ch < 3; ch++) {
            double d = a[ch] - b[ch];
            sum += d * d;
        }
        return Math.sqrt(sum / 3);
    }

    /**
     * The glass as two stretches of steady colour, liquid below and empty glass above: the row
     * boundary that best splits the glass's column profile in two (the largest between-stretch
     * variance, as Otsu's threshold but in position). Unlike the sharpest local step, a
     * highlight or a graduation cannot win it, since it moves few rows. Returns {y of
     * the boundary in image pixels, the colour distance between the stretches' means, the share
     * of the profile's variance the two stretches explain (1: two flat stretches)}, or null
     * when the glass is too short.
     */
    static double[] split(BoundingBox glass, ImageRegion pixels) {
        int x0 = Math.max(0, (int) Math.floor(glass.x() + glass.width() / 4));
        int x1 = Math.min(pixels.width(), (int) Math.ceil(glass.x2() - glass.width() / 4));
        int y0 = Math.max(0, (int) Math.ceil(glass.y() + FRAME_MARGIN));
        int y1 = Math.min(pixels.height(), (int) Math.floor(glass.y2() - FRAME_MARGIN));
        int rows = y1 - y0;
        if (x1 - x0 < 1 || rows < 2 * SIDE + 3) {
            return null;
        }
        double[][] profile = profile(pixels, x0, x1, y0, rows);
        double[][] prefix = new double[rows + 1][3];
        for (int r = 0; r < rows; r++) {
            for (int ch = 0; ch < 3; ch++) {
                prefix[r + 1][ch] = prefix[r][ch] + profile[r][ch];
            }
        }
        int best = -1;
        double bestScore = -1;
        double bestDistance = 0;
        double[] above = new double[3];
        double[] below = new double[3];
        for (int b = SIDE; b <= rows - SIDE; b++) {
            for (int ch = 0; ch < 3; ch++) {
                above[ch] = prefix[b][ch] / b;
                below[ch] = (prefix[rows][ch] - prefix[b][ch]) / (rows - b);
            }
            double d = colourDistance(above, below);
            double score = (double) b * (rows - b) / rows * d * d;
            if (score > bestScore) {
                bestScore = score;
                best = b;
                bestDistance = d;
            }
        }
        double total = 0;
        double[] mean = new double[3];
        for (int ch = 0; ch < 3; ch++) {
            mean[ch] = prefix[rows][ch] / rows;
        }
        for (double[] row : profile) {
            double d = colourDistance(row, mean);
            total += d * d;
        }
        return new double[] {y0 + best, bestDistance, total > 0 ? bestScore / total : 0};
    }
}
