package io.meterreader.gauge;

import java.util.Arrays;
import java.util.List;

/**
 * What the shapes of the scale's pieces say: which are strokes pointing at the pivot, how long and
 * wide a typical tick is, which ticks are majors or minors, and which pieces look like something
 * other than a tick.
 */
final class TickShapes {

    private static final double RADIAL_TOLERANCE_DEGREES = 25;

    private TickShapes() {
    }

    /**
     * How much a tick's axis says about where the pivot is: long thin ticks point at it precisely,
     * stubby ones (below elongation 2) not at all. The axis angle's error falls with length; but a
     * piece much longer than a typical tick is more likely a band or a numeral than a tick, so
     * length counts only up to 1.5 typical tick lengths.
     */
    static double lineWeight(Blob b, double typicalLength) {
        double elongation = b.elongation();
        if (elongation < 2 || b.length() < 3) {
            return 0;
        }
        double length = Math.min(b.length(), 1.5 * typicalLength);
        return length * length * (1 - 2 / elongation);
    }

    /**
     * Whether a piece could be a radial tick for this pivot: its axis within 25 degrees of the
     * radius, plus what a few pixels of a short stroke leave uncertain; round pieces always.
     */
    static boolean pointsAt(Blob b, double[] pivot) {
        if (b.elongation() < 2.5) {
            return true;
        }
        double rx = b.cx - pivot[0];
        double ry = b.cy - pivot[1];
        double tolerance = Math.toRadians(RADIAL_TOLERANCE_DEGREES) + Math.atan(2 / b.length());
        return Math.abs(b.dx * ry - b.dy * rx) <= Math.sin(tolerance) * Geometry.hypot(rx, ry);
    }

    /**
     * Where most pieces are strokes, a round piece clearly wider than a stroke is a numeral or a
     * blob, not a tick.
     */
    static boolean roundBlob(Blob b, double strokeWidth) {
        return b.elongation() < 1.5 && b.width() > 1.5 * strokeWidth + 1;
    }

    /** The median length of the strokes (elongation 2 or more); infinite when there are none. */
    static double typicalLength(List<Blob> pieces) {
        double[] lengths = new double[pieces.size()];
        int k = 0;
        for (Blob b : pieces) {
            if (b.elongation() >= 2) {
                lengths[k++] = b.length();
            }
        }
        return k == 0 ? Double.POSITIVE_INFINITY : Geometry.median(lengths, k);
    }

