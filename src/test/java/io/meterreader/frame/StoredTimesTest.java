package io.meterreader.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredTimesTest {

    private static final Instant NANOS = Instant.parse("2026-12-07T09:06:46.357355850Z");
    private static final Instant MICROS = Instant.parse("2026-12-07T09:06:46.357355Z");

    @Test
    void theAlarmListsAndTheJournalsTimes_areTheMicrosecondsTheHistoryKeeps() {
        MeterAlarm alarm = new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, true, NANOS, NANOS, 0.6, "MPa",
                NANOS, "ann", "", new AlarmShelf(NANOS, NANOS.plusSeconds(60), "ann", ""), AlarmPriority.HIGH);
        assertThat(alarm.raised()).isEqualTo(MICROS);
        assertThat(alarm.changed()).isEqualTo(MICROS);
        assertThat(alarm.acknowledgedAt()).isEqualTo(MICROS);
        assertThat(alarm.shelf().since()).isEqualTo(MICROS);
        assertThat(alarm.shelf().until()).isEqualTo(MICROS.plusSeconds(60));
        assertThat(new OutOfService(NANOS, "ann", "").since()).isEqualTo(MICROS);
        assertThat(new AlarmEvent(NANOS, "boiler", AlarmEvent.Kind.RAISED, AlarmState.HIGH, AlarmState.HIGH, 0.6,
                "MPa", "", Via.SERVICE, "", null).time()).isEqualTo(MICROS);
    }
}
