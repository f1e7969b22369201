package io.meterreader.gauge;

import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.List;

/*
 * Design. The reader works on tick marks as objects, not on a polar image:
 *
 *  1. Every tick instance is split into connected pieces with their moments (BlobFinder), so a
 *     scale mask that comes as one instance, or merged ticks, still give one piece per tick.
 *  2. The pivot and the ellipse through the ticks (DialLocator): tick lines meet at the pivot;
 *     numerals, bands and blobs are dropped by shape and distance; the ellipse goes through the
 *     ticks' outer ends, centroids or inner ends, whichever lie on one ring.
 *  3. The pointer (PointerAxis): a vote of its pixels' directions from the pivot finds its line
 *     among pieces and false detections; the principal axis of the pieces along that line gives
 *     it to a tenth of a degree, and its tip is the end farther from the pivot. Its line then
 *     refines the pivot.
 *  4. Ring and pivot give the rectifying homography (DialRectifier): the dial seen face-on.
 *     The pieces whose pixels lie in the annulus that the ring's ticks span are ticks too
 *     (TickBand): a tick cut short by something in front of the dial keeps its direction.
 *  5. In the rectified dial the ticks' angles form a regular grid; its largest gap that breaks
 *     the grid is the open sector, so the first and last tick are found at any rotation
 *     (ScaleGrid), missing ticks keep their places, and stray blobs at the ends are dropped.
 *     Then the pivot is moved to where the grid is most even (EvenTicks): tick lines give the
 *     pivot to a pixel or two, and a pivot that far off feigns a perspective; the scale is
 *     measured again from there, unless that takes in a stray.
 *  6. The pointer's line is intersected with the ring of tick centroids, and that direction is
 *     placed on the grid by a local straight-line fit of tick angle against tick index. Measuring
 *     pointer and ticks at the same radius, and only against nearby ticks, cancels most of any
 *     error left in the pivot and the rectification.
 *  7. The fraction along the arc from the first to the last tick, by angle alone, is the second
 *     placement; the two agree on a regular scale, and on an irregular one (non-uniform ticks) the
 *     arc fraction is the answer.
 *  8. Confidence multiplies the models' confidence (weighed by MODEL_WEIGHT) by a factor for each
 *     way the geometry could be wrong (confidence()).
 */

/** The standard pointer reader: dial rectification, open-sector search, tick-grid interpolation. */
final class RectifiedPointerReader implements PointerReader {

    /** How the dial is unwarped: through the pivot (projective), or about the ellipse's centre (affine). */
    enum Rectification { PROJECTIVE, AFFINE }

    /** A pointer this far outside the scale (share of the span) still reads as the nearest end. */
    static final double END_TOLERANCE = 0.02;
    /** Above this, a projective rectification is more likely noise than perspective. */
    private static final double MAX_PERSPECTIVE = 0.35;
    /** Grids more irregular than this (RMS, in pitches) are not trusted to be evenly spaced. */
    private static final double MAX_IRREGULARITY = 0.25;
    /**
     * The models' say in the confidence: (pointer score x mean tick score) to this power. The
     * instance scores of a small segmenter are low even on a good mask, and the geometry's own
     * factors tell a bad scale from a good one better; a fourth root, with faint ticks kept
     * (segmenter threshold 0.1), passed 2.9 times as many dials at the service's gate and with a
     * smaller error than the square root did (validation split, MODEL_CARD.md).
     */
    static final double MODEL_WEIGHT = 0.25;
    /**
     * A second pointer's line ({@link PointerAxis#rival}) up to this strong costs nothing (a stray
     * speck of pointer mask)...
     */
    static final double RIVAL_FREE = 0.2;
    /**
     * ...and one this strong all the confidence, linearly between: a drag or set-point pointer as
     * long as the needle, which the segmenter may take for the needle. Chosen on the development
     * export rendered with drag pointers ({@code sim dataset --images 600 --seed 98}) from 0.15-0.4
     * to 0.5-1.0: the stricter ends held back more drag pointers read as needles (one held-out one
     * shown 32% off at 0.3 to 0.9) for a dial or two of the 898.
     */
    static final double RIVAL_NONE = 0.6;

    private final Rectification rectification;

    RectifiedPointerReader() {
        this(Rectification.PROJECTIVE);
    }

    RectifiedPointerReader(Rectification rectification) {
        this.rectification = rectification;
    }

