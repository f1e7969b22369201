package io.meterreader.gauge;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One meter's readings over time: each measurement is mapped through the meter's scale
 * ({@link ScaleMapping}), then checked for plausibility and smoothed. One instance per meter;
 * its methods are synchronized, so one pipeline thread or several may feed it.
 *
 * <p>Time is the frames' capture time, never the wall clock, so a replayed video or a test
 * behaves as the live camera did.
 *
 * <p>Plausibility: with a maximum rate set, a value farther from the last accepted value than
 * {@code maxRate x elapsed seconds + 1% of the span} (the allowance is the geometry's noise, so a
 * still meter read twice in one second never trips it) is IMPLAUSIBLE: the reading has no value
 * and {@link #shown()} keeps the previous one. A real step change must not be refused forever,
 * so after {@value #AGREEING_TO_ACCEPT} implausible readings in a row that are plausible with
 * respect to each other, the meter is taken to have moved: the last of them is accepted and the
 * smoothing restarts from them. Failed measurements (no pointer, low confidence...) neither
 * count towards nor break such a run.
 *
 * <p>Smoothing: the value reported is the median of the last k accepted readings (k is the
 * calibration's smoothing window), taken on the fractions and mapped through the scale, so a
 * non-linear table stays monotone; its alarm state is that of the smoothed value, an alarm
 * held until the value is the calibration's deadband back inside its limit. The confidence
 * reported is the current measurement's.
 *
 * <p>Alarm delays (the calibration's on-delay and off-delay): a new alarm state is reported
 * only once the smoothed value has said so in every reading with a value for that long, by
 * capture time, since the first reading that said it; a reading that says otherwise starts the
 * wait again. Failed readings neither count towards nor break the wait: after a camera outage,
 * a value still beyond the limit on both sides of it raises the alarm.
 */
public final class MeterReadingFilter {

    /** Implausible readings in a row, agreeing with each other, that make a step change real. */
    public static final int AGREEING_TO_ACCEPT = 3;
    /** The geometry's noise allowed on top of the maximum rate, as a share of the span. */
    public static final double NOISE_SHARE = 0.01;

    private final String meterId;
    private final ScaleMapping scale;
    private final int window;
    private final Double maxRate;
    private final double noise;

    private final Deque<Sample> accepted = new ArrayDeque<>();
    private final List<Sample> pending = new ArrayList<>();
    private Sample last;
    private Reading shown;
    /** The alarm state before the first reading. */
    private AlarmState initialAlarm = AlarmState.NONE;
    /** The alarm state the smoothed value says, while it waits out its delay; null: none waits. */
    private AlarmState waiting;
    private Instant waitingSince;

    private record Sample(double fraction, double value, Instant time) {
    }

    public MeterReadingFilter(MeterCalibration calibration) {
        this(calibration, AlarmState.NONE);
    }

    /**
     * A filter for a meter already in {@code alarm} (its alarm kept over a restart, or its
     * calibration edited while in alarm): its first readings change that state as later ones
     * would, deadband and delays included, instead of starting from none.
     */
    public MeterReadingFilter(MeterCalibration calibration, AlarmState alarm) {
        this(calibration.id(), ScaleMapping.of(calibration), calibration.smoothing(), calibration.maxRate());
        this.initialAlarm = Objects.requireNonNull(alarm, "alarm");
    }

    /**
     * @param window  median over this many accepted readings (1 = none)
     * @param maxRate largest plausible change in units per second, or null for no plausibility check
     */
    public MeterReadingFilter(String meterId, ScaleMapping scale, int window, Double maxRate) {
        this.meterId = Objects.requireNonNull(meterId, "meterId");
        this.scale = Objects.requireNonNull(scale, "scale");
        if (window < 1) {
            throw new IllegalArgumentException("smoothing window must be at least 1, got " + window);
        }
        if (maxRate != null && !(maxRate > 0)) {
            throw new IllegalArgumentException("max rate must be positive, got " + maxRate);
        }
        this.window = window;
        this.maxRate = maxRate;
        this.noise = NOISE_SHARE * Math.abs(scale.span());
    }

    /**
     * The reading a measurement makes, given what came before.
     *
     * @param captureTime when the camera captured the frame: the clock for rates
     * @param readTime    when the reading was made (reported only)
     */
    public synchronized Reading accept(GaugeMeasurement measurement, String cameraId, Instant captureTime,
                                       Instant readTime) {
        Reading single = scale.toReading(measurement, meterId, cameraId, captureTime, readTime);
        if (!single.isOk()) {
            return single;
        }
        Sample sample = new Sample(single.fraction(), single.value(), captureTime);
        if (last != null && !plausible(last, sample)) {
            if (!pending.isEmpty() && !plausible(pending.get(pending.size() - 1), sample)) {
                pending.clear();
            }
            pending.add(sample);
            if (pending.size() < AGREEING_TO_ACCEPT) {
                return Reading.failed(meterId, cameraId, ReadingStatus.IMPLAUSIBLE, scale.unit(),
                        measurement.confidence(), captureTime, readTime);
            }
            // The meter really moved: start again from the readings that said so.
            accepted.clear();
            for (Sample s : pending) {
                remember(s);
            }
            pending.clear();
        } else {
            pending.clear();
            remember(sample);
        }
        double fraction = medianFraction();
        double value = scale.valueAt(fraction);
        AlarmState reported = shown == null ? initialAlarm : shown.alarm();
        shown = Reading.ok(meterId, cameraId, value, scale.unit(), fraction, measurement.confidence(),
                delayed(scale.alarm(value, reported), reported, captureTime), captureTime, readTime);
        return shown;
    }

    /** The alarm state to report when the value says {@code now}: the new one once it has waited its delay. */
    private AlarmState delayed(AlarmState now, AlarmState reported, Instant time) {
        if (now == reported) {
            waiting = null;
            return reported;
        }
        if (waiting != now) {
            waiting = now;
            waitingSince = time;
        }
        Duration delay = now == AlarmState.NONE ? scale.alarms().offDelay() : scale.alarms().onDelay();
        if (Duration.between(waitingSince, time).compareTo(delay) >= 0) {
            waiting = null;
            return now;
        }
        return reported;
    }

    /** The reading the meter shows now: the last one with a value, whatever failed after it. */
    public synchronized Optional<Reading> shown() {
        return Optional.ofNullable(shown);
    }

    private boolean plausible(Sample from, Sample to) {
        if (maxRate == null) {
            return true;
        }
        double seconds = Math.max(0, Duration.between(from.time(), to.time()).toNanos() / 1e9);
        return Math.abs(to.value() - from.value()) <= maxRate * seconds + noise;
    }

    private void remember(Sample sample) {
        accepted.addLast(sample);
        while (accepted.size() > window) {
            accepted.removeFirst();
        }
        last = sample;
    }

    private double medianFraction() {
        double[] fractions = new double[accepted.size()];
        int i = 0;
        for (Sample s : accepted) {
            fractions[i++] = s.fraction();
        }
        Arrays.sort(fractions);
        int n = fractions.length;
        return n % 2 == 1 ? fractions[n / 2] : (fractions[n / 2 - 1] + fractions[n / 2]) / 2;
    }
}
