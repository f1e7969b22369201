package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.testing.SettableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GuardedOutputTest {

    private static Reading reading(String meter) {
        Instant t = Instant.parse("2026-12-06T05:00:00Z");
        return new Reading(meter, "cam1", ReadingStatus.OK, 1.0, "bar", 0.1, 0.9, AlarmState.NONE, t, t);
    }

    @Test
    void anOutputThatThrows_leavesTheNextOutputsItsReadings() {
        List<String> after = new ArrayList<>();
        GuardedOutput broken = new GuardedOutput("OPC UA", r -> {
            throw new IllegalStateException("node gone");
        }, new SettableClock(Instant.EPOCH));
        Consumer<Reading> outputs = broken.andThen(r -> after.add(r.meterId()));

        outputs.accept(reading("boiler"));
        outputs.accept(reading("tank"));

        assertThat(after).containsExactly("boiler", "tank");
        assertThat(broken.failures()).isEqualTo(2);
    }
}
