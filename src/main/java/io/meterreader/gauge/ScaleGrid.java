package io.meterreader.gauge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ticks of a dial as a regular grid along the rectified arc: where the scale starts and ends,
 * the angular pitch between neighbouring ticks, and each tick's index on the grid (missing ticks
 * leave gaps in the indices, so the last tick's index is the number of tick intervals).
 * Each tick comes with its distance off the ring, to choose between two pieces at one angle.
 *
 * <p>The scale's open sector is the largest angular gap between neighbouring ticks; the first tick
 * is the one after it going clockwise, whatever the dial's rotation. Ticks hidden by something in
 * front of the dial open a gap inside the scale that can be larger still, but such a gap is a
 * whole number of pitches wide, and the open sector only by chance: so when the largest gap keeps
 * to the grid and another wide one (at least {@value #BROKEN_SHARE} of it) clearly breaks it, that
 * one is the open sector. Missing ticks can open a
 * gap inside the scale nearly as large, so when the second largest gap is within
 * {@value #RIVAL_GAP} of the largest, the evidence decides: a scale begins and ends on major
 * (long) ticks, so the gap with more major ticks at its sides wins; failing that, of two gaps
 * within {@value #TIED_GAP} of each other, the one nearer the bottom of the dial (gauges hang
 * upright, give or take the camera's roll); failing that, the larger. A lone tick cut off from the
 * rest by more than {@value #MAX_END_GAP} pitches is taken for a stray blob in the open sector, and
 * so is an end tick that the caller doubts (shaped unlike the other ticks, or off the tight ring
 * and short), or a clearly minor tick where majors can be told apart, if a gap of more than
 * {@value #DOUBTFUL_END_GAP} pitches parts it from the rest.
 * Indices are assigned gap by gap (a gap of about k pitches advances the index by k), so a pitch
 * that drifts slowly along the arc, as residual perspective makes it, never slips an index. A
 * tick less than half a pitch after the previous one is a piece of the same tick; a tick off the
 * grid (more than {@value #OFF_GRID} pitch from it) whose successor fits the grid without it is
 * dropped.
 */
final class ScaleGrid {

    static final double MAX_END_GAP = 4.5;
    static final double RIVAL_GAP = 0.6;
    static final double TIED_GAP = 0.9;
    static final double DOUBTFUL_END_GAP = 1.5;
    static final double OFF_GRID = 0.3;
    /** Gaps this share of the largest and wider compete for the open sector by their phase. */
    static final double BROKEN_SHARE = 0.35;
    /** The least tolerance of phase, and how much the pitch's own error adds to it per pitch spanned. */
    static final double MIN_PHASE_TOLERANCE = 0.05;
    static final double PITCH_DRIFT = 0.01;

    /** Accepted ticks, first to last: rectified angle clockwise from the first tick, and grid index. */
    final double[] angles;
    final int[] indices;
    /** For each accepted tick, its position in the caller's list. */
    final int[] sources;
    /** Angle of the first tick in the rectified frame, radians in [0, 2 pi). */
    final double start;
    final double pitch;
    /** Intervals of the scale hidden before its first visible tick and after its last (TickShapes.hiddenEnds). */
    final int hiddenBefore;
    final int hiddenAfter;
    /** Intervals from the scale's first tick to its last, hidden ones included. */
    final int intervals;
    /** RMS distance of the accepted ticks from a smooth (quadratic) fit of angle against index, in pitches. */
    final double irregularity;
    /** The largest gap between neighbouring ticks other than the open sector, over the open sector: near 1 is ambiguous. */
    final double sectorRivalry;

    private ScaleGrid(double[] angles, int[] indices, int[] sources, double start, double pitch,
                      double irregularity, double sectorRivalry, int hiddenBefore, int hiddenAfter) {
        this.angles = angles;
        this.indices = indices;
        this.sources = sources;
        this.start = start;
        this.pitch = pitch;
        this.hiddenBefore = hiddenBefore;
        this.hiddenAfter = hiddenAfter;
        this.intervals = hiddenBefore + indices[indices.length - 1] + hiddenAfter;
        this.irregularity = irregularity;
        this.sectorRivalry = sectorRivalry;
    }

    int size() {
        return angles.length;
    }

    /** The most intervals between neighbouring accepted ticks (1 when no tick is missing). */
    int widestGap() {
        int widest = 0;
        for (int i = 0; i + 1 < indices.length; i++) {
            widest = Math.max(widest, indices[i + 1] - indices[i]);
        }
        return widest;
    }

    /** The grid through ticks at rectified angles {@code phi} (radians), or null with fewer than 3 ticks on it. */
    /**
     * @param phi      rectified angles of the ticks, radians, clockwise (image y down)
     * @param offRing  each tick's distance off the ring, to choose between two pieces at one angle
     * @param doubtful ticks that may be something else (off the ring, odd shape)
     * @param major    ticks that are long ones, or all false when lengths do not tell
     * @param minor    ticks that are clearly short ones, or all false when lengths do not tell
     */
    static ScaleGrid fit(double[] phi, double[] offRing, boolean[] doubtful, boolean[] major, boolean[] minor,
                         int n) {
        if (n < 3) {
            return null;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            norm[i] = Geometry.normalizeRadians(phi[i]);
        }
        Arrays.sort(order, (a, b) -> Double.compare(norm[a], norm[b]));
        // The pitch and the spread of the ticks about it, first from the ticks after the largest gap.
        Phase phase = Phase.of(run(order, largestGap(order, norm, n) + 1, n), norm);
        int startAt = openSector(order, norm, major, n, phase);
        List<Integer> run = run(order, startAt, n);
        double start = norm[run.get(0)];
        double[] psi = new double[n];
        for (int i = 0; i < n; i++) {
            psi[i] = Geometry.normalizeRadians(norm[i] - start);
        }
        phase = Phase.of(run, psi);
        double pitch = phase.pitch;
        if (!(pitch > 0)) {
            return null;
        }
        // Stray blobs in the open sector: a lone end tick far from the rest, or a doubtful one apart.
        // A clearly minor tick is doubtful as an end: scales end on majors. Where the scale itself
        // has wide gaps (the minor ticks of a coarse mask lost between the majors), an end tick no
        // farther out, and on the grid, is no stray, whatever its shape (a fragment of a major).
        double inside = widestInside(run, psi);
        while (run.size() >= 4 && stray(psi[run.get(1)] - psi[run.get(0)],
                doubtful[run.get(0)] || minor[run.get(0)], phase, inside)) {
            run.remove(0);
        }
        while (run.size() >= 4 && stray(psi[run.get(run.size() - 1)] - psi[run.get(run.size() - 2)],
                doubtful[run.get(run.size() - 1)] || minor[run.get(run.size() - 1)], phase, inside)) {
            run.remove(run.size() - 1);
        }
        // Gap-by-gap indexing, twice: the second pass with the pitch refined by the first.
        Assignment assignment = null;
        for (int pass = 0; pass < 2; pass++) {
            assignment = assign(run, psi, offRing, doubtful, pitch);
            if (assignment.count < 3) {
                return null;
            }
            double refined = slope(assignment);
            if (refined > 0) {
                pitch = refined;
            }
        }
        int m = assignment.count;
        double base = assignment.angles[0];
        double[] angles = new double[m];
        for (int i = 0; i < m; i++) {
            angles[i] = assignment.angles[i] - base;
        }
        double first = Geometry.normalizeRadians(start + base);
        int[] indices = Arrays.copyOf(assignment.indices, m);
        double irregularity = irregularity(angles, indices, m, pitch);
        double open = Geometry.TWO_PI - angles[m - 1];
        double rival = 0;
        for (int i = 0; i + 1 < m; i++) {
            rival = Math.max(rival, angles[i + 1] - angles[i]);
        }
        return new ScaleGrid(angles, indices, Arrays.copyOf(assignment.sources, m), first, pitch, irregularity,
                rival / open, 0, 0);
    }

    /** This grid with the given numbers of intervals hidden beyond its first and last visible tick. */
    ScaleGrid withHiddenEnds(int before, int after) {
        return new ScaleGrid(angles, indices, sources, start, pitch, irregularity, sectorRivalry, before, after);
    }

    private static List<Integer> run(Integer[] order, int from, int n) {
        List<Integer> run = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            run.add(order[(from + j) % n]);
        }
        return run;
    }

    /** The position in {@code order} of the tick before the largest gap. */
    private static int largestGap(Integer[] order, double[] norm, int n) {
        int largest = 0;
        double widest = -1;
        for (int j = 0; j < n; j++) {
            double next = j + 1 < n ? norm[order[j + 1]] : norm[order[0]] + Geometry.TWO_PI;
            if (next - norm[order[j]] > widest) {
                widest = next - norm[order[j]];
                largest = j;
            }
        }
        return largest;
    }

    /**
     * Where the scale starts (position in {@code order}): after the open sector. A gap that is a
     * whole number of pitches lies between ticks of one scale (ticks hidden there), while the open
     * sector is only by chance a whole number of pitches wide: so a large gap that breaks the grid
     * is the open sector before a larger one that keeps to it.
     */
    private static int openSector(Integer[] order, double[] norm, boolean[] major, int n, Phase phase) {
        double[] gaps = new double[n];
        for (int j = 0; j < n; j++) {
            double next = j + 1 < n ? norm[order[j + 1]] : norm[order[0]] + Geometry.TWO_PI;
            gaps[j] = next - norm[order[j]];
        }
        boolean[] allowed = new boolean[n];
        Arrays.fill(allowed, true);
        int largest = widest(gaps, allowed, -1, n);
        if (phase.pitch > 0 && !phase.breaks(gaps[largest])) {
            boolean[] breaking = new boolean[n];
            boolean any = false;
            for (int j = 0; j < n; j++) {
                breaking[j] = gaps[j] >= BROKEN_SHARE * gaps[largest] && phase.breaks(gaps[j]);
                any |= breaking[j];
            }
            if (any) {
                allowed = breaking;
            }
        }
        int first = widest(gaps, allowed, -1, n);
        int second = widest(gaps, allowed, first, n);
        int chosen = first;
        // Of two gaps of nearly one size, one that keeps to the grid is not the open sector.
        boolean secondKeepsGrid = second >= 0 && phase.pitch > 0 && phase.breaks(gaps[first]) && phase.keeps(gaps[second]);
        if (second >= 0 && gaps[second] >= RIVAL_GAP * gaps[first] && !secondKeepsGrid) {
            int firstMajors = majorEnds(order, major, first, n);
            int secondMajors = majorEnds(order, major, second, n);
            if (secondMajors > firstMajors) {
                chosen = second;
            } else if (secondMajors == firstMajors && gaps[second] >= TIED_GAP * gaps[first]
                    && fromBottom(norm, order, second, gaps, n) < fromBottom(norm, order, first, gaps, n)) {
                chosen = second;
            }
        }
        return (chosen + 1) % n;
    }

    /** The widest allowed gap other than {@code except}, or -1. */
    private static int widest(double[] gaps, boolean[] allowed, int except, int n) {
        int best = -1;
        for (int j = 0; j < n; j++) {
            if (allowed[j] && j != except && (best < 0 || gaps[j] > gaps[best])) {
                best = j;
            }
        }
        return best;
    }

    /** How many of the two ticks around the gap after position j are major. */
    private static int majorEnds(Integer[] order, boolean[] major, int j, int n) {
        return (major[order[j]] ? 1 : 0) + (major[order[(j + 1) % n]] ? 1 : 0);
    }

    /** How far the middle of the gap after position j is from straight down (pi/2 with y down). */
    private static double fromBottom(double[] norm, Integer[] order, int j, double[] gaps, int n) {
        double middle = norm[order[j]] + gaps[j] / 2;
        return Math.abs(Math.IEEEremainder(middle - Math.PI / 2, Geometry.TWO_PI));
    }

    private static final class Assignment {
        final double[] angles;
        final int[] indices;
        final int[] sources;
        int count;

        Assignment(int n) {
            angles = new double[n];
            indices = new int[n];
            sources = new int[n];
        }
    }

    private static Assignment assign(List<Integer> run, double[] psi, double[] offRing, boolean[] doubtful,
                                     double pitch) {
        int n = run.size();
        Assignment out = new Assignment(n);
        int first = 0;
        // A first tick off the grid that the next two agree about is a stray: start after it.
        while (first + 2 < n && !onGrid(psi[run.get(first + 1)] - psi[run.get(first)], pitch)
                && onGrid(psi[run.get(first + 2)] - psi[run.get(first + 1)], pitch)
                && !onGrid(psi[run.get(first + 2)] - psi[run.get(first)], pitch)) {
            first++;
        }
        out.angles[0] = psi[run.get(first)];
        out.indices[0] = 0;
        out.sources[0] = run.get(first);
        out.count = 1;
        double bestOffRing = offRing[run.get(first)];
        for (int j = first + 1; j < n; j++) {
            int tick = run.get(j);
            double gap = psi[tick] - out.angles[out.count - 1];
            double steps = gap / pitch;
            if (steps < 0.5) {
                // Two pieces at one tick (a broken tick, or a numeral beside it): keep the one shaped
                // like a tick, and of two such the one on the ring.
                int kept = out.sources[out.count - 1];
                if (doubtful[kept] && !doubtful[tick]
                        || doubtful[kept] == doubtful[tick] && offRing[tick] < bestOffRing) {
                    out.angles[out.count - 1] = psi[tick];
                    out.sources[out.count - 1] = tick;
                    bestOffRing = offRing[tick];
                }
                continue;
            }
            if (!onGrid(gap, pitch) && j + 1 < n) {
                double skip = psi[run.get(j + 1)] - out.angles[out.count - 1];
                if (onGrid(skip, pitch)) {
                    continue;
                }
            }
            out.angles[out.count] = psi[tick];
            out.indices[out.count] = out.indices[out.count - 1] + (int) Math.round(steps);
            out.sources[out.count] = tick;
            out.count++;
            bestOffRing = offRing[tick];
        }
        return out;
    }

    private static boolean stray(double gap, boolean doubtful, Phase phase, double widestInside) {
        double pitch = phase.pitch;
        if (gap <= widestInside + 0.5 * pitch && phase.keeps(gap)) {
            return false;
        }
        return gap > MAX_END_GAP * pitch || (doubtful && gap > DOUBTFUL_END_GAP * pitch);
    }

    /** The widest gap between neighbouring ticks of the run, its two end gaps left out. */
    private static double widestInside(List<Integer> run, double[] psi) {
        double widest = 0;
        for (int j = 1; j + 2 < run.size(); j++) {
            widest = Math.max(widest, psi[run.get(j + 1)] - psi[run.get(j)]);
        }
        return widest;
    }

    /**
     * The scale's pitch and how closely its ticks keep to it: the spread, in pitches, of the gaps
     * of about one pitch around one pitch (robustly; a tenth of a pitch when there are too few).
     */
    private static final class Phase {
        final double pitch;
        final double spread;

        private Phase(double pitch, double spread) {
            this.pitch = pitch;
            this.spread = spread;
        }

        static Phase of(List<Integer> run, double[] angle) {
            if (run.size() < 3) {
                return new Phase(0, 0);
            }
            double[] psi = new double[angle.length];
            double first = angle[run.get(0)];
            for (int i = 0; i < angle.length; i++) {
                psi[i] = Geometry.normalizeRadians(angle[i] - first);
            }
            double pitch = fundamentalPitch(run, psi);
            double[] deviation = new double[run.size()];
            int k = 0;
            for (int j = 0; j + 1 < run.size() && pitch > 0; j++) {
                double steps = (psi[run.get(j + 1)] - psi[run.get(j)]) / pitch;
                if (steps > 0.5 && steps < 1.5) {
                    deviation[k++] = Math.abs(steps - 1);
                }
            }
            double spread = k >= 3 ? 1.4826 * Geometry.median(deviation, k) : 0.1;
            return new Phase(pitch, spread);
        }

        /** How far from a whole number of pitches a gap may be and still keep to the grid. */
        private double tolerance(double steps) {
            return Math.max(MIN_PHASE_TOLERANCE, 3 * spread + PITCH_DRIFT * steps);
        }

        private static double offGrid(double steps) {
            return Math.abs(steps - Math.rint(steps));
        }

        /** Whether a gap of more than a pitch is a whole number of pitches. */
        boolean keeps(double gap) {
            double steps = gap / pitch;
            return pitch > 0 && steps >= 1.5 && offGrid(steps) <= tolerance(steps);
        }

        /** Whether a gap of more than a pitch is clearly not a whole number of pitches. */
        boolean breaks(double gap) {
            double steps = gap / pitch;
            return pitch > 0 && steps >= 1.5 && offGrid(steps) > 2 * tolerance(steps);
        }
    }

    private static boolean onGrid(double gap, double pitch) {
        double steps = gap / pitch;
        return steps >= 0.5 && Math.abs(steps - Math.rint(steps)) <= OFF_GRID;
    }

    /**
     * The pitch that explains the gaps between neighbouring ticks as whole multiples of it: each
     * gap over 1, 2 or 3 is a candidate, scored by how close all gaps come to multiples of it.
     * Half a pitch explains the gaps as well as the pitch does, so the largest candidate scoring
     * within 5% of the best is taken. Gaps under a third of the median are pieces of one tick.
     */
    static double fundamentalPitch(List<Integer> run, double[] psi) {
        int n = run.size() - 1;
        double[] gaps = new double[n];
        for (int j = 0; j < n; j++) {
            gaps[j] = psi[run.get(j + 1)] - psi[run.get(j)];
        }
        double median = Geometry.median(gaps, n);
        double[] candidates = new double[3 * n];
        double[] scores = new double[3 * n];
        int c = 0;
        double best = 0;
        double[] sortedGaps = Arrays.copyOf(gaps, n);
        Arrays.sort(sortedGaps);
        double previous = -1;
        for (int j = 0; j < n; j++) {
            // Gaps within 1% of one already tried would score the same: most gaps are one pitch.
            if (sortedGaps[j] < median / 3 || sortedGaps[j] < previous * 1.01) {
                continue;
            }
            previous = sortedGaps[j];
            for (int k = 1; k <= 3; k++) {
                double p = sortedGaps[j] / k;
                double score = 0;
                for (int i = 0; i < n; i++) {
                    double steps = gaps[i] / p;
                    if (gaps[i] < median / 3 || steps < 0.5) {
                        continue;
                    }
                    double off = (steps - Math.rint(steps)) / 0.25;
                    score += Math.max(0, 1 - off * off);
                }
                candidates[c] = p;
                scores[c++] = score;
                best = Math.max(best, score);
            }
        }
        double pitch = 0;
        for (int i = 0; i < c; i++) {
            if (scores[i] >= 0.95 * best && candidates[i] > pitch) {
                pitch = candidates[i];
            }
        }
        return pitch;
    }

    /** Least-squares slope of angle against index. */
    private static double slope(Assignment a) {
        int m = a.count;
        double mk = 0;
        double mpsi = 0;
        for (int i = 0; i < m; i++) {
            mk += a.indices[i];
            mpsi += a.angles[i];
        }
        mk /= m;
        mpsi /= m;
        double skk = 0;
        double skp = 0;
        for (int i = 0; i < m; i++) {
            skk += (a.indices[i] - mk) * (a.indices[i] - mk);
            skp += (a.indices[i] - mk) * (a.angles[i] - mpsi);
        }
        return skk > 0 ? skp / skk : 0;
    }

    private static double irregularity(double[] angles, int[] indices, int m, double pitch) {
        if (m < 4) {
            return 0;
        }
        double[] coef = Polynomial.fit(indices, angles, null, m, 2);
        if (coef == null) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double r = angles[i] - Polynomial.value(coef, indices[i]);
            sum += r * r;
        }
        return Math.sqrt(sum / (m - 3)) / pitch;
    }

    /**
     * The grid position (in tick intervals from the first tick) of a direction {@code angle}
     * clockwise from the first tick (radians; may be negative or beyond the last tick): a
     * weighted straight-line fit of angle against index over the ticks nearest it, so residual
     * distortion of the rectified dial, which is smooth along the arc, cancels locally.
     */
    double position(double angle) {
        double guess = angle / pitch;
        int m = size();
        double[] distance = new double[m];
        for (int i = 0; i < m; i++) {
            distance[i] = Math.abs(indices[i] - guess);
        }
        // The nearest ticks, at least 4 (or all) and all within 3 intervals.
        double[] sorted = Arrays.copyOf(distance, m);
        Arrays.sort(sorted);
        double reach = Math.max(3, sorted[Math.min(m, 4) - 1]) + 1e-9;
        double sw = 0;
        double sk = 0;
        double sa = 0;
        for (int i = 0; i < m; i++) {
            if (distance[i] <= reach) {
                double w = 1 / (1 + distance[i] * distance[i] / 4);
                sw += w;
                sk += w * indices[i];
                sa += w * angles[i];
            }
        }
        double mk = sk / sw;
        double ma = sa / sw;
        double skk = 0;
        double ska = 0;
        for (int i = 0; i < m; i++) {
            if (distance[i] <= reach) {
                double w = 1 / (1 + distance[i] * distance[i] / 4);
                skk += w * (indices[i] - mk) * (indices[i] - mk);
                ska += w * (indices[i] - mk) * (angles[i] - ma);
            }
        }
        double localPitch = skk > 0 ? ska / skk : pitch;
        if (!(localPitch > 0.5 * pitch && localPitch < 2 * pitch)) {
            localPitch = pitch;
        }
        return hiddenBefore + mk + (angle - ma) / localPitch;
    }

    /** The fraction along the arc from the first to the last accepted tick, by angle alone. */
    double arcFraction(double angle) {
        return (angle + hiddenBefore * pitch) / (angles[angles.length - 1] + (hiddenBefore + hiddenAfter) * pitch);
    }
}
