package io.meterreader.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The alarm list's rules that are the plant's, not a meter's (those are in each calibration's
 * {@code alarms}): what its alarm philosophy allows.
 *
 * @param maxShelfTime the longest an operator may shelve an alarm for (default 24h: a known nuisance
 *                     over a shift, not a meter silenced; at most 30 days); also OPC UA's MaxTimeShelved
 */
public record AlarmsProperties(@DefaultValue("24h") @NotNull Duration maxShelfTime) {

    static final Duration LONGEST = Duration.ofDays(30);

    public AlarmsProperties {
        if (maxShelfTime != null && (maxShelfTime.compareTo(Duration.ofMinutes(1)) < 0
                || maxShelfTime.compareTo(LONGEST) > 0)) {
            throw new ConfigurationException("meter-reader.alarms.max-shelf-time", "must be between 1m and 30d, got "
                    + maxShelfTime);
        }
    }
}
