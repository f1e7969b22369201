package io.meterreader.frame;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times of the alarm list and the journal as the history keeps them: to the microsecond (a SQL
 * timestamp's grain). An alarm raised at 09:06:46.357355850 was listed so while the service ran
 * and as 09:06:46.357356 after a restart, and in the journal and the meter's changes, so that a
 * client keying alarms by their raise time lost them across a restart.
 */
public final class StoredTimes {

    private StoredTimes() {
    }

    /**
     * The time cut to the microsecond (never later than it was: an alarm's time stays at or before
     * the reading that raised it), which the databases then keep as it is; null for null.
     */
    public static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
