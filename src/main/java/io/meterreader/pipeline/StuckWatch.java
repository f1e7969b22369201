package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import io.meterreader.frame.ReadingStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meter whose calibration has {@code stuck-after} is said to be stuck while its OK values have
 * stayed within {@code stuck-band} of each other for that long: a seized movement, a pointer
 * caught on its stop pin, a glass whose float has jammed. The camera reads such a gauge well, and
 * every reading is OK; only the want of movement tells, and only where the process moves, so the
 * check is each meter's own choice.
 *
 * <p>Each meter keeps the lowest and highest OK value since its values last moved and when that
 * was: a value that widens the two beyond the band starts them afresh from itself, so a meter is
 * stuck from the time its values last moved, whatever the length of its history, in constant
 * memory. Capture times are the clock: a reading that went through a queue counts when its frame
 * was taken. A failed reading changes nothing (a gauge hidden for a minute has not moved); a gap
 * between OK readings longer than half of {@code stuck-after} (the camera down for hours) starts
 * afresh, since nobody saw what the gauge did; a meter out of service is not watched.
 * Listeners (the SCADA edges) are told each meter's becoming stuck and its ending, outside the
 * watch's lock. At start-up the watch picks up from the stored readings ({@link #resume}), so that
 * a restart does not put off for a whole {@code stuck-after} what was nearly due. Thread-safe.
 */
public final class StuckWatch implements Consumer<Reading> {

    private static final Logger log = LoggerFactory.getLogger(StuckWatch.class);

    /** A meter stuck: since when its values have stayed between {@code low} and {@code high}. */
    public record Stuck(Instant since, double low, double high) {
    }

    private final Function<String, Optional<MeterCalibration>> calibrations;
    /** Each watched meter's values since they last moved. Guarded by this. */
    private final Map<String, Still> still = new HashMap<>();
    private final List<BiConsumer<String, Instant>> listeners = new CopyOnWriteArrayList<>();

    private static final class Still {
        final Instant since;
        double low;
        double high;
        Instant last;
        /** Said in the log to be stuck. */
        boolean told;

        Still(double value, Instant at) {
            this(at, value, value, at);
        }

        Still(Instant since, double low, double high, Instant last) {
            this.since = since;
            this.low = low;
            this.high = high;
            this.last = last;
        }
    }

    /** Stored readings read back at a time when resuming: a page of a history read. */
    static final int RESUME_PAGE = 1_000;
    /**
     * The most stored readings of one meter read back when resuming: the longest stuck-after (30
     * days) stored every 10 s (the default) and some more. 50,000 took 0.3 s from PostgreSQL.
     */
    static final int RESUME_MAX = 300_000;

    /** @param calibrations each meter's calibration by id (its stuck-after and stuck-band) */
    public StuckWatch(Function<String, Optional<MeterCalibration>> calibrations) {
        this.calibrations = calibrations;
    }

    /**
     * Tells {@code listener} of each meter that becomes stuck (with since when) and of each that is
     * no longer (with null: it moved, went out of service, or its calibration changed).
     */
    public void addListener(BiConsumer<String, Instant> listener) {
        listeners.add(listener);
    }

    @Override
    public void accept(Reading r) {
        List<Runnable> due = new ArrayList<>(1);
        watch(r, due);
        due.forEach(Runnable::run);
    }

    /** Adds to {@code due} the listeners' being told, for after the lock. */
    private void toTell(List<Runnable> due, String meterId, Instant since) {
        due.add(() -> listeners.forEach(l -> l.accept(meterId, since)));
    }

    private void watch(Reading r, List<Runnable> due) {
        MeterCalibration.Stuck rule = calibrations.apply(r.meterId()).map(MeterCalibration::stuck).orElse(null);
        synchronized (this) {
            if (rule == null || r.status() == ReadingStatus.OUT_OF_SERVICE) {
                Still gone = still.remove(r.meterId());
                if (gone != null && gone.told) {
                    toTell(due, r.meterId(), null);
                }
                return;
            }
            if (!r.isOk()) {
                return;
            }
            double value = r.value();
            Instant at = r.captureTime();
            Still s = still.get(r.meterId());
            boolean unseen = s != null && Duration.between(s.last, at).compareTo(rule.after().dividedBy(2)) > 0;
            if (s == null || unseen || Math.max(s.high, value) - Math.min(s.low, value) > rule.band()) {
                if (s != null && s.told) {
                    log.info("Meter {} moves again: {} {} ({})", r.meterId(), number(value), r.unit(),
                            unseen ? "after a gap in its readings" : "its pointer or level is not stuck");
                    toTell(due, r.meterId(), null);
                }
                still.put(r.meterId(), new Still(value, at));
                return;
            }
            s.low = Math.min(s.low, value);
            s.high = Math.max(s.high, value);
            // a frame read late (two workers) adds its value, not an earlier time
            s.last = at.isAfter(s.last) ? at : s.last;
            if (!s.told && stuck(s, rule)) {
                s.told = true;
                toTell(due, r.meterId(), s.since);
                log.warn("Meter {} has read {} to {} {} since {} (stuck-after {}, stuck-band {}): is its pointer or "
                        + "level stuck?", r.meterId(), number(s.low), number(s.high), r.unit(), s.since,
                        AlarmList.words(rule.after()), number(rule.band()));
            }
        }
    }

