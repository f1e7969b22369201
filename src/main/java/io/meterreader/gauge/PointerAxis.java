package io.meterreader.gauge;

import io.meterreader.frame.Detection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pointer as a line: the principal axis of its mask pixels, pointing from the pivot to the tip
 * (the end farther from the pivot, so a tail or a counterweight does not flip it).
 *
 * <p>The pointer mask may come in pieces (a needle broken by a reflection or by a noisy mask,
 * split into two detections) and beside a false detection. So the pointer's direction is first
 * found by a vote: every pointer pixel votes for the line from the pivot through it (a direction
 * modulo 180 degrees, so needle and tail vote alike), with a weight that grows with its distance
 * (far pixels say more about a direction). The principal line of the pixels in a generous band
 * around the winning line is refined from them alone, so a pivot a few pixels off does not
 * matter. The pieces lying mostly (half their pixels or more) in a narrower band around that
 * line, and continuous with the pivot along it (a gap of a few pixels, as in a broken needle, is
 * bridged, and so is the hub that the centre cap hides, between a needle and its tail; a blob
 * beyond a wider gap is something else), are the pointer. The principal axis of all their pixels
 * is its line (whole pieces, so that a hub or tail stays symmetric about the axis). The tip is
 * then the end of that line farther from the pivot. Detections less than half as confident as the
 * best pointer detection take no part. What the pieces left out vote for, away from the
 * pointer's own line, is kept as the pointer's rival: a second pointer on the same pivot makes
 * the reading a guess.
 */
final class PointerAxis {

    /** Angular bins of the vote over 180 degrees (half a degree each), and the bins either side summed with each. */
    private static final int BINS = 360;
    private static final int SMOOTH = 2;
    /** Pixels this close to the pivot (share of the ring radius) have no direction worth a vote. */
    private static final double HUB = 0.12;
    /** Half-widths of the band around the voted line, and of the band around the pointer's own line. */
    private static final double WIDE_BAND = 0.12;
    private static final double BAND = 0.06;
    /** The widest break along the pointer still bridged, as a share of the ring radius. */
    private static final double GAP = 0.1;
    /** The half-length of the stretch around the pivot that the cap hides, as a share of the ring radius. */
    private static final double HUB_GAP = 0.15;
    /** A rival line is this many bins (3 degrees) or more from the pointer's own. */
    private static final int RIVAL_APART = 6;
    /** The share of a piece's pixels that must lie in the narrow band for it to be part of the pointer. */
    private static final double MIN_ALONG = 0.5;
    /** How far from the pivot's foot the pointer may start (a pivot off by a few pixels, a thinned base). */
    private static final double ANCHOR = 0.3;

    final Blob blob;
    /** Unit direction from the pivot towards the tip. */
    final double dx;
    final double dy;
    /** The axis point nearest the pivot, and the tip (the farthest pixel, projected on the axis). */
    final double baseX;
    final double baseY;
    final double tipX;
    final double tipY;
    /** How far the pointer reaches behind the pivot (its tail), in pixels. */
    final double tailLength;
    /** How many pieces were joined. */
    final int pieces;
    /**
     * The strongest line from the pivot that the pointer pieces left out make, by the same vote,
     * as a share of the pointer's own: near 0 for a lone pointer, near 1 when a second pointer as
     * long as the first (a drag or set-point pointer) radiates from the same pivot.
     */
    final double rival;

    private PointerAxis(Blob blob, double pivotX, double pivotY, int pieces, double rival) {
        this.blob = blob;
        this.pieces = pieces;
        this.rival = rival;
        double ux = blob.dx;
        double uy = blob.dy;
        double tipAhead = Double.NEGATIVE_INFINITY;
        double tipBehind = Double.POSITIVE_INFINITY;
        for (int i = 0; i < blob.area(); i++) {
            double s = (blob.xs[i] - pivotX) * ux + (blob.ys[i] - pivotY) * uy;
            tipAhead = Math.max(tipAhead, s);
            tipBehind = Math.min(tipBehind, s);
        }
        if (-tipBehind > tipAhead) {
            ux = -ux;
            uy = -uy;
            double t = tipAhead;
            tipAhead = -tipBehind;
            tipBehind = -t;
        }
        tailLength = Math.max(0, -tipBehind + 0.5);
        dx = ux;
        dy = uy;
        double along = (pivotX - blob.cx) * ux + (pivotY - blob.cy) * uy;
        baseX = blob.cx + along * ux;
        baseY = blob.cy + along * uy;
        // The pixel centres reach half a pixel short of the mask's edge.
        tipX = baseX + (tipAhead + 0.5) * ux;
        tipY = baseY + (tipAhead + 0.5) * uy;
    }

