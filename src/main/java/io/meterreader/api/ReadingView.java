package io.meterreader.api;

import io.meterreader.frame.Reading;
import java.time.Instant;
import java.util.Locale;

/** A reading as the API shows it: a failed reading has a status and no value. */
record ReadingView(
        String meterId,
        String cameraId,
        String status,
        Double value,
        String unit,
        Double fraction,
        double confidence,
        String alarm,
        Instant captureTime,
        Instant readTime) {

    static ReadingView of(Reading r) {
        return new ReadingView(r.meterId(), r.cameraId(), r.status().name(), r.value(), r.unit(), r.fraction(),
                r.confidence(), r.alarm().name(), r.captureTime(), r.readTime());
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