    @Override
    public GaugeMeasurement read(List<Detection> segments, int cropWidth, int cropHeight) {
        List<Detection> pointers = SegmentMasks.ofClass(segments, POINTER_CLASS);
        if (pointers.isEmpty()) {
            return failed(ReadingStatus.POINTER_NOT_FOUND, null);
        }
        List<Blob> pieces = new ArrayList<>();
        for (Detection d : SegmentMasks.ofClass(segments, SCALE_CLASS)) {
            // A lone pixel beside a larger piece is noise; a tick a pixel wide and long, as a
            // small dial's minor ticks are, is still a tick.
            List<Blob> blobs = BlobFinder.blobs(d);
            for (Blob b : blobs) {
                if (b.area() >= 2 || blobs.size() == 1) {
                    pieces.add(b);
                }
            }
        }
        if (pieces.size() < 3) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }
        DialLocator.Located dial = DialLocator.locate(pieces, cropWidth, cropHeight);
        if (dial == null) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }
        PointerAxis pointer = PointerAxis.find(pointers, dial.pivot[0], dial.pivot[1], dial.ringRadius);
        if (pointer == null) {
            return failed(ReadingStatus.POINTER_NOT_FOUND, partial(dial));
        }
        dial.refine(pointer);
        double[] pivot = dial.pivot;

        Homography rectify = rectify(dial, pivot);
        if (rectify == null) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, partial(dial));
        }
        Scale scale = Scale.of(pieces, dial, rectify, pivot);
        if (scale == null) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, partial(dial));
        }
        // Whether the pointer's line passes through the pivot, judged about the pivot the lines
        // give: the one below that spaces the ticks evenly may lie a little off the true pivot
        // along a direction that the spacing hardly shows.
        double directionGap = directionGap(pointer, rectify, scale);
        // The pivot that spaces an evenly printed scale's ticks evenly, and the scale seen from it.
        if (rectification == Rectification.PROJECTIVE && scale.grid.irregularity < MAX_IRREGULARITY) {
            ScaleGrid g = scale.grid;
            double[] xs = new double[g.size()];
            double[] ys = new double[g.size()];
            for (int i = 0; i < g.size(); i++) {
                xs[i] = scale.ticks.get(g.sources[i]).cx;
                ys[i] = scale.ticks.get(g.sources[i]).cy;
            }
            double[] even = EvenTicks.pivot(dial.ring.conic, dial.ellipse, pivot, xs, ys, g.indices, g.size());
            Homography evenRectify = even == pivot ? null : rectify(dial, even);
            Scale evenScale = evenRectify == null ? null : Scale.of(pieces, dial, evenRectify, even);
            // The same scale measured better, or one with fewer ticks missing inside it: a pivot that
            // stretches the scale over a wider gap (a stray blob taken in at an end) is not trusted.
            if (evenScale != null && evenScale.atLeastAsWhole(scale)) {
                pivot = even;
                rectify = evenRectify;
                scale = evenScale;
            }
        }
        double ox = scale.ox;
        double oy = scale.oy;
        List<Blob> ticks = scale.ticks;
        ScaleGrid grid = scale.grid;
        double tickRadius = scale.tickRadius;

        // Where the pointer's line crosses the ring of tick centroids, and where that is on the scale.
        double ax = rectify.mapX(pointer.baseX, pointer.baseY) - ox;
        double ay = rectify.mapY(pointer.baseX, pointer.baseY) - oy;
        double bx = rectify.mapX(pointer.tipX, pointer.tipY) - ox;
        double by = rectify.mapY(pointer.tipX, pointer.tipY) - oy;
        double[] crossing = crossCircle(ax, ay, bx, by, tickRadius);
        double tipX = crossing == null ? bx : crossing[0];
        double tipY = crossing == null ? by : crossing[1];
        double pointerPhi = Math.atan2(tipY, tipX);
        double psi = Geometry.normalizeRadians(pointerPhi - grid.start);
        double last = grid.angles[grid.size() - 1];
        if (psi > last && psi - last > Geometry.TWO_PI - psi) {
            psi -= Geometry.TWO_PI;
        }
        double local = grid.position(psi) / grid.intervals;
        double arc = grid.arcFraction(psi);
        boolean regular = grid.irregularity < MAX_IRREGULARITY && grid.size() >= 4;
        double raw = regular ? local : arc;
        double agreement = Math.abs(local - arc);

        double tickConfidence = 0;
        for (int i = 0; i < grid.size(); i++) {
            tickConfidence += ticks.get(grid.sources[i]).confidence;
        }
        tickConfidence /= grid.size();
        double model = Math.pow(pointer.blob.confidence * tickConfidence, MODEL_WEIGHT);
        PointerEvidence evidence = evidence(model, grid, dial.candidates,
                agreement, directionGap, pointer, dial.ringRadius);
        double confidence = evidence.confidence();

        List<ImagePoint> accepted = new ArrayList<>(grid.size());
        for (int i = 0; i < grid.size(); i++) {
            Blob b = ticks.get(grid.sources[i]);
            accepted.add(new ImagePoint(b.cx, b.cy));
        }
        PointerDiagnostics diagnostics = new PointerDiagnostics("rectified",
                new ImagePoint(dial.pivot[0], dial.pivot[1]),
                dial.ellipse,
                accepted,
                accepted.get(0),
                accepted.get(accepted.size() - 1),
                rectify.inverse().map(tipX + ox, tipY + oy),
                degrees(pointerPhi),
                degrees(grid.start),
                degrees(grid.start + last),
                grid.intervals,
                raw,
                agreement,
                evidence);
        if (raw < -END_TOLERANCE || raw > 1 + END_TOLERANCE) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, confidence, diagnostics);
        }
        return GaugeMeasurement.ok(GaugeType.POINTER, Geometry.clamp(raw, 0, 1), confidence, diagnostics);
    }

    /**
     * The map to the dial face-on: projective through the pivot, unless that is asked not to be
     * or looks more like noise than perspective; else affine about the ellipse's centre.
     */
    private Homography rectify(DialLocator.Located dial, double[] pivot) {
        if (rectification == Rectification.PROJECTIVE) {
            Homography projective = DialRectifier.rectify(dial.ring.conic, pivot[0], pivot[1]);
            if (projective != null
                    && DialRectifier.perspective(projective, pivot[0], pivot[1], dial.ringRadius) <= MAX_PERSPECTIVE) {
                return projective;
            }
        }
        return DialRectifier.rectify(dial.ring.conic, dial.ellipse.centerX(), dial.ellipse.centerY());
    }

    /**
     * What could have gone wrong in the geometry, each a factor that is 1 when all is well:
     * <ul>
     * <li>few ticks (fewer than 6), or many candidates left off the grid;</li>
     * <li>an irregular grid (tick angles off a smooth curve by a tenth of a pitch and more), as an
     *     index slipped over missing or false ticks makes it;</li>
     * <li>the two placements (tick grid and arc) disagreeing by a percent of the span and more,
     *     which also betrays a slipped index;</li>
     * <li>another gap between ticks nearly as wide as the open sector: the scale's ends are then
     *     a guess;</li>
     * <li>a second pointer on the same pivot (a drag or set-point pointer);</li>
     * <li>a pointer whose tail reaches nearly as far as its tip (which end is the tip is then a
     *     guess), that is short against the ring, that is not a stroke, or whose line misses the
     *     direction from the pivot to where it crosses the ring by degrees.</li>
     * </ul>
     */
    private static PointerEvidence evidence(double model, ScaleGrid grid, int candidates, double agreement,
                                            double directionGap, PointerAxis pointer, double ringRadius) {
        double ticks = Math.sqrt(Math.min(1, grid.size() / 6.0))
                * Math.sqrt((double) grid.size() / Math.max(grid.size(), candidates));
        double regularity = Math.exp(-square(grid.irregularity / 0.25));
        double agreed = Math.exp(-square(agreement / 0.02));
        double sector = Geometry.clamp((1 - grid.sectorRivalry) / 0.4, 0.2, 1);
        double tip = pointer.length();
        double ends = Geometry.clamp(tip / Math.max(1, pointer.tailLength) - 1, 0.2, 1);
        double reach = Math.min(1, tip / (0.5 * ringRadius));
        double stroke = Math.min(1, pointer.blob.elongation() / 3);
        double direction = Math.exp(-square(directionGap / Math.toRadians(6)));
        double single = Geometry.clamp((RIVAL_NONE - pointer.rival) / (RIVAL_NONE - RIVAL_FREE), 0, 1);
        return new PointerEvidence(model, ticks, regularity, agreed, sector, ends, reach, stroke, direction, single,
                ringRadius);
    }

    /** The scale as seen through one rectification: its ticks, their grid, and the ring they lie on. */
    private static final class Scale {
        final double ox;
        final double oy;
        /** The pieces taken for ticks; the grid's sources index into them. */
        final List<Blob> ticks;
        final ScaleGrid grid;
        /** The median rectified radius of the grid's tick centroids. */
        final double tickRadius;

        private Scale(double ox, double oy, List<Blob> ticks, ScaleGrid grid, double tickRadius) {
            this.ox = ox;
            this.oy = oy;
            this.ticks = ticks;
            this.grid = grid;
            this.tickRadius = tickRadius;
        }

        /**
         * Whether this scale spans as many intervals as another, or lies closer to an even grid
         * without a wider gap between neighbouring ticks (a gap of two intervals, one tick not
         * told apart from its neighbour on a small dial, is allowed).
         */
        boolean atLeastAsWhole(Scale other) {
            return grid.intervals == other.grid.intervals
                    || grid.widestGap() <= Math.max(2, other.grid.widestGap()) && grid.irregularity < other.grid.irregularity;
        }

        /** The tick grid in the rectified dial, from the pieces close to the ring or in the ticks' band; null if none. */
        static Scale of(List<Blob> pieces, DialLocator.Located dial, Homography rectify, double[] pivot) {
            double ox = rectify.mapX(pivot[0], pivot[1]);
            double oy = rectify.mapY(pivot[0], pivot[1]);
            TickBand band = TickBand.of(pieces, dial.ring.inlier, rectify, ox, oy, 1 / dial.ringRadius);
            List<Blob> ticks = new ArrayList<>();
            boolean[] tight = new boolean[pieces.size()];
            for (int i = 0; i < pieces.size(); i++) {
                if (dial.ring.member[i] || band.member[i]) {
                    tight[ticks.size()] = dial.ring.inlier[i];
                    ticks.add(pieces.get(i));
                }
            }
            int m = ticks.size();
            double[] phi = new double[m];
            double[] rho = new double[m];
            for (int i = 0; i < m; i++) {
                Blob b = ticks.get(i);
                double x = rectify.mapX(b.cx, b.cy) - ox;
                double y = rectify.mapY(b.cx, b.cy) - oy;
                phi[i] = Math.atan2(y, x);
                rho[i] = Geometry.hypot(x, y);
            }
            if (m < 3) {
                return null;
            }
            double ringRho = Geometry.median(rho, m);
            double[] offRing = new double[m];
            for (int i = 0; i < m; i++) {
                offRing[i] = Math.abs(rho[i] - ringRho);
            }
            boolean[][] lengthClass = TickShapes.lengthClasses(ticks);
            boolean[] doubtful = TickShapes.doubtful(ticks, tight, lengthClass[0], pivot);
            ScaleGrid grid = ScaleGrid.fit(phi, offRing, doubtful, lengthClass[0], lengthClass[1], m);
            if (grid == null || grid.intervals < 2) {
                return null;
            }
            int[] hidden = TickShapes.hiddenEnds(grid, ticks, lengthClass[0], lengthClass[1], doubtful);
            if (hidden[0] > 0 || hidden[1] > 0) {
                grid = grid.withHiddenEnds(hidden[0], hidden[1]);
            }
            double[] gridRho = new double[grid.size()];
            for (int i = 0; i < grid.size(); i++) {
                gridRho[i] = rho[grid.sources[i]];
            }
            return new Scale(ox, oy, ticks, grid, Geometry.median(gridRho, grid.size()));
        }
    }

    /**
     * The angle, in the rectified dial, between the pointer's line and the direction from the
     * pivot to where that line crosses the ring: 0 for a line through the pivot.
     */
    private static double directionGap(PointerAxis pointer, Homography rectify, Scale scale) {
        double ax = rectify.mapX(pointer.baseX, pointer.baseY) - scale.ox;
        double ay = rectify.mapY(pointer.baseX, pointer.baseY) - scale.oy;
        double bx = rectify.mapX(pointer.tipX, pointer.tipY) - scale.ox;
        double by = rectify.mapY(pointer.tipX, pointer.tipY) - scale.oy;
        double[] crossing = crossCircle(ax, ay, bx, by, scale.tickRadius);
        double phi = crossing == null ? Math.atan2(by, bx) : Math.atan2(crossing[1], crossing[0]);
        return Math.abs(Math.IEEEremainder(Math.atan2(by - ay, bx - ax) - phi, Geometry.TWO_PI));
    }

    /** The intersection of the ray from a through b with the circle of radius r about the origin, beyond a. */
    static double[] crossCircle(double ax, double ay, double bx, double by, double r) {
        double ux = bx - ax;
        double uy = by - ay;
        double len = Geometry.hypot(ux, uy);
        if (len == 0) {
            return null;
        }
        ux /= len;
        uy /= len;
        double p = ax * ux + ay * uy;
        double q = ax * ax + ay * ay - r * r;
        double disc = p * p - q;
        if (disc < 0) {
            return null;
        }
        double t = -p + Math.sqrt(disc);
        return new double[] {ax + t * ux, ay + t * uy};
    }

    private static double degrees(double radians) {
        return Geometry.normalizeDegrees(Math.toDegrees(radians));
    }

    private static double square(double v) {
        return v * v;
    }

    private static GaugeMeasurement failed(ReadingStatus status, PointerDiagnostics diagnostics) {
        return GaugeMeasurement.failed(GaugeType.POINTER, status, 0, diagnostics);
    }

    private static PointerDiagnostics partial(DialLocator.Located dial) {
        return new PointerDiagnostics("rectified", new ImagePoint(dial.pivot[0], dial.pivot[1]), dial.ellipse,
                List.of(), null, null, null, null, null, null, 0, null, 0, null);
    }
}