    double length() {
        return Geometry.hypot(tipX - baseX, tipY - baseY);
    }

    /**
     * The pointer among the pointer detections, or null when there is no usable one.
     *
     * @param radius the ring's radius in pixels, the scale for the vote
     */
    static PointerAxis find(List<Detection> pointers, double pivotX, double pivotY, double radius) {
        double maxConfidence = 0;
        for (Detection d : pointers) {
            maxConfidence = Math.max(maxConfidence, d.confidence());
        }
        List<Blob> pieces = new ArrayList<>();
        for (Detection d : pointers) {
            if (d.confidence() >= 0.5 * maxConfidence) {
                pieces.addAll(BlobFinder.blobs(d));
            }
        }
        if (pieces.isEmpty()) {
            return null;
        }
        double[] votes = votes(pieces, pivotX, pivotY, radius);
        int best = -1;
        double bestVote = 0;
        for (int bin = 0; bin < BINS; bin++) {
            if (votes[bin] > bestVote) {
                bestVote = votes[bin];
                best = bin;
            }
        }
        if (best < 0) {
            return null;
        }
        double angle = (best + 0.5) * Math.PI / BINS;
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        // A generous band around the voted line (the pivot may be off by a few pixels), and the
        // principal line of the pixels in it: the pointer's line, whatever the pivot's error.
        double reach = Math.tan(Math.PI / BINS * (SMOOTH + 1));
        double halfWidth = Math.max(3, WIDE_BAND * radius);
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        int count = 0;
        for (Blob b : pieces) {
            for (int i = 0; i < b.area(); i++) {
                double x = b.xs[i] - pivotX;
                double y = b.ys[i] - pivotY;
                if (Math.abs(x * uy - y * ux) <= halfWidth + Math.abs(x * ux + y * uy) * reach) {
                    sx += x;
                    sy += y;
                    sxx += x * x;
                    sxy += x * y;
                    syy += y * y;
                    count++;
                }
            }
        }
        if (count < 3) {
            return null;
        }
        double mx = sx / count;
        double my = sy / count;
        double cxx = sxx / count - mx * mx;
        double cxy = sxy / count - mx * my;
        double cyy = syy / count - my * my;
        double theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
        double lx = Math.cos(theta);
        double ly = Math.sin(theta);
        // Pieces touching a narrower band around that line, with the stretch of it they cover.
        double narrow = Math.max(2, BAND * radius);
        List<Blob> inBand = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        int extent = (int) Math.ceil(2 * radius) + 2;
        boolean[] occupied = new boolean[2 * extent + 1];
        // Positions along the line are measured from the foot of the pivot on it.
        double footX = mx + ((0 - mx) * lx + (0 - my) * ly) * lx;
        double footY = my + ((0 - mx) * lx + (0 - my) * ly) * ly;
        for (Blob b : pieces) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            int along = 0;
            for (int i = 0; i < b.area(); i++) {
                double x = b.xs[i] - pivotX - footX;
                double y = b.ys[i] - pivotY - footY;
                if (Math.abs(x * ly - y * lx) <= narrow) {
                    along++;
                }
            }
            // A piece that only crosses the band (a second pointer on the same pivot) is not this one.
            if (along < MIN_ALONG * b.area()) {
                continue;
            }
            for (int i = 0; i < b.area(); i++) {
                double x = b.xs[i] - pivotX - footX;
                double y = b.ys[i] - pivotY - footY;
                if (Math.abs(x * ly - y * lx) <= narrow) {
                    int at = (int) Math.round(Geometry.clamp(x * lx + y * ly, -extent, extent));
                    occupied[at + extent] = true;
                    lo = Math.min(lo, at);
                    hi = Math.max(hi, at);
                }
            }
            if (lo <= hi) {
                inBand.add(b);
                spans.add(new int[] {lo, hi});
            }
        }
        // The stretch covered outwards from the pivot's foot (or the covered point nearest it,
        // within ANCHOR of the radius), gaps of up to maxGap bridged.
        int maxGap = (int) Math.ceil(Math.max(4, GAP * radius));
        int anchor = Integer.MIN_VALUE;
        int anchorReach = (int) Math.ceil(Math.max(maxGap, ANCHOR * radius));
        for (int d = 0; d <= anchorReach && anchor == Integer.MIN_VALUE; d++) {
            if (d <= extent && occupied[d + extent]) {
                anchor = d;
            } else if (d <= extent && occupied[-d + extent]) {
                anchor = -d;
            }
        }
        if (anchor == Integer.MIN_VALUE) {
            return null;
        }
        // The hub: the needle runs through the pivot under its cap, which no mask shows, so the
        // stretch crosses it whatever the gap (a needle and its tail are one pointer).
        int hub = (int) Math.ceil(HUB_GAP * radius);
        int from = anchor;
        int to = anchor;
        int gap = 0;
        for (int at = anchor; at <= extent && gap <= maxGap; at++) {
            gap = occupied[at + extent] || Math.abs(at) <= hub ? 0 : gap + 1;
            if (occupied[at + extent]) {
                to = at;
            }
        }
        gap = 0;
        for (int at = anchor; at >= -extent && gap <= maxGap; at--) {
            gap = occupied[at + extent] || Math.abs(at) <= hub ? 0 : gap + 1;
            if (occupied[at + extent]) {
                from = at;
            }
        }
        List<Blob> joined = new ArrayList<>();
        for (int k = 0; k < inBand.size(); k++) {
            int[] span = spans.get(k);
            if (span[1] >= from - 1 && span[0] <= to + 1) {
                joined.add(inBand.get(k));
            }
        }
        if (joined.isEmpty()) {
            return null;
        }
        Blob pointer = Blob.union(joined);
        if (pointer.length() < 4 || pointer.elongation() < 1.5) {
            return null;
        }
        // The pieces left out, of every pointer detection (the less confident ones too, weighed
        // by their confidence), for lines at least RIVAL_APART bins from the pointer's own: a
        // piece of the pointer beyond a gap is not a second pointer.
        List<Blob> left = new ArrayList<>();
        for (Detection d : pointers) {
            if (d.confidence() < 0.5 * maxConfidence) {
                left.addAll(BlobFinder.blobs(d));
            }
        }
        for (Blob b : pieces) {
            if (!joined.contains(b)) {
                left.add(b);
            }
        }
        double[] rivals = votes(left, pivotX, pivotY, radius);
        double rival = 0;
        for (int bin = 0; bin < BINS; bin++) {
            int apart = Math.abs(bin - best);
            if (Math.min(apart, BINS - apart) >= RIVAL_APART) {
                rival = Math.max(rival, rivals[bin] / bestVote);
            }
        }
        return new PointerAxis(pointer, pivotX, pivotY, joined.size(), rival);
    }

    /**
     * The vote of the pieces' pixels for lines through the pivot, each bin summed with the
     * {@value #SMOOTH} either side: a pixel votes for its direction modulo 180 degrees, weighed by
     * its piece's confidence and its distance (up to 1.2 ring radii); pixels within the hub none.
     */
    private static double[] votes(List<Blob> pieces, double pivotX, double pivotY, double radius) {
        double[] votes = new double[BINS];
        double inner = HUB * radius;
        for (Blob b : pieces) {
            for (int i = 0; i < b.area(); i++) {
                double x = b.xs[i] - pivotX;
                double y = b.ys[i] - pivotY;
                double r = Geometry.hypot(x, y);
                if (r < inner) {
                    continue;
                }
                double a = Geometry.normalizeRadians(Math.atan2(y, x)) % Math.PI;
                votes[(int) (a / Math.PI * BINS) % BINS] += b.confidence * Math.min(r, 1.2 * radius);
            }
        }
        double[] smoothed = new double[BINS];
        for (int bin = 0; bin < BINS; bin++) {
            for (int k = -SMOOTH; k <= SMOOTH; k++) {
                smoothed[bin] += votes[(bin + k + BINS) % BINS];
            }
        }
        return smoothed;
    }
}
