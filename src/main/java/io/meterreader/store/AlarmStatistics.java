package io.meterreader.store;

import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.MeterAlarm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The alarm system's performance over a window, as ISA-18.2 (and EEMUA 191) has a plant measure
 * it, from the alarm journal's entries in time order ({@link #accept}): how many alarms were
 * raised, how often (on average and at the worst ten minutes: more than 10 in 10 minutes is a
 * flood), and for each meter how many times, how many of those chattered (raised again within a
 * minute of clearing), how many stayed active a day or more (stale), how long it was in alarm and
 * shelved, and how long operators took to
 * acknowledge, and how long it was out of service. The meters that raise most come first: the
 * "top ten" a plant works down first. A meter taken out of service ends its alarm (in alarm,
 * shelved, waiting for an acknowledgement) without clearing or acknowledging it.
 *
 * <p>An alarm already active, shelved or out of service when the window opens counts from the
 * window's start: the journal before the window says so ({@link #before}), or else its clear or
 * unshelving in the window does (counted from when the journal began where that is later: what
 * came before, it never saw). One still active at its end counts to the end. Whether an alarm is
 * stale is by its whole time active, from its raise, before the window too.
 */
public final class AlarmStatistics implements Consumer<AlarmEvent> {

    /** A raise within this long of the same meter's last clear chatters. */
    static final Duration CHATTER = Duration.ofMinutes(1);
    /** The interval a flood is counted in, and how many raises in one make it a flood. */
    static final Duration FLOOD_INTERVAL = Duration.ofMinutes(10);
    static final int FLOOD_RAISES = 10;
    /** An alarm active this long is stale. */
    static final Duration STALE = MeterAlarm.STALE;

    /**
     * One meter's figures; the times to acknowledge are of the acknowledgements in the window,
     * each from its alarm's raise, before the window too (null: none acknowledged), {@code
     * acknowledged} counts every acknowledgement.
     */
    public record MeterFigures(String meterId, int raised, int chattering, int stale, Duration inAlarm,
                               Duration shelved, int acknowledged, Duration meanTimeToAcknowledge,
                               Duration longestTimeToAcknowledge, Duration outOfService) {
    }

    /**
     * The window's figures.
     *
     * @param raisedPer10Minutes the raises' average over the window's ten-minute intervals
     * @param peak10Minutes      the most raises in any ten minutes of the window
     * @param floodShare         the share of the window's ten-minute intervals (from its start) with
     *                           more than {@value #FLOOD_RAISES} raises
     * @param stale              the alarms active for {@link #STALE} or more in the window (one still
     *                           active at its end, up to its end), every meter's
     * @param meters             each meter with something to count (not one with only comments), the most
     *                           raised first
     */
    public record Figures(Instant from, Instant to, int raised, double raisedPer10Minutes, int peak10Minutes,
                          double floodShare, int stale, List<MeterFigures> meters) {
    }

    private final Instant from;
    private final Instant to;
    /** Where what was already so counts from: the window's start, or the journal's where that is later. */
    private final Instant known;
    private final Map<String, Meter> meters = new HashMap<>();
    /** The raises of the last ten minutes, for the peak. */
    private final Deque<Instant> recent = new ArrayDeque<>();
    private final Map<Long, Integer> raisesByInterval = new HashMap<>();
    private int raised;
    private int peak;

    /** A meter's running figures. */
    private static final class Meter {
        int raised;
        int chattering;
        int stale;
        Duration inAlarm = Duration.ZERO;
        Duration shelved = Duration.ZERO;
        Duration outOfService = Duration.ZERO;
        int acknowledged;
        /** The acknowledgements of a raise the window saw: those whose time to acknowledge is known. */
        int timed;
        Duration toAcknowledge = Duration.ZERO;
        Duration longestToAcknowledge = Duration.ZERO;
        /** Since when it is in alarm (in the window), shelved, waiting for an acknowledgement; null: not. */
        Instant activeSince;
        /** When the alarm active now was raised, before the window too; null: not known, or none. */
        Instant raisedAt;
        Instant shelvedSince;
        Instant outOfServiceSince;
        Instant unacknowledgedSince;
        Instant lastCleared;
        /**
         * Whether a raise or clear (a shelving or unshelving) has told where it stood; before one,
         * a clear (an unshelving) shows it was so from the window's start.
         */
        boolean activityKnown;
        boolean shelvedKnown;
        boolean serviceKnown;

