package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.MeterReadingFilter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link MeterReadingFilter} per calibrated meter: scale mapping, plausibility, smoothing. A
 * meter whose calibration changed starts a new one: its smoothing window and its last value were
 * in the old range's terms.
 */
final class CalibratedMeterFilters implements MeterFilters {

    private record Kept(MeterCalibration meter, MeterReadingFilter filter) {
    }

    private final Map<String, Kept> filters = new ConcurrentHashMap<>();

    @Override
    public Reading reading(MeterCalibration meter, FoundGauge gauge, Instant captureTime, Instant readTime) {
        MeterReadingFilter filter = filters.compute(meter.id(), (id, kept) -> kept != null && kept.meter().equals(meter)
                ? kept : new Kept(meter, new MeterReadingFilter(meter))).filter();
        GaugeMeasurement m = gauge == null ? GaugeMeasurement.failed(meter.type(), ReadingStatus.NOT_DETECTED)
                : gauge.measurement();
        return filter.accept(m, meter.camera(), captureTime, readTime);
    }
}
