package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.PointerDiagnostics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scale marks are pixels: a camera knocked a few degrees, or one swapped for another of a
 * different resolution, leaves a marked meter reading its pointer against the wrong places, and
 * sure of it. Each frame also has the tick reader's reading of the same dial; where that one is
 * sure and the two disagree by more than {@link #DISAGREEMENT} of the span, {@link #STRIKES}
 * frames running, the marks are likely stale: say so (at most every {@link #REPEAT} per meter),
 * and where to read them again. A marked reading beyond the scale where the ticks read the
 * pointer on it is such a disagreement too, and most often marks clicked in the wrong order. Not thread-safe: the inference stage calls it under its lock.
 */
final class MarksWatch {

    /** A tick reading this sure is trusted to tell the marks are off. */
    static final double SURE = 0.7;
    /** Readings this far apart (share of the span) disagree. */
    static final double DISAGREEMENT = 0.05;
    /** Disagreements in a row before a warning: one odd frame is not a moved camera. */
    static final int STRIKES = 3;
    static final Duration REPEAT = Duration.ofMinutes(10);

    private final Map<String, Integer> strikes = new HashMap<>();
    private final Map<String, Instant> warned = new HashMap<>();

    /**
     * The warning this frame calls for, if any: {@code ticks} is the meter's dial as the tick reader
     * read it, {@code marked} as read against the meter's scale marks.
     */
    Optional<String> check(MeterCalibration meter, FoundGauge ticks, FoundGauge marked, Instant now) {
        Double against = marked == null ? null : marked.status() == ReadingStatus.OK ? marked.fraction()
                : marked.status() == ReadingStatus.OUT_OF_RANGE ? rawFraction(marked) : null;
        if (meter.scaleMarks() == null || ticks == null || against == null
                || ticks.status() != ReadingStatus.OK || ticks.confidence() < SURE) {
            return Optional.empty();
        }
        double apart = Math.abs(ticks.fraction() - against);
        if (apart <= DISAGREEMENT) {
            strikes.remove(meter.id());
            return Optional.empty();
        }
        int n = strikes.merge(meter.id(), 1, Integer::sum);
        Instant last = warned.get(meter.id());
        if (n < STRIKES || (last != null && Duration.between(last, now).compareTo(REPEAT) < 0)) {
            return Optional.empty();
        }
        warned.put(meter.id(), now);
        if (marked.status() == ReadingStatus.OUT_OF_RANGE) {
            // a pointer the ticks read on the scale, beyond it by the marks: marks clicked in the wrong order,
            // or the wrong direction, far more often than a moved camera
            return Optional.of(String.format(Locale.ROOT, "Meter %s: read against its scale marks its pointer is at "
                    + "%.1f%% of the scale, OUT_OF_RANGE, where its ticks read it at %.1f%% (%d frames running): are "
                    + "the marks' min and max the other way round, the pivot clicked as one of them, or the direction "
                    + "wrong? Read the marks again at /marks.html?camera=%s (pivot, then min, then max)", meter.id(),
                    100 * against, 100 * ticks.fraction(), n, meter.camera()));
        }
        return Optional.of(String.format(Locale.ROOT, "Meter %s: read against its scale marks it shows %.1f%% of the "
                + "scale, its ticks %.1f%% (%d frames running): has camera %s moved? Read the marks again at "
                + "/marks.html?camera=%s", meter.id(), 100 * against, 100 * ticks.fraction(), n,
                meter.camera(), meter.camera()));
    }

    /** Where a marked reading put the pointer, beyond the scale's ends as well (null: not said). */
    private static Double rawFraction(FoundGauge marked) {
        return marked.measurement().diagnostics() instanceof PointerDiagnostics p ? p.rawFraction() : null;
    }

    /** Starts afresh for a meter (its marks changed, or it went). */
    void forget(String meterId) {
        strikes.remove(meterId);
        warned.remove(meterId);
    }
}
