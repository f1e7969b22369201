package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveReadingsTest {

    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void theLastOkReading_outlivesAFailure_butNotAMeterTakenOutOfService() {
        LiveReadings live = new LiveReadings(id -> null);
        live.record(Reading.ok("boiler", "cam1", 0.8, "MPa", 0.5, 0.9, AlarmState.NONE, T, T));
        live.record(Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "MPa", 0, T.plusSeconds(1),
                T.plusSeconds(1)));
        assertThat(live.lastOk("boiler")).get().extracting(Reading::value).isEqualTo(0.8);
        assertThat(live.latestReading("boiler")).get().extracting(Reading::status)
                .isEqualTo(ReadingStatus.POINTER_NOT_FOUND);

        live.record(Reading.failed("boiler", "cam1", ReadingStatus.OUT_OF_SERVICE, "MPa", 0, T.plusSeconds(2),
                T.plusSeconds(2)));
        assertThat(live.lastOk("boiler")).as("the old gauge's value is no last usable one").isEmpty();
        live.record(Reading.ok("boiler", "cam1", 0.3, "MPa", 0.2, 0.9, AlarmState.NONE, T.plusSeconds(3),
                T.plusSeconds(3)));
        assertThat(live.lastOk("boiler")).get().extracting(Reading::value).isEqualTo(0.3);
    }
}
