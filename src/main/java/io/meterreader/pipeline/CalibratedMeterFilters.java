package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.MeterReadingFilter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One {@link MeterReadingFilter} per calibrated meter: scale mapping, plausibility, smoothing. A
 * meter whose calibration changed starts a new one: its smoothing window and its last value were
 * in the old range's terms. A new filter starts from the meter's alarm state on the alarm list
 * (after a restart, or a calibration edit), so that an alarm delay does not clear an alarm that
 * is still there only to raise it again once the delay has passed. A meter out of service reads
 * OUT_OF_SERVICE, and loses its filter: put back, it starts afresh (the gauge may have been
 * replaced, and its last values were no process values).
 */
final class CalibratedMeterFilters implements MeterFilters {

    private record Kept(MeterCalibration meter, MeterReadingFilter filter) {
    }

    private final Map<String, Kept> filters = new ConcurrentHashMap<>();
    private final Function<String, AlarmState> alarmNow;
    private final Predicate<String> outOfService;
    private final BiPredicate<String, Instant> outOfServiceAt;

    /** Filters that start every meter out of alarm, every meter in service. */
    CalibratedMeterFilters() {
        this(id -> AlarmState.NONE, id -> false);
    }

    /**
     * @param alarmNow     each meter's alarm state as the alarm list has it, for a new filter to start from
     * @param outOfService whether the alarm list has the meter out of service (now, and for every frame)
     */
    CalibratedMeterFilters(Function<String, AlarmState> alarmNow, Predicate<String> outOfService) {
        this(alarmNow, outOfService, (id, captured) -> outOfService.test(id));
    }

    /**
     * @param outOfServiceAt whether the meter was out of service when a frame was captured
     *                       ({@link AlarmList#wasOutOfServiceAt}): a reading follows its frame's time,
     *                       not the moment it is read
     */
    CalibratedMeterFilters(Function<String, AlarmState> alarmNow, Predicate<String> outOfService,
                           BiPredicate<String, Instant> outOfServiceAt) {
        this.alarmNow = alarmNow;
        this.outOfService = outOfService;
        this.outOfServiceAt = outOfServiceAt;
    }

    @Override
    public boolean outOfService(String meterId) {
        return outOfService.test(meterId);
    }

    @Override
    public Reading reading(MeterCalibration meter, FoundGauge gauge, Instant captureTime, Instant readTime) {
        if (outOfServiceAt.test(meter.id(), captureTime)) {
            filters.remove(meter.id());
            return Reading.failed(meter.id(), meter.camera(), ReadingStatus.OUT_OF_SERVICE, meter.range().unit(), 0,
                    captureTime, readTime);
        }
        MeterReadingFilter filter = filters.compute(meter.id(), (id, kept) -> kept != null && kept.meter().equals(meter)
                ? kept : new Kept(meter, new MeterReadingFilter(meter, alarmNow.apply(id)))).filter();
        GaugeMeasurement m = gauge == null ? GaugeMeasurement.failed(meter.type(), ReadingStatus.NOT_DETECTED)
                : gauge.measurement();
        return filter.accept(m, meter.camera(), captureTime, readTime);
    }
}
