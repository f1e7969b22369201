package io.meterreader.gauge;

import java.util.Arrays;
import java.util.List;

/**
 * The annulus of the rectified dial that the ticks occupy, and the pieces that lie in it.
 *
 * <p>The ring fit judges a piece by one point of it (an end or its centroid), which is right for a
 * whole tick and wrong for what is left of one: a tick partly hidden by a pipe or a tag keeps its
 * direction but loses an end, so its centroid moves along the radius off the ring, and the scale
 * would lose that tick, often its first or last. Here a piece is judged by where all its pixels
 * are: a piece whose radial extent lies within the band that the ring's ticks span (a pixel and a
 * half of slack), and that is no wider across the radius than a tick, is a tick or a part of one.
 * Numerals lie inside the band and coloured arcs run across the radius, so neither passes.
 */
final class TickBand {

    /** Slack around the band and across a tick, in image pixels. */
    private static final double SLACK_PIXELS = 1.5;

    /** Rectified radii of the band's inner and outer edges (pixel centres). */
    final double inner;
    final double outer;
    /** For each piece: whether it lies in the band as a tick does. */
    final boolean[] member;

    private TickBand(double inner, double outer, boolean[] member) {
        this.inner = inner;
        this.outer = outer;
        this.member = member;
    }

    /**
     * @param pieces    every piece of the scale masks
     * @param inlier    the pieces that shaped the ring: ticks beyond doubt
     * @param rectify   image to rectified dial
     * @param ox        the pivot in the rectified dial
     * @param oy        the pivot in the rectified dial
     * @param pixel     the size of an image pixel in the rectified dial, near the ring
     */
    static TickBand of(List<Blob> pieces, boolean[] inlier, Homography rectify, double ox, double oy, double pixel) {
        int n = pieces.size();
        double[] rhoMin = new double[n];
        double[] rhoMax = new double[n];
        double[] across = new double[n];
        for (int i = 0; i < n; i++) {
            Blob b = pieces.get(i);
            double cx = rectify.mapX(b.cx, b.cy) - ox;
            double cy = rectify.mapY(b.cx, b.cy) - oy;
            double r = Math.max(1e-12, Geometry.hypot(cx, cy));
            double ux = cx / r;
            double uy = cy / r;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double left = Double.POSITIVE_INFINITY;
            double right = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < b.area(); k++) {
                double x = rectify.mapX(b.xs[k], b.ys[k]) - ox;
                double y = rectify.mapY(b.xs[k], b.ys[k]) - oy;
                double rho = Geometry.hypot(x, y);
                double t = y * ux - x * uy;
                lo = Math.min(lo, rho);
                hi = Math.max(hi, rho);
                left = Math.min(left, t);
                right = Math.max(right, t);
            }
            rhoMin[i] = lo;
            rhoMax[i] = hi;
            across[i] = right - left;
        }
        double[] inners = new double[n];
        double[] outers = new double[n];
        double[] widths = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (inlier[i]) {
                inners[m] = rhoMin[i];
                outers[m] = rhoMax[i];
                widths[m] = across[i];
                m++;
            }
        }
        boolean[] member = Arrays.copyOf(inlier, n);
        if (m < 3) {
            return new TickBand(Double.NaN, Double.NaN, member);
        }
        Arrays.sort(inners, 0, m);
        Arrays.sort(outers, 0, m);
        double inner = inners[(int) (0.1 * (m - 1))];
        double outer = outers[(int) Math.ceil(0.9 * (m - 1))];
        double slack = SLACK_PIXELS * pixel;
        double maxAcross = 2 * Geometry.median(widths, m) + slack;
        for (int i = 0; i < n; i++) {
            member[i] |= rhoMin[i] >= inner - slack && rhoMax[i] <= outer + slack && across[i] <= maxAcross;
        }
        return new TickBand(inner, outer, member);
    }
}
