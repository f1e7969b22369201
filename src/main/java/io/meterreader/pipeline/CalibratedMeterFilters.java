package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.MeterReadingFilter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link MeterReadingFilter} per calibrated meter: scale mapping, plausibility, smoothing. */
final class CalibratedMeterFilters implements MeterFilters {

    private final Map<String, MeterReadingFilter> filters = new ConcurrentHashMap<>();

    @Override
    public Reading reading(MeterCalibration meter, FoundGauge gauge, Instant captureTime, Instant readTime) {
        MeterReadingFilter filter = filters.computeIfAbsent(meter.id(), id -> new MeterReadingFilter(meter));
        GaugeMeasurement m = gauge == null ? GaugeMeasurement.failed(meter.type(), ReadingStatus.NOT_DETECTED)
                : gauge.measurement();
        return filter.accept(m, meter.camera(), captureTime, readTime);
    }
}
