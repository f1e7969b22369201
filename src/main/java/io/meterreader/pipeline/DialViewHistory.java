package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.MarkedPointerReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest reading of each crop of one camera's dials, by the dial's detection box: what lets
 * the live pipeline read a dial from one crop per frame and still have two crops agree before it
 * trusts a reading. The segmenter's noise changes with the crop (a dial is read from two crops
 * with different margins, {@link io.meterreader.gauge.PointerViews}); a plant dial's needle
 * changes slowly. So a dial's crops can take turns: each frame segments the crop the dial was
 * not last read in, and a reading that agrees with the other crop's reading of a recent frame,
 * carried on at that crop's own recent rate ({@link #drift}), is taken as both crops agreeing.
 * Where they do not agree (the needle turned, or one of them is wrong) or there is no recent
 * reading, the frame is segmented in the other crop too and read as before. A fixed camera's
 * dials keep their boxes between detections ({@link DetectionMemory}), and a fresh detection's
 * box overlaps the last one's ({@link #SAME_DIAL}), so the box names the dial.
 *
 * <p>Each camera's frames are read by one worker at a time; the methods are synchronized so
 * that a camera handed from one worker to another is seen whole.
 */
final class DialViewHistory {

    /**
     * A reading older than this, by capture time, confirms nothing; for a camera read less often
     * than every 2 s, {@link #READS_KEPT} of its read intervals ({@link #forReadInterval}).
     */
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** How many of a camera's read intervals a reading is kept for, at least {@link #MAX_AGE}. */
    static final double READS_KEPT = 2.5;
    /**
     * The most a needle is taken to have moved between readings, as a share of the span: a rate
     * from two noisy readings is not trusted further (a needle moving faster is read in both crops).
     */
    static final double MAX_DRIFT = 0.05;
    /** Boxes that overlap this much (intersection over union) are the same dial. */
    static final double SAME_DIAL = 0.8;
    /** Readings kept of each dial: two of each crop, for each crop's rate. */
    private static final int KEPT = 4;

    /**
     * One crop's reading of a dial.
     *
     * @param view        the crop, as an index into the margins
     * @param measurement the pointer reader's reading of it
     * @param pointers    the pointer instances in it, for a meter read against its scale marks
     * @param capturedAt  the capture time of the frame it was read in
     */
    record Seen(int view, GaugeMeasurement measurement, MarkedPointerReader.View pointers, Instant capturedAt) {
    }

    /** A camera's history as of one of its frames, captured at {@code time}. */
    record At(DialViewHistory history, Instant time) {
    }

    /** Each dial's readings of the last {@code maxAge}, at most {@link #KEPT}, oldest first. */
    private final Map<BoundingBox, List<Seen>> dials = new HashMap<>();
    private final Duration maxAge;

    /** A history whose readings confirm for {@link #MAX_AGE}. */
    DialViewHistory() {
        this(MAX_AGE);
    }

    private DialViewHistory(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /**
     * The history of a camera read every {@code readInterval}: a reading confirms for
     * {@link #READS_KEPT} intervals, at least {@link #MAX_AGE} (a camera read every 10 s has its
     * crops take turns too, each reading confirmed by the one 10 s before).
     */
    static DialViewHistory forReadInterval(Duration readInterval) {
        Duration reads = Duration.ofNanos(Math.round(readInterval.toNanos() * READS_KEPT));
        return new DialViewHistory(reads.compareTo(MAX_AGE) > 0 ? reads : MAX_AGE);
    }


    /**
     * The dial's most recent reading in any crop, at most {@code maxAge} before {@code time}
     * and not after it; null when there is none.
     */
    synchronized Seen latest(BoundingBox box, Instant time) {
        List<Seen> seen = recent(box, time);
        return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    /**
     * How far the needle will have moved, as a share of the span, from the crop's latest reading
     * to {@code time}: the crop's last two OK readings' rate carried on (a dial's crops each have
     * their own small bias, so one crop's readings are compared with each other). Zero without two
     * such readings at different times; at most {@link #MAX_DRIFT} either way. A needle on the move
     * (the simulated ones move up to 2% of the span a second, more than two crops' readings may
     * differ) is so compared with where the other crop's reading would be now.
     */
    synchronized double drift(BoundingBox box, int view, Instant time) {
        Seen last = null;
        Seen before = null;
        for (Seen s : recent(box, time)) {
            if (s.view() == view && s.measurement().isOk()) {
                before = last;
                last = s;
            }
        }
        double seconds = before == null ? 0 : Duration.between(before.capturedAt(), last.capturedAt()).toNanos() / 1e9;
        if (!(seconds > 0)) {
            return 0;   // a camera whose capture time stood still would divide by zero
        }
        double rate = (last.measurement().fraction() - before.measurement().fraction()) / seconds;
        double drift = rate * Duration.between(last.capturedAt(), time).toNanos() / 1e9;
        return Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, drift));
    }

    /**
     * The remembered dial at {@code box}: the one whose box overlaps it most, by at least
     * {@link #SAME_DIAL}; null when none does. A camera whose meters do not all read OK has the
     * detector look at every frame, and its boxes move by a pixel or two from frame to frame.
     */
    private BoundingBox known(BoundingBox box) {
        if (dials.containsKey(box)) {
            return box;
        }
        BoundingBox best = null;
        double bestIou = SAME_DIAL;
        for (BoundingBox b : dials.keySet()) {
            double iou = b.iou(box);
            if (iou >= bestIou) {
                best = b;
                bestIou = iou;
            }
        }
        return best;
    }

    private List<Seen> recent(BoundingBox box, Instant time) {
        BoundingBox key = known(box);
        List<Seen> seen = key == null ? List.of() : dials.get(key);
        List<Seen> recent = new ArrayList<>(seen.size());
        for (Seen s : seen) {
            Duration age = Duration.between(s.capturedAt(), time);
            if (!age.isNegative() && age.compareTo(maxAge) <= 0) {
                recent.add(s);
            }
        }
        return recent;
    }

    /** Takes note of a crop's reading of a dial (readings come in capture-time order). */
    synchronized void saw(BoundingBox box, Seen seen) {
        BoundingBox key = known(box);
        List<Seen> kept = key == null ? new ArrayList<>() : dials.remove(key);
        dials.put(box, kept);
        kept.add(seen);
        kept.removeIf(s -> Duration.between(s.capturedAt(), seen.capturedAt()).compareTo(maxAge) > 0);
        while (kept.size() > KEPT) {
            kept.remove(0);
        }
    }

    /** Forgets every dial but those at {@code boxes} (the ones the camera's latest frame was read at). */
    synchronized void keepOnly(Collection<BoundingBox> boxes) {
        Set<BoundingBox> kept = new HashSet<>();
        for (BoundingBox b : boxes) {
            BoundingBox key = known(b);
            if (key != null) {
                kept.add(key);
            }
        }
        dials.keySet().retainAll(kept);
    }

    /** How many dials it remembers. */
    synchronized int size() {
        return dials.size();
    }
}