        /**
         * The alarm active ended at {@code end} (cleared, moved to the other limit, or out of
         * service), having been active {@code lasted} of the window.
         */
        void ended(Duration lasted, Instant end) {
            inAlarm = inAlarm.plus(lasted);
            if ((raisedAt == null ? lasted : Duration.between(raisedAt, end)).compareTo(STALE) >= 0) {
                stale++;
            }
            raisedAt = null;
        }
    }

    public AlarmStatistics(Instant from, Instant to) {
        this(from, to, from);
    }

    /** @param journalBegan the journal's first entry (null: none) */
    public AlarmStatistics(Instant from, Instant to, Instant journalBegan) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        this.from = from;
        this.to = to;
        this.known = journalBegan != null && journalBegan.isAfter(from) ? journalBegan : from;
    }

    /**
     * Where a meter stood as the window opened, as the journal before it says: in alarm since
     * {@code raised}, shelved since, out of service since (each null: not). Given before the
     * window's entries, and only for a meter that was in one of them.
     */
    public void before(String meterId, Instant raised, Instant shelvedSince, Instant outOfServiceSince) {
        before(meterId, raised, shelvedSince, outOfServiceSince, null);
    }

    /**
     * As above, and {@code unacknowledgedSince}: the raise, before the window, of an alarm not
     * acknowledged when it opened (null: none), so that its acknowledgement in the window has its
     * time to acknowledge (a shift's report counts the alarms the shift before left it).
     */
    public void before(String meterId, Instant raised, Instant shelvedSince, Instant outOfServiceSince,
                       Instant unacknowledgedSince) {
        Meter m = meters.computeIfAbsent(meterId, id -> new Meter());
        if (raised != null) {
            m.activeSince = later(raised, from);
            m.raisedAt = raised;
        }
        m.unacknowledgedSince = unacknowledgedSince;
        m.activityKnown = true;
        m.shelvedSince = shelvedSince == null ? null : later(shelvedSince, from);
        m.shelvedKnown = true;
        m.outOfServiceSince = outOfServiceSince == null ? null : later(outOfServiceSince, from);
        m.serviceKnown = true;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The next entry of the journal, in time order, within the window. */
    @Override
    public void accept(AlarmEvent e) {
        Meter m = meters.computeIfAbsent(e.meterId(), id -> new Meter());
        Instant t = e.time();
        switch (e.kind()) {
            case RAISED -> {
                if (m.activeSince != null) {
                    // at the other limit: still in alarm, a new alarm
                    m.ended(Duration.between(m.activeSince, t), t);
                }
                m.activeSince = t;
                m.raisedAt = t;
                m.unacknowledgedSince = t;
                m.activityKnown = true;
                m.raised++;
                // cleared at the same moment: a move to the other limit, journalled as a clear and a raise
                if (m.lastCleared != null && m.lastCleared.isBefore(t)
                        && Duration.between(m.lastCleared, t).compareTo(CHATTER) <= 0) {
                    m.chattering++;
                }
                countRaise(t);
            }
            case CLEARED -> {
                m.ended(lasted(m.activeSince, m.activityKnown, t), t);
                m.activeSince = null;
                m.activityKnown = true;
                m.lastCleared = t;
            }
            case ACKNOWLEDGED -> {
                m.acknowledged++;
                if (m.unacknowledgedSince != null) {
                    Duration took = Duration.between(m.unacknowledgedSince, t);
                    m.timed++;
                    m.toAcknowledge = m.toAcknowledge.plus(took);
                    if (took.compareTo(m.longestToAcknowledge) > 0) {
                        m.longestToAcknowledge = took;
                    }
                }
                m.unacknowledgedSince = null;
            }
            case SHELVED -> {
                if (m.shelvedSince == null) {
                    m.shelvedSince = t;
                }
                m.shelvedKnown = true;
            }
            case UNSHELVED -> {
                m.shelved = m.shelved.plus(lasted(m.shelvedSince, m.shelvedKnown, t));
                m.shelvedSince = null;
                m.shelvedKnown = true;
            }
            case OUT_OF_SERVICE -> {
                // its alarm, if it had one on the list, left it: no longer in alarm, shelved or waiting
                if (m.activeSince != null) {
                    m.ended(Duration.between(m.activeSince, t), t);
                }
                if (m.shelvedSince != null) {
                    m.shelved = m.shelved.plus(Duration.between(m.shelvedSince, t));
                }
                m.activeSince = null;
                m.shelvedSince = null;
                m.unacknowledgedSince = null;
                m.activityKnown = true;
                m.shelvedKnown = true;
                if (m.outOfServiceSince == null) {
                    m.outOfServiceSince = t;
                }
                m.serviceKnown = true;
            }
            case BACK_IN_SERVICE -> {
                m.outOfService = m.outOfService.plus(lasted(m.outOfServiceSince, m.serviceKnown, t));
                m.outOfServiceSince = null;
                m.serviceKnown = true;
            }
        }
    }

    /**
     * How long a state that ends at {@code end} lasted in the window: from {@code since}; where
     * that is not known, from where the window (or the journal) starts, unless an earlier entry
     * has shown the state was not on then.
     */
    private Duration lasted(Instant since, boolean toldBefore, Instant end) {
        Instant from = since != null ? since : toldBefore ? null : known;
        return from == null ? Duration.ZERO : Duration.between(from, end);
    }

    private void countRaise(Instant t) {
        raised++;
        recent.addLast(t);
        while (Duration.between(recent.getFirst(), t).compareTo(FLOOD_INTERVAL) >= 0) {
            recent.removeFirst();
        }
        peak = Math.max(peak, recent.size());
        raisesByInterval.merge(Duration.between(from, t).toMillis() / FLOOD_INTERVAL.toMillis(), 1, Integer::sum);
    }

    /** The figures, the window closed at {@code to}. */
    public Figures figures() {
        List<MeterFigures> out = new ArrayList<>();
        meters.forEach((id, m) -> {
            // one still active counts to the end
            Duration open = m.activeSince == null ? Duration.ZERO : Duration.between(m.activeSince, to);
            Duration inAlarm = m.inAlarm.plus(open);
            Duration whole = m.raisedAt == null ? open : Duration.between(m.raisedAt, to);
            int stale = m.stale + (m.activeSince != null && whole.compareTo(STALE) >= 0 ? 1 : 0);
            Duration shelved = m.shelvedSince == null ? m.shelved
                    : m.shelved.plus(Duration.between(m.shelvedSince, to));
            Duration outOfService = m.outOfServiceSince == null ? m.outOfService
                    : m.outOfService.plus(Duration.between(m.outOfServiceSince, to));
            if (m.raised == 0 && m.acknowledged == 0 && inAlarm.isZero() && shelved.isZero() && outOfService.isZero()) {
                return;   // only comments, or an OPC UA condition disabled: nothing a meter's figures count
            }
            out.add(new MeterFigures(id, m.raised, m.chattering, stale, inAlarm, shelved, m.acknowledged,
                    m.timed == 0 ? null : m.toAcknowledge.dividedBy(m.timed),
                    m.timed == 0 ? null : m.longestToAcknowledge, outOfService));
        });
        out.sort(Comparator.comparingInt(MeterFigures::raised).reversed().thenComparing(MeterFigures::meterId));
        long intervals = Math.max(1, (Duration.between(from, to).toMillis() + FLOOD_INTERVAL.toMillis() - 1)
                / FLOOD_INTERVAL.toMillis());
        long floods = raisesByInterval.values().stream().filter(n -> n > FLOOD_RAISES).count();
        int stale = out.stream().mapToInt(MeterFigures::stale).sum();
        return new Figures(from, to, raised, (double) raised / intervals, peak, (double) floods / intervals, stale,
                out);
    }
}
