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
import java.util.function.Function;

/**
 * One {@link MeterReadingFilter} per calibrated meter: scale mapping, plausibility, smoothing. A
 * meter whose calibration changed starts a new one: its smoothing window and its last value were
 * in the old range's terms. A new filter starts from the meter's alarm state on the alarm list
 * (after a restart, or a calibration edit), so that an alarm delay does not clear an alarm that
 * is still there only to raise it again once the delay has passed.
 */
final class CalibratedMeterFilters implements MeterFilters {

    private record Kept(MeterCalibration meter, MeterReadingFilter filter) {
    }

    private final Map<String, Kept> filters = new ConcurrentHashMap<>();
    private final Function<String, AlarmState> alarmNow;

    /** Filters that start every meter out of alarm. */
    CalibratedMeterFilters() {
        this(id -> AlarmState.NONE);
    }

    /** @param alarmNow each meter's alarm state as the alarm list has it, for a new filter to start from */
    CalibratedMeterFilters(Function<String, AlarmState> alarmNow) {
        this.alarmNow = alarmNow;
    }

    @Override
    public Reading reading(MeterCalibration meter, FoundGauge gauge, Instant captureTime, Instant readTime) {
        MeterReadingFilter filter = filters.compute(meter.id(), (id, kept) -> kept != null && kept.meter().equals(meter)
                ? kept : new Kept(meter, new MeterReadingFilter(meter, alarmNow.apply(id)))).filter();
        GaugeMeasurement m = gauge == null ? GaugeMeasurement.failed(meter.type(), ReadingStatus.NOT_DETECTED)
                : gauge.measurement();
        return filter.accept(m, meter.camera(), captureTime, readTime);
    }
}
