package io.meterreader.gauge;

import java.util.List;

/**
 * The ellipse through the ticks, fitted robustly. Ticks of two lengths share only one of their
 * ends (usually the outer one), so three rings are tried, through the outer ends, the centroids
 * and the inner ends, and the one the ticks fit most tightly wins: the sum of squared distances
 * of all candidate points, each capped at {@value #CAP} pixels, so that a minority of long ticks
 * off a ring of short ones counts against it. Points more than three robust
 * deviations (and at least {@value #MIN_THRESHOLD} pixel) off the ring are dropped and the ring
 * refitted, starting from a circle. Eight points or more carry an ellipse; fewer, a circle.
 *
 * <p>Tick ends estimated from a mask's moments are good to a pixel or so, so the tight inlier set
 * that shapes the ring is not the test of what is a tick: a piece within
 * {@value #MEMBER_SHARE} of the ring's radius (at least {@value #MEMBER_MIN} pixels) of it is
 * one of the scale's ticks; numerals and blobs lie farther inside.
 */
final class RingFit {

    private static final double MIN_THRESHOLD = 0.75;
    private static final double CAP = 2;
    private static final double MEMBER_SHARE = 0.06;
    private static final double MEMBER_MIN = 2;
    private static final int MIN_ELLIPSE_POINTS = 8;
    private static final int ROUNDS = 6;

    final Conic conic;
    /** The points that shaped the ring. */
    final boolean[] inlier;
    /** The candidates close enough to the ring to be ticks. */
    final boolean[] member;
    /** Sum over all candidate points of the squared distance from the ring, capped. */
    final double spread;

    private RingFit(Conic conic, boolean[] inlier, boolean[] member, double spread) {
        this.conic = conic;
        this.inlier = inlier;
        this.member = member;
        this.spread = spread;
    }

    /**
     * The pieces' outer ends, centroids and inner ends along their axes, seen from the pivot:
     * {@code {xs, ys}}, each {@code [set][piece]} with the sets in that order.
     */
    static double[][][] ends(List<Blob> pieces, double[] pivot) {
        int n = pieces.size();
        double[][] xs = new double[3][n];
        double[][] ys = new double[3][n];
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            double ux = b.dx;
            double uy = b.dy;
            if (ux * (b.cx - pivot[0]) + uy * (b.cy - pivot[1]) < 0) {
                ux = -ux;
                uy = -uy;
            }
            double half = b.elongation() < 1.5 ? 0 : b.length() / 2;
            xs[0][i] = b.cx + half * ux;
            ys[0][i] = b.cy + half * uy;
            xs[1][i] = b.cx;
            ys[1][i] = b.cy;
            xs[2][i] = b.cx - half * ux;
            ys[2][i] = b.cy - half * uy;
        }
        return new double[][][] {xs, ys};
    }

    /** The ring the candidates fit most tightly, through whichever of their {@link #ends} fits best. */
    static RingFit best(double[][][] ends, boolean[] candidate, int n) {
        double[][] xs = ends[0];
        double[][] ys = ends[1];
        RingFit best = null;
        for (int set = 0; set < 3; set++) {
            RingFit fit = fit(xs[set], ys[set], candidate, n);
            if (fit != null && (best == null || fit.spread < best.spread)) {
                best = fit;
            }
        }
        return best;
    }

    static RingFit fit(double[] xs, double[] ys, boolean[] candidate, int n) {
        boolean[] use = candidate.clone();
        double[] fx = new double[n];
        double[] fy = new double[n];
        double[] dist = new double[n];
        Conic conic = null;
        for (int round = 0; round < ROUNDS; round++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (use[i]) {
                    fx[m] = xs[i];
                    fy[m] = ys[i];
                    m++;
                }
            }
            // The first round fits a circle: stiffer than an ellipse, it is not bent towards an outlier.
            Conic next = round > 0 && m >= MIN_ELLIPSE_POINTS ? Conic.fitEllipse(fx, fy, null, m) : null;
            if (next != null && !plausible(next)) {
                next = null;
            }
            if (next == null) {
                next = Conic.fitCircle(fx, fy, null, m);
            }
            if (next == null) {
                break;
            }
            conic = next;
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (use[i]) {
                    dist[k++] = conic.distance(xs[i], ys[i]);
                }
            }
            double threshold = Math.max(MIN_THRESHOLD, 3 * 1.4826 * Geometry.median(dist, k));
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                boolean keep = candidate[i] && conic.distance(xs[i], ys[i]) <= threshold;
                changed |= keep != use[i];
                use[i] = keep;
            }
            if (!changed && round > 0) {
                break;
            }
        }
        if (conic == null) {
            return null;
        }
        Ellipse ellipse = conic.ellipse();
        if (ellipse == null) {
            return null;
        }
        double tolerance = Math.max(MEMBER_MIN, MEMBER_SHARE * ellipse.semiMajor());
        boolean[] member = new boolean[n];
        double spread = 0;
        int members = 0;
        for (int i = 0; i < n; i++) {
            if (candidate[i]) {
                double d = conic.distance(xs[i], ys[i]);
                spread += Math.min(CAP, d) * Math.min(CAP, d);
                member[i] = d <= tolerance;
                if (member[i]) {
                    members++;
                }
            }
        }
        if (members < 3) {
            return null;
        }
        return new RingFit(conic, use, member, spread);
    }

    /** A dial seen at less than about 60 degrees from face-on: axis ratio above one half. */
    private static boolean plausible(Conic conic) {
        Ellipse e = conic.ellipse();
        return e != null && e.semiMinor() > 0.5 * e.semiMajor();
    }
}
