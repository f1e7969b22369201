package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import java.time.Instant;

/** Turns what was found for a meter in one frame into that meter's reading. */
interface MeterFilters {

    /**
     * @param gauge the gauge assigned to the meter in this frame, or {@code null} if none was
     */
    Reading reading(MeterCalibration meter, FoundGauge gauge, Instant captureTime, Instant readTime);

    /** Whether an operator has taken the meter out of service: it reads OUT_OF_SERVICE whatever is seen. */
    default boolean outOfService(String meterId) {
        return false;
    }
}
