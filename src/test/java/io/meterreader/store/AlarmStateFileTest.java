package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

class AlarmStateFileTest {

    private static final Instant T = Instant.parse("2026-12-07T08:00:00.123456Z");

    @TempDir
    Path dir;

    private static MeterAlarm shelved(String meter) {
        return new MeterAlarm(meter, AlarmState.HIGH, AlarmState.HIGH, true, T, T.plusSeconds(5), 1.45, "MPa",
                T.plusSeconds(5), "ann", "seen", new AlarmShelf(T.plusSeconds(6), T.plusSeconds(3600), "bo", "valve"),
                AlarmPriority.CRITICAL);
    }

    @Test
    void whatItFollows_isReadBackAsItWas_andAnAlarmOffTheListGoes() throws Exception {
        Path file = dir.resolve("sub/alarm-state.json");
        try (AlarmStateFile copy = new AlarmStateFile(file)) {
            copy.alarm("boiler", shelved("boiler"));
            copy.alarm("tank", shelved("tank"));
            copy.alarm("tank", null);
            copy.outOfService("pump", new OutOfService(T, "cy", "seal"));
            copy.disabled("boiler", new ConditionDisabled(T, "CN=scada"));
        }
        assertThat(Files.list(file.getParent())).as("nothing left beside it").containsExactly(file);

        AlarmStateFile.State state = new AlarmStateFile(file).read();
        assertThat(state.alarms()).containsExactly(shelved("boiler"));
        assertThat(state.outOfService()).containsExactly(entry("pump", new OutOfService(T, "cy", "seal")));
        assertThat(state.disabled()).containsExactly(entry("boiler", new ConditionDisabled(T, "CN=scada")));
    }

    @Test
    void anUnreadableCopy_isNotUsed() throws Exception {
        Path file = dir.resolve("alarm-state.json");
        Files.writeString(file, "{\"alarms\": [{\"meterId\": ");
        assertThat(new AlarmStateFile(file).read()).isNull();
        assertThat(new AlarmStateFile(dir.resolve("none.json")).read()).isNull();
    }

    @Test
    void aStoreStartedWhileItsDatabaseIsAway_readsTheCopyBack() {
        Path file = dir.resolve("alarm-state.json");
        try (AlarmStateFile copy = new AlarmStateFile(file)) {
            copy.alarmsKept(List.of(shelved("boiler")));
            copy.outOfServiceKept(Map.of("pump", new OutOfService(T, "cy", "seal")));
            copy.disabledKept(Map.of());
        }
        AlarmStore store = new AlarmStore(new JdbcTemplate(), new StoreStatus(), new AlarmStateFile(file));
        assertThat(store.loadDisabledConditions()).isEmpty();
        assertThat(store.loadOutOfService()).containsOnlyKeys("pump");
        assertThat(store.load()).containsExactly(shelved("boiler"));
        assertThat(store.startedFromCopy()).isTrue();
        assertThat(store.load()).as("read back once: later, from the database").isEmpty();
        store.close();
    }
}
