package io.meterreader.gauge;

import java.util.Arrays;
import java.util.List;

/**
 * Where a dial is in its crop, from the pieces of its scale mask: the pivot, and the ellipse
 * through the ticks.
 *
 * <p>Ticks are radial, so their axes meet at the pivot: a robust intersection of the tick lines
 * gives the pivot's image even under perspective ({@link LineIntersection}). Tiny or ragged ticks
 * point nowhere in particular, so the centre of the circle that most pieces lie on
 * ({@link CircleConsensus}) competes with it, and whichever puts more pieces on one ring wins.
 * The pieces that point at that pivot and lie near the ring carry the ellipse ({@link RingFit}).
 * Perspective moves the pivot's image off the ellipse's centre, but not far: a pivot farther off
 * came from lines that were not ticks, and the ellipse's centre replaces it.
 */
final class DialLocator {

    /** The largest dial radius over camera distance allowed for (a gauge filling half the view of a normal lens). */
    private static final double MAX_RADIUS_OVER_DISTANCE = 0.25;

    /** A located dial: its pieces, their lines, the pivot and the ring. */
    static final class Located {
        final List<Blob> pieces;
        final double[] px;
        final double[] py;
        final double[] dx;
        final double[] dy;
        final double[] lineWeight;
        final RingFit ring;
        final Ellipse ellipse;
        /** The median distance of the ring's candidates from the first pivot, in pixels. */
        final double ringRadius;
        /** How many pieces were candidates for the ring (radial, at about the ring's distance). */
        final int candidates;
        double[] pivot;

        private Located(List<Blob> pieces, double[] px, double[] py, double[] dx, double[] dy, double[] lineWeight,
                        RingFit ring, double ringRadius, int candidates, double[] pivot) {
            this.pieces = pieces;
            this.px = px;
            this.py = py;
            this.dx = dx;
            this.dy = dy;
            this.lineWeight = lineWeight;
            this.ring = ring;
            this.ellipse = ring.conic.ellipse();
            this.ringRadius = ringRadius;
            this.candidates = candidates;
            this.pivot = nearCentre(pivot, ellipse) ? pivot : new double[] {ellipse.centerX(), ellipse.centerY()};
        }

        /**
         * The pivot refined with the pointer's line, which passes through it and is known far more
         * precisely than any one tick's: it counts as much as half the ticks together.
         */
        void refine(PointerAxis pointer) {
            int n = pieces.size();
            double[] lx = Arrays.copyOf(px, n + 1);
            double[] ly = Arrays.copyOf(py, n + 1);
            double[] ldx = Arrays.copyOf(dx, n + 1);
            double[] ldy = Arrays.copyOf(dy, n + 1);
            double[] lw = new double[n + 1];
            double tickWeights = 0;
            for (int i = 0; i < n; i++) {
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
        }
    }

    private DialLocator() {
    }

    /** The dial the pieces make, or null when they make none (too few ticks on a ring). */
    static Located locate(List<Blob> pieces, int cropWidth, int cropHeight) {
        int n = pieces.size();
        double[] px = new double[n];
        double[] py = new double[n];
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] lineWeight = new double[n];
        double typicalLength = TickShapes.typicalLength(pieces);
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            px[i] = b.cx;
            py[i] = b.cy;
            dx[i] = b.dx;
            dy[i] = b.dy;
            lineWeight[i] = TickShapes.lineWeight(b, typicalLength);
        }
        double[] pivot = LineIntersection.robust(px, py, dx, dy, lineWeight, n, 0.5, null);
        if (pivot != null && !(pivot[0] >= 0 && pivot[0] < cropWidth && pivot[1] >= 0 && pivot[1] < cropHeight)) {
            pivot = null;
        }
        double[] circle = CircleConsensus.centre(px, py, n, Math.min(cropWidth, cropHeight));
        if (pivot == null || (circle != null && ringSupport(pieces, circle) > ringSupport(pieces, pivot) * 1.1)) {
            pivot = circle;
        }
        if (pivot == null) {
            return null;
        }

        // Candidates for the ring: pieces that point at the pivot, at about the ring's distance.
        boolean[] candidate = new boolean[n];
        double[] distance = new double[n];
        double[] radial = new double[n];
        int radialCount = 0;
        double strokeWidth = TickShapes.typicalStrokeWidth(pieces);
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            distance[i] = Geometry.hypot(b.cx - pivot[0], b.cy - pivot[1]);
            if (!TickShapes.roundBlob(b, strokeWidth) && TickShapes.pointsAt(b, pivot)) {
                candidate[i] = true;
                radial[radialCount++] = distance[i];
            }
        }
        if (radialCount < 3) {
            return null;
        }
        double ringRadius = Geometry.median(radial, radialCount);
        for (int i = 0; i < n; i++) {
            candidate[i] = candidate[i] && distance[i] > 0.75 * ringRadius && distance[i] < 1.3 * ringRadius;
        }
        // A dial with a second scale inside the first: its main, outer one.
        double[][][] ends = RingFit.ends(pieces, pivot);
        candidate = TickRings.outer(ends, candidate, n);
        int candidates = 0;
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                candidates++;
            }
        }
        if (candidates < 3) {
            return null;
        }
        RingFit ring = RingFit.best(ends, candidate, n);
        return ring == null ? null
                : new Located(pieces, px, py, dx, dy, lineWeight, ring, ringRadius, candidates, pivot);
    }

    /**
     * How many pieces a candidate pivot puts on one ring: within -20% to +25% of the median
     * distance (room for a tilted dial's ellipse), and pointing at it if they are strokes.
     */
    static int ringSupport(List<Blob> pieces, double[] pivot) {
        int n = pieces.size();
        double[] distance = new double[n];
        for (int i = 0; i < n; i++) {
            distance[i] = Geometry.hypot(pieces.get(i).cx - pivot[0], pieces.get(i).cy - pivot[1]);
        }
        double median = Geometry.median(distance, n);
        int support = 0;
        for (int i = 0; i < n; i++) {
            if (distance[i] >= 0.8 * median && distance[i] <= 1.25 * median && TickShapes.pointsAt(pieces.get(i), pivot)) {
                support++;
            }
        }
        return support;
    }

    /**
     * Whether a pivot lies where perspective could have moved it from the ellipse's centre. For a
     * dial of radius R seen from D away and tilted by t (cos t is the ellipse's axis ratio) the
     * shift is about (R/D) R sin(2t) / 2; allowed for R/D up to a quarter, plus a pixel and 2% of
     * R for the pivot's own noise.
     */
    static boolean nearCentre(double[] pivot, Ellipse ellipse) {
        double tilt = Math.acos(Geometry.clamp(ellipse.semiMinor() / ellipse.semiMajor(), 0, 1));
        double allowed = (MAX_RADIUS_OVER_DISTANCE * Math.sin(2 * tilt) / 2 + 0.02) * ellipse.semiMajor() + 1;
        return Geometry.hypot(pivot[0] - ellipse.centerX(), pivot[1] - ellipse.centerY()) <= allowed;
    }
}
