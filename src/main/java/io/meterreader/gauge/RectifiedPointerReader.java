package io.meterreader.gauge;

import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * Design. The reader works on tick marks as objects, not on a polar image:
 *
 *  1. Every tick instance is split into connected pieces with their moments (BlobFinder).
 *  2. Ticks are radial, so their axes meet at the pivot: a robust least-squares intersection of
 *     the tick lines gives the pivot's image even under perspective (LineIntersection).
 *  3. Pieces that are not radial or lie far off the ring (numerals, bands, blobs) are dropped, and
 *     an ellipse is fitted to the ticks' outer ends, centroids or inner ends, whichever lie on one
 *     ring (ticks of two lengths share only one of their ends).
 *  4. The pointer is the principal axis of its mask, its tip the end farther from the pivot
 *     (PointerAxis); its line joins the tick lines to refine the pivot.
 *  5. Ring and pivot give the rectifying homography (DialRectifier): the dial seen face-on.
 *  6. In the rectified dial the ticks' angles form a regular grid; its largest gap is the open
 *     sector, so the first and last tick are found at any rotation (ScaleGrid).
 *  7. The pointer's line is intersected with the ring of tick centroids, and that direction is
 *     placed on the grid by a local straight-line fit of tick angle against tick index. Measuring
 *     pointer and ticks at the same radius, and only against nearby ticks, cancels most of any
 *     error left in the pivot and the rectification.
 *  8. The fraction along the arc from the first to the last tick, by angle alone, is the second
 *     method; the two agree on a regular scale, and on an irregular one (non-uniform ticks) the
 *     arc fraction is the answer.
 *  9. Confidence multiplies what could make the answer wrong: model confidence, how many ticks were
 *     found and how regular they are, how well the pointer's line passes the pivot, and how far
 *     the two methods disagree.
 */

/** The standard pointer reader: dial rectification, open-sector search, tick-grid interpolation. */
final class RectifiedPointerReader implements PointerReader {

    /** How the dial is unwarped: through the pivot (projective), or about the ellipse's centre (affine). */
    enum Rectification { PROJECTIVE, AFFINE }

