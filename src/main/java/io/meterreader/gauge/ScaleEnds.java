package io.meterreader.gauge;

import io.meterreader.frame.ImageRegion;

/**
 * Whether the scale's ends are seen, or something in front of the dial may hide one. The reader
 * takes the scale's first and last visible ticks for its ends; a pipe, a cable or the frame's edge
 * over the end of the scale hides the ticks beyond, and the reading is then wrong by as much of the
 * span as is hidden, with every other sign of a good reading intact.
 *
 * <p>Where a scale truly ends, the ring of ticks runs on into the open sector over the bare face.
 * So the colour on the ring one and two pitches beyond each end is compared with the face's: the
 * median colour between neighbouring ticks on the ring, and the median colour a little inside the
 * ring (a coloured band along the ticks may stop where the scale stops). The result is the larger
 * of the two ends' distances from the nearer face colour, in units of the face's own spread
 * between ticks. A point beyond an end that falls outside the crop counts as hidden.
 */
final class ScaleEnds {

    /** Beyond each end, where the ring is looked at: in pitches of the scale. */
    private static final double[] BEYOND = {0.5, 1.0, 1.5, 2.0};
    /** The second face reference: this share of the ring's radius, inside the ticks. */
    private static final double INNER = 0.8;
    /** Colour distances below this (0-255 per channel) are noise, not a difference. */
    private static final double MIN_SPREAD = 10;
    /** What a point outside the crop scores: beyond any colour difference. */
    static final double OUTSIDE = 1e3;

    private ScaleEnds() {
    }

    /**
     * How unlike the face the ring looks just beyond the scale's ends (the larger of the two), in
     * units of the face's spread between ticks: about 1 on a bare face, several where something
     * else lies there; 0 when it cannot be told (no pixels, too few ticks).
     *
     * @param crop       the crop the segments were found on (null: nothing to look at)
     * @param rectify    the map from crop pixels to the rectified dial
     * @param ox         the pivot in the rectified dial
     * @param oy         the pivot in the rectified dial
     * @param tickRadius the ring of tick centroids' radius in the rectified dial
     */
    static double contrast(ImageRegion crop, Homography rectify, double ox, double oy, ScaleGrid grid,
                           double tickRadius) {
        if (crop == null || grid.size() < 3 || !(grid.pitch > 0) || !(tickRadius > 0)) {
            return 0;
        }
        Homography back = rectify.inverse();
        int n = grid.size() - 1;
        double[][] ring = new double[n][];
        double[][] inner = new double[n][];
        int rings = 0;
        int inners = 0;
        for (int i = 0; i < n; i++) {
            double phi = grid.start + 0.5 * (grid.angles[i] + grid.angles[i + 1]);
            double[] a = sample(crop, back, ox, oy, phi, tickRadius);
            double[] b = sample(crop, back, ox, oy, phi, INNER * tickRadius);
            if (a != null) {
                ring[rings++] = a;
            }
            if (b != null) {
                inner[inners++] = b;
            }
        }
        if (rings < 2) {
            return 0;
        }
        double[] face = medianColour(ring, rings);
        double[] innerFace = inners >= 2 ? medianColour(inner, inners) : face;
        double[] spreads = new double[rings];
        for (int i = 0; i < rings; i++) {
            spreads[i] = distance(ring[i], face);
        }
        double spread = Math.max(MIN_SPREAD, Geometry.median(spreads, rings));
        double first = grid.start - grid.hiddenBefore * grid.pitch;
        double last = grid.start + grid.angles[n] + grid.hiddenAfter * grid.pitch;
        return Math.max(beyond(crop, back, ox, oy, first, -grid.pitch, tickRadius, face, innerFace),
                beyond(crop, back, ox, oy, last, grid.pitch, tickRadius, face, innerFace)) / spread;
    }

    /** The median distance from the nearer face colour of the ring's points beyond one end. */
    private static double beyond(ImageRegion crop, Homography back, double ox, double oy, double end, double step,
                                 double radius, double[] face, double[] innerFace) {
        double[] d = new double[BEYOND.length];
        for (int k = 0; k < BEYOND.length; k++) {
            double[] c = sample(crop, back, ox, oy, end + BEYOND[k] * step, radius);
            d[k] = c == null ? OUTSIDE : Math.min(distance(c, face), distance(c, innerFace));
        }
        return Geometry.median(d, d.length);
    }

    /** The mean colour (B, G, R) of the crop's 3x3 pixels about a point of the rectified dial; null outside. */
    private static double[] sample(ImageRegion crop, Homography back, double ox, double oy, double phi, double r) {
        ImagePoint p = back.map(ox + r * Math.cos(phi), oy + r * Math.sin(phi));
        int cx = (int) Math.round(p.x());
        int cy = (int) Math.round(p.y());
        if (cx < 1 || cy < 1 || cx > crop.width() - 2 || cy > crop.height() - 2) {
            return null;
        }
        byte[] bgr = crop.bgr();
        double[] sum = new double[3];
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int o = crop.offset(cx + dx, cy + dy);
                for (int c = 0; c < 3; c++) {
                    sum[c] += bgr[o + c] & 0xff;
                }
            }
        }
        return new double[] {sum[0] / 9, sum[1] / 9, sum[2] / 9};
    }

    private static double[] medianColour(double[][] colours, int n) {
        double[] out = new double[3];
        double[] channel = new double[n];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n; i++) {
                channel[i] = colours[i][c];
            }
            out[c] = Geometry.median(channel, n);
        }
        return out;
    }

    private static double distance(double[] a, double[] b) {
        double db = a[0] - b[0];
        double dg = a[1] - b[1];
        double dr = a[2] - b[2];
        return Math.sqrt(db * db + dg * dg + dr * dr);
    }
}