    /** The median width of the strokes when most pieces are strokes; else infinite. */
    static double typicalStrokeWidth(List<Blob> pieces) {
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
     *
     * @return {major, minor}, indexed like {@code ticks}
     */
    static boolean[][] lengthClasses(List<Blob> ticks) {
        int m = ticks.size();
        boolean[] major = new boolean[m];
        boolean[] minor = new boolean[m];
        double[] lengths = new double[m];
        for (int i = 0; i < m; i++) {
            lengths[i] = ticks.get(i).length();
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

    /** The most ticks from one major to the next that a scale is taken to have. */
    static final int MAX_MAJOR_PERIOD = 10;
    /** How far a tick's length may stray from its kind's median, as a share of it, for the kinds to be clear. */
    private static final double UNIFORM_LENGTH = 0.3;
    /** Majors at least this much longer than minors (medians) tell the two apart beyond doubt. */
    private static final double CLEAR_MAJOR_RATIO = 1.4;

    /**
     * How many intervals of a scale lie hidden beyond its first and last visible tick, {before,
     * after}: none, unless the ticks' lengths show the majors' period beyond doubt (majors clearly
     * longer than minors, three or more, every tick within 30% of its kind's median length; the ticks
     * at one remainder of their index all longer than halfway between the two, the others all
     * shorter) and an end tick is a minor of the minors' own length and shape (not a blob, not a
     * fragment of something). A scale begins and ends on a major tick, so one that ends on a minor
     * goes on, unseen (behind a tag, or out of the picture), to the next major.
     *
     * @param ticks    the caller's pieces, which {@code grid.sources} index
     * @param doubtful pieces shaped unlike a tick, indexed like {@code ticks}
     */
    static int[] hiddenEnds(ScaleGrid grid, List<Blob> ticks, boolean[] major, boolean[] minor, boolean[] doubtful) {
        int m = grid.size();
        int[] none = {0, 0};
        double[] majorLengths = new double[m];
        double[] minorLengths = new double[m];
        int majors = 0;
        int minors = 0;
        for (int i = 0; i < m; i++) {
            int t = grid.sources[i];
            if (major[t]) {
                majorLengths[majors++] = ticks.get(t).length();
            } else if (minor[t]) {
                minorLengths[minors++] = ticks.get(t).length();
            }
        }
        if (majors < 3 || minors < 2) {
            return none;
        }
        double minorLength = Geometry.median(minorLengths, minors);
        if (Geometry.median(majorLengths, majors) < CLEAR_MAJOR_RATIO * minorLength) {
            return none;
        }
        boolean firstMinor = minorEnd(ticks.get(grid.sources[0]), minor[grid.sources[0]], doubtful[grid.sources[0]],
                minorLength);
        boolean lastMinor = minorEnd(ticks.get(grid.sources[m - 1]), minor[grid.sources[m - 1]],
                doubtful[grid.sources[m - 1]], minorLength);
        if (!firstMinor && !lastMinor) {
            return none;
        }
        // Every tick a major or a minor, by the length halfway between the two kinds' medians, and
        // each of one length with its kind (a coarse mask's fragments are not).
        double majorLength = Geometry.median(majorLengths, majors);
        double cut = (majorLength + minorLength) / 2;
        for (int i = 0; i < m; i++) {
            double length = ticks.get(grid.sources[i]).length();
            double kind = length > cut ? majorLength : minorLength;
            if (Math.abs(length - kind) > UNIFORM_LENGTH * kind) {
                return none;
            }
        }
        for (int period = 2; period <= MAX_MAJOR_PERIOD; period++) {
            for (int remainder = 0; remainder < period; remainder++) {
                boolean fits = true;
                for (int i = 0; i < m && fits; i++) {
                    boolean onMajor = Math.floorMod(grid.indices[i] - remainder, period) == 0;
                    fits = onMajor == ticks.get(grid.sources[i]).length() > cut;
                }
                if (fits) {
                    int before = firstMinor ? Math.floorMod(grid.indices[0] - remainder, period) : 0;
                    int after = lastMinor ? Math.floorMod(remainder - grid.indices[m - 1], period) : 0;
                    return new int[] {before, after};
                }
            }
        }
        return none;
    }

    private static boolean minorEnd(Blob b, boolean minor, boolean doubtful, double minorLength) {
        return minor && !doubtful && Math.abs(b.length() - minorLength) <= UNIFORM_LENGTH * minorLength;
    }

    /**
     * Ticks that might be something else: shaped unlike the typical tick (length outside 0.3 to
     * 3.5 times the median, width outside 0.4 to 2.5 times, or round where ticks are strokes), or
     * off the tight ring without being a major tick. A stroke pointing at the pivot is not doubted
     * for its length alone: where a coarse mask has left only fragments of the minor ticks, the
     * majors that kept their shape are many times the median length.
     *
     * @param tight whether each tick helped shape the ring
     * @param pivot the pivot in the image
     */
    static boolean[] doubtful(List<Blob> ticks, boolean[] tight, boolean[] major, double[] pivot) {
        int m = ticks.size();
        double[] lengths = new double[m];
        double[] widths = new double[m];
        double[] elongations = new double[m];
        for (int i = 0; i < m; i++) {
            Blob b = ticks.get(i);
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
            Blob b = ticks.get(i);
            boolean radialStroke = elongations[i] >= 2.5 && pointsAt(b, pivot);
            boolean odd = l < 0.3 || (l > 3.5 && !radialStroke) || w < 0.4 || w > 2.5
                    || (elongation >= 2.5 && elongations[i] < 0.5 * elongation);
            out[i] = odd || (!tight[i] && !major[i]);
        }
        return out;
    }
}