    /** Whether the meter is stuck now, and since when. */
    public Optional<Stuck> stuck(String meterId) {
        MeterCalibration.Stuck rule = calibrations.apply(meterId).map(MeterCalibration::stuck).orElse(null);
        synchronized (this) {
            Still s = still.get(meterId);
            if (rule == null || s == null || !stuck(s, rule)) {
                return Optional.empty();
            }
            return Optional.of(new Stuck(s.since, s.low, s.high));
        }
    }

    /**
     * Where each watched meter stood when the service last stopped, from its stored readings: walking
     * back from {@code now}, the OK values that stay within its band, with no gap longer than half
     * its {@code stuck-after}, back to a reading out of service, at most twice its
     * {@code stuck-after} (or {@value #RESUME_MAX} readings). A meter stuck then is stuck now, from
     * the earliest of them; one that was nearly stuck is due the sooner. The store keeps what
     * {@code storage.interval} lets through (a reading every 10 s by default), which a still
     * gauge's values are well sampled by. A store that cannot be read leaves the watch to start
     * afresh, logged.
     */
    public void resume(List<MeterCalibration> meters, ReadingHistory history, Instant now) {
        for (MeterCalibration meter : meters) {
            MeterCalibration.Stuck rule = meter.stuck();
            if (rule == null) {
                continue;
            }
            Still s;
            long started = System.nanoTime();
            try {
                s = lookBack(meter.id(), rule, history, now);
                log.info("Meter {}: still since {} by its stored readings (read back in {} ms)", meter.id(),
                        s == null ? "none" : s.since, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("Meter {}: its stored readings cannot be read ({}); whether it is stuck is watched afresh",
                        meter.id(), e.getMessage());
                continue;
            }
            if (s == null) {
                continue;
            }
            List<Runnable> due = new ArrayList<>(1);
            synchronized (this) {
                if (still.containsKey(meter.id())) {
                    continue;   // read live meanwhile
                }
                still.put(meter.id(), s);
                if (stuck(s, rule)) {
                    s.told = true;
                    toTell(due, meter.id(), s.since);
                    log.warn("Meter {} has read {} to {} {} since {}, by its stored readings (stuck-after {}, "
                            + "stuck-band {}): is its pointer or level stuck?", meter.id(), number(s.low),
                            number(s.high), meter.range().unit(), s.since, AlarmList.words(rule.after()),
                            number(rule.band()));
                }
            }
            due.forEach(Runnable::run);
        }
    }

    /** The still run of a meter's latest stored readings, or null where it has none. */
    private static Still lookBack(String meterId, MeterCalibration.Stuck rule, ReadingHistory history, Instant now) {
        Instant stop = now.minus(rule.after().multipliedBy(2));
        Duration gap = rule.after().dividedBy(2);
        Instant cursor = now;
        Instant since = null;
        Instant last = null;
        double low = Double.NaN;
        double high = Double.NaN;
        int read = 0;
        while (cursor.isAfter(stop) && read < RESUME_MAX) {
            List<Reading> page = history.read(meterId, cursor, stop, RESUME_PAGE);
            for (Reading r : page) {
                read++;
                if (r.status() == ReadingStatus.OUT_OF_SERVICE) {
                    return since == null ? null : new Still(since, low, high, last);
                }
                if (!r.isOk()) {
                    continue;
                }
                double v = r.value();
                Instant at = r.captureTime();
                if (since == null) {
                    since = at;
                    last = at;
                    low = v;
                    high = v;
                    continue;
                }
                if (Duration.between(at, since).compareTo(gap) > 0 || Math.max(high, v) - Math.min(low, v)
                        > rule.band()) {
                    return new Still(since, low, high, last);
                }
                since = at;
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
            if (page.size() < RESUME_PAGE) {
                break;
            }
            // the store keeps microseconds: the next page starts just before the last reading read
            cursor = page.get(page.size() - 1).captureTime().minusNanos(1_000);
        }
        return since == null ? null : new Still(since, low, high, last);
    }

    /** A meter whose calibration changed or went starts afresh. */
    public void forget(String meterId) {
        Still gone;
        synchronized (this) {
            gone = still.remove(meterId);
        }
        if (gone != null && gone.told) {
            listeners.forEach(l -> l.accept(meterId, null));
        }
    }

    private static boolean stuck(Still s, MeterCalibration.Stuck rule) {
        return Duration.between(s.since, s.last).compareTo(rule.after()) >= 0;
    }

    /** A value to six significant digits, as the log shows it. */
    static String number(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