    /** A pointer this far outside the scale (share of the span) still reads as the nearest end. */
    static final double END_TOLERANCE = 0.02;
    /** Above this, a projective rectification is more likely noise than perspective. */
    private static final double MAX_PERSPECTIVE = 0.35;
    private static final double RADIAL_TOLERANCE_DEGREES = 25;
    private static final double MAX_RADIUS_OVER_DISTANCE = 0.25;

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
            for (Blob b : BlobFinder.blobs(d)) {
                if (b.area() >= 2) {
                    pieces.add(b);
                }
            }
        }
        if (pieces.size() < 3) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }
        int n = pieces.size();

        // 2. The pivot where the tick lines meet; the circle through the centroids if they do not.
        double[] px = new double[n];
        double[] py = new double[n];
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] lineWeight = new double[n];
        double typicalLength = typicalTickLength(pieces);
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            px[i] = b.cx;
            py[i] = b.cy;
            dx[i] = b.dx;
            dy[i] = b.dy;
            lineWeight[i] = tickLineWeight(b, typicalLength);
        }
        double[] pivot = LineIntersection.robust(px, py, dx, dy, lineWeight, n, 0.5, null);
        if (pivot != null && !insideCrop(pivot, cropWidth, cropHeight)) {
            pivot = null;
        }
        // Tiny or ragged ticks point nowhere in particular: then the circle through them knows better.
        double[] circle = CircleConsensus.centre(px, py, n, Math.min(cropWidth, cropHeight));
        if (pivot == null || (circle != null && ringSupport(pieces, circle) > ringSupport(pieces, pivot) * 1.1)) {
            pivot = circle;
        }
        if (pivot == null) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }

        // 3. Radial pieces near the ring.
        boolean[] onRing = new boolean[n];
        double[] distance = new double[n];
        int radialCount = 0;
        // Where most ticks are strokes, a round piece wider than a stroke is a numeral or a blob.
        double strokeWidth = typicalStrokeWidth(pieces);
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            double rx = b.cx - pivot[0];
            double ry = b.cy - pivot[1];
            distance[i] = Math.hypot(rx, ry);
            boolean blob = b.elongation() < 1.5 && b.width() > 1.5 * strokeWidth + 1;
            boolean radial = !blob && pointsAt(b, pivot);
            if (radial) {
                onRing[i] = true;
                radialCount++;
            }
        }
        if (radialCount < 3) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }
        double[] radial = new double[radialCount];
        for (int i = 0, k = 0; i < n; i++) {
            if (onRing[i]) {
                radial[k++] = distance[i];
            }
        }
        double ringRadius = Geometry.median(radial, radialCount);
        int ringCount = 0;
        for (int i = 0; i < n; i++) {
            onRing[i] = onRing[i] && distance[i] > 0.75 * ringRadius && distance[i] < 1.3 * ringRadius;
            if (onRing[i]) {
                ringCount++;
            }
        }
        if (ringCount < 3) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }
        RingFit ring = RingFit.best(pieces, onRing, pivot);
        if (ring == null) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, null);
        }

        // Perspective moves the pivot's image off the ellipse's centre, but not far: a pivot far
        // from it came from lines that were not ticks.
        Ellipse ellipse = ring.conic.ellipse();
        if (!nearCentre(pivot, ellipse)) {
            pivot = new double[] {ellipse.centerX(), ellipse.centerY()};
        }

        // 4. The pointer, and the pivot refined with its line.
        PointerAxis pointer = PointerAxis.find(pointers, pivot[0], pivot[1], ringRadius);
        if (pointer == null) {
            return failed(ReadingStatus.POINTER_NOT_FOUND, partial(pivot, ring));
        }
        double[] lx = new double[n + 1];
        double[] ly = new double[n + 1];
        double[] ldx = new double[n + 1];
        double[] ldy = new double[n + 1];
        double[] lw = new double[n + 1];
        double tickWeights = 0;
        for (int i = 0; i < n; i++) {
            lx[i] = px[i];
            ly[i] = py[i];
            ldx[i] = dx[i];
            ldy[i] = dy[i];
            lw[i] = ring.inlier[i] ? lineWeight[i] : 0;
            tickWeights += lw[i];
        }
        lx[n] = pointer.blob.cx;
        ly[n] = pointer.blob.cy;
        ldx[n] = pointer.dx;
        ldy[n] = pointer.dy;
        lw[n] = Math.max(tickWeights * 0.5, 1);
        double[] refined = LineIntersection.robust(lx, ly, ldx, ldy, lw, n + 1, 0.5, null);
        if (refined != null && nearCentre(refined, ellipse)) {
            pivot = refined;
        }

        // 5. The dial face-on.
        Homography rectify = null;
        if (rectification == Rectification.PROJECTIVE) {
            rectify = DialRectifier.rectify(ring.conic, pivot[0], pivot[1]);
            if (rectify != null && DialRectifier.perspective(rectify, pivot[0], pivot[1], ringRadius) > MAX_PERSPECTIVE) {
                rectify = null;
            }
        }
        if (rectify == null && ellipse != null) {
            rectify = DialRectifier.rectify(ring.conic, ellipse.centerX(), ellipse.centerY());
        }
        if (rectify == null) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, partial(pivot, ring));
        }
        double ox = rectify.mapX(pivot[0], pivot[1]);
        double oy = rectify.mapY(pivot[0], pivot[1]);

        // 6. The tick grid in the rectified dial.
        int m = 0;
        double[] phi = new double[n];
        double[] rho = new double[n];
        int[] piece = new int[n];
        for (int i = 0; i < n; i++) {
            if (!ring.member[i]) {
                continue;
            }
            Blob b = pieces.get(i);
            double x = rectify.mapX(b.cx, b.cy) - ox;
            double y = rectify.mapY(b.cx, b.cy) - oy;
            phi[m] = Math.atan2(y, x);
            rho[m] = Math.hypot(x, y);
            piece[m] = i;
            m++;
        }
        double ringRho = Geometry.median(rho, m);
        double[] offRing = new double[m];
        for (int i = 0; i < m; i++) {
            offRing[i] = Math.abs(rho[i] - ringRho);
        }
        boolean[][] lengthClass = lengthClasses(pieces, piece, m);
        boolean[] major = lengthClass[0];
        boolean[] minor = lengthClass[1];
        boolean[] doubtful = doubtful(pieces, piece, ring, major, m);
        ScaleGrid grid = ScaleGrid.fit(phi, offRing, doubtful, major, minor, m);
        if (grid == null || grid.intervals < 2) {
            return failed(ReadingStatus.SCALE_NOT_FOUND, partial(pivot, ring));
        }
        double[] gridRho = new double[grid.size()];
        for (int i = 0; i < grid.size(); i++) {
            gridRho[i] = rho[grid.sources[i]];
        }
        double tickRadius = Geometry.median(gridRho, grid.size());

        // 7. Where the pointer's line crosses the ring of ticks.
        double ax = rectify.mapX(pointer.baseX, pointer.baseY) - ox;
        double ay = rectify.mapY(pointer.baseX, pointer.baseY) - oy;
        double bx = rectify.mapX(pointer.tipX, pointer.tipY) - ox;
        double by = rectify.mapY(pointer.tipX, pointer.tipY) - oy;
        double[] crossing = crossCircle(ax, ay, bx, by, tickRadius);
        double pointerPhi = crossing == null ? Math.atan2(by, bx) : Math.atan2(crossing[1], crossing[0]);
        double directionPhi = Math.atan2(by - ay, bx - ax);

        double psi = Geometry.normalizeRadians(pointerPhi - grid.start);
        double last = grid.angles[grid.size() - 1];
        if (psi > last && psi - last > Geometry.TWO_PI - psi) {
            psi -= Geometry.TWO_PI;
        }
        double local = grid.position(psi) / grid.intervals;
        double arc = grid.arcFraction(psi);
        boolean regular = grid.irregularity < 0.25 && grid.size() >= 4;
        double raw = regular ? local : arc;
        double agreement = Math.abs(local - arc);

        // 9. Confidence.
        double tickConfidence = 0;
        for (int i = 0; i < grid.size(); i++) {
            tickConfidence += pieces.get(piece[grid.sources[i]]).confidence;
        }
        tickConfidence /= grid.size();
        double directionGap = Math.abs(Math.IEEEremainder(directionPhi - pointerPhi, Geometry.TWO_PI));
        double confidence = pointer.blob.confidence
                * tickConfidence
                * Math.sqrt(Math.min(1, grid.size() / 6.0))
                * Math.sqrt((double) grid.size() / Math.max(grid.size(), ringCount))
                * Math.exp(-square(grid.irregularity / 0.15))
                * Math.exp(-square(agreement / 0.02))
                * Math.exp(-square(directionGap / Math.toRadians(6)))
                * Math.min(1, pointer.blob.elongation() / 3);
        confidence = Geometry.clamp(confidence, 0, 1);

        Homography back = rectify.inverse();
        List<ImagePoint> ticks = new ArrayList<>(grid.size());
        for (int i = 0; i < grid.size(); i++) {
            Blob b = pieces.get(piece[grid.sources[i]]);
            ticks.add(new ImagePoint(b.cx, b.cy));
        }
        double tipRx = crossing == null ? bx : crossing[0];
        double tipRy = crossing == null ? by : crossing[1];
        PointerDiagnostics diagnostics = new PointerDiagnostics("rectified",
                new ImagePoint(pivot[0], pivot[1]),
                ellipse,
                ticks,
                ticks.get(0),
                ticks.get(ticks.size() - 1),
                back.map(tipRx + ox, tipRy + oy),
                degrees(pointerPhi),
                degrees(grid.start),
                degrees(grid.start + last),
                grid.intervals,
                raw,
                agreement);
        if (raw < -END_TOLERANCE || raw > 1 + END_TOLERANCE) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, confidence, diagnostics);
        }
        return GaugeMeasurement.ok(GaugeType.POINTER, Geometry.clamp(raw, 0, 1), confidence, diagnostics);
    }

    /**
     * How much a tick's axis says about where the pivot is: long thin ticks point at it precisely,
     * stubby ones (below elongation 2) not at all. The axis angle's error falls with length; but a
     * piece much longer than a typical tick is more likely a band or a numeral than a tick, so
     * length counts only up to 1.5 typical tick lengths.
     */
    private static double tickLineWeight(Blob b, double typicalLength) {
        double elongation = b.elongation();
        if (elongation < 2 || b.length() < 3) {
            return 0;
        }
        double length = Math.min(b.length(), 1.5 * typicalLength);
        return length * length * (1 - 2 / elongation);
    }

    /**
     * Ticks that might be something else: shaped unlike the typical tick (length outside 0.3 to
     * 3.5 times the median, width outside 0.4 to 2.5 times, or round where ticks are strokes), or
     * off the tight ring without being a major tick.
     */
    private static boolean[] doubtful(List<Blob> pieces, int[] piece, RingFit ring, boolean[] major, int m) {
        double[] lengths = new double[m];
        double[] widths = new double[m];
        double[] elongations = new double[m];
        for (int i = 0; i < m; i++) {
            Blob b = pieces.get(piece[i]);
            lengths[i] = b.length();
            widths[i] = b.width();
            elongations[i] = b.elongation();
        }
        double length = Geometry.median(lengths, m);
        double width = Geometry.median(widths, m);
        double elongation = Geometry.median(elongations, m);
        boolean[] out = new boolean[m];
        for (int i = 0; i < m; i++) {
            double l = lengths[i] / length;
            double w = widths[i] / width;
            boolean odd = l < 0.3 || l > 3.5 || w < 0.4 || w > 2.5
                    || (elongation >= 2.5 && elongations[i] < 0.5 * elongation);
            out[i] = odd || (!ring.inlier[piece[i]] && !major[i]);
        }
        return out;
    }

    /** The median width of the strokes (elongation 2 or more) when most pieces are strokes, else infinite. */
    private static double typicalStrokeWidth(List<Blob> pieces) {
        double[] widths = new double[pieces.size()];
        int k = 0;
        for (Blob b : pieces) {
            if (b.elongation() >= 2) {
                widths[k++] = b.width();
            }
        }
        return k > pieces.size() / 2 ? Geometry.median(widths, k) : Double.POSITIVE_INFINITY;
    }

    /**
     * Major and minor ticks, when ticks come in two lengths (the 90th percentile of length at
     * least 1.3 times the 10th): majors are longer than the midpoint between the two, minors
     * (clearly so) shorter than the midpoint between the shortest and that. Both all false when
     * lengths do not tell them apart.
     */
    private static boolean[][] lengthClasses(List<Blob> pieces, int[] piece, int m) {
        boolean[] major = new boolean[m];
        boolean[] minor = new boolean[m];
        double[] lengths = new double[m];
        for (int i = 0; i < m; i++) {
            lengths[i] = pieces.get(piece[i]).length();
        }
        double[] sorted = Arrays.copyOf(lengths, m);
        Arrays.sort(sorted);
        double shortest = sorted[(int) (0.1 * (m - 1))];
        double longest = sorted[(int) Math.ceil(0.9 * (m - 1))];
        if (longest >= 1.3 * shortest) {
            double threshold = (shortest + longest) / 2;
            for (int i = 0; i < m; i++) {
                major[i] = lengths[i] > threshold;
                minor[i] = lengths[i] <= (shortest + threshold) / 2;
            }
        }
        return new boolean[][] {major, minor};
    }

    /** The median length of the elongated pieces. */
    private static double typicalTickLength(List<Blob> pieces) {
        double[] lengths = new double[pieces.size()];
        int k = 0;
        for (Blob b : pieces) {
            if (b.elongation() >= 2) {
                lengths[k++] = b.length();
            }
        }
        return k == 0 ? Double.POSITIVE_INFINITY : Geometry.median(lengths, k);
    }

    /**
     * How many pieces a candidate pivot puts on one ring: within -20% to +25% of the median
     * distance (room for a tilted dial's ellipse), and pointing at it if they are strokes.
     */
    static int ringSupport(List<Blob> pieces, double[] pivot) {
        int n = pieces.size();
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = Math.hypot(pieces.get(i).cx - pivot[0], pieces.get(i).cy - pivot[1]);
        }
        double median = Geometry.median(distance, n);
        int support = 0;
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            if (distance[i] < 0.8 * median || distance[i] > 1.25 * median) {
                continue;
            }
            if (pointsAt(b, pivot)) {
                support++;
            }
        }
        return support;
    }

    /**
     * Whether a piece could be a radial tick for this pivot: its axis within 25 degrees of the
     * radius, plus what a few pixels of a short stroke leave uncertain; round pieces always.
     */
    private static boolean pointsAt(Blob b, double[] pivot) {
        if (b.elongation() < 2.5) {
            return true;
        }
        double rx = b.cx - pivot[0];
        double ry = b.cy - pivot[1];
        double tolerance = Math.toRadians(RADIAL_TOLERANCE_DEGREES) + Math.atan(2 / b.length());
        return Math.abs(b.dx * ry - b.dy * rx) <= Math.sin(tolerance) * Math.hypot(rx, ry);
    }

    /**
     * Whether a pivot lies where perspective could have moved it from the ellipse's centre. For a
     * dial of radius R seen from D away and tilted by t (cos t is the ellipse's axis ratio) the
     * shift is about (R/D) R sin(2t) / 2; with R/D at most a quarter (a gauge filling half the
     * view of a normal lens), plus a pixel and 2% of R for the pivot's own noise. A face-on dial's
     * pivot is its ellipse's centre, and a pivot from lines that were not ticks lies farther off.
     */
    private static boolean nearCentre(double[] pivot, Ellipse ellipse) {
        double tilt = Math.acos(Geometry.clamp(ellipse.semiMinor() / ellipse.semiMajor(), 0, 1));
        double allowed = (MAX_RADIUS_OVER_DISTANCE * Math.sin(2 * tilt) / 2 + 0.02) * ellipse.semiMajor() + 1;
        return Math.hypot(pivot[0] - ellipse.centerX(), pivot[1] - ellipse.centerY()) <= allowed;
    }

    private static boolean insideCrop(double[] p, int width, int height) {
        return p[0] >= 0 && p[0] < width && p[1] >= 0 && p[1] < height;
    }

    /** The intersection of the ray from a through b with the circle of radius r about the origin, beyond a. */
    static double[] crossCircle(double ax, double ay, double bx, double by, double r) {
        double ux = bx - ax;
        double uy = by - ay;
        double len = Math.hypot(ux, uy);
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

    private static PointerDiagnostics partial(double[] pivot, RingFit ring) {
        return new PointerDiagnostics("rectified", new ImagePoint(pivot[0], pivot[1]),
                ring == null ? null : ring.conic.ellipse(), List.of(), null, null, null, null, null, null, 0, null, 0);
    }
}
