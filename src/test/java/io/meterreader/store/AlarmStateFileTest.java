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
    void anUnreadableCopy_isNotUsed_butMovedAside_notOverwrittenByTheNextChange() throws Exception {
        Path file = dir.resolve("alarm-state.json");
        Files.writeString(file, "{\"alarms\": [{\"meterId\": ");
        try (AlarmStateFile copy = new AlarmStateFile(file)) {
            assertThat(copy.read()).isNull();
            copy.alarm("boiler", shelved("boiler"));
        }
        assertThat(dir.resolve("alarm-state.json.unreadable")).hasContent("{\"alarms\": [{\"meterId\": ");
        assertThat(new AlarmStateFile(file).read().alarms()).containsExactly(shelved("boiler"));
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

    @Test
    void aCopyWrittenBeforeItSaidWhetherItWasAhead_isReadAsNotAhead() throws Exception {
        // an upgrade: the copy a running plant has lacks "ahead", and was unreadable for it
        Path file = dir.resolve("alarm-state.json");
        Files.writeString(file, "{\"alarms\":[],\"outOfService\":{\"pump\":{\"since\":\"2026-12-07T08:00:00Z\","
                + "\"user\":\"cy\",\"reason\":\"seal\"}},\"disabled\":{}}");
        try (AlarmStateFile copy = new AlarmStateFile(file)) {
            AlarmStateFile.State state = copy.read();
            assertThat(state).isNotNull();
            assertThat(state.outOfService()).containsOnlyKeys("pump");
            assertThat(state.ahead()).isFalse();
        }
    }

    @Test
    void aStopWithChangesTheDatabaseHadNotTaken_isGoneOnFromTheCopy_evenWithTheDatabaseBack() throws Exception {
        // a meter taken out of service while the database was away came back in service after a
        // restart that found the database there: its older rows were taken over the copy
        Path file = dir.resolve("alarm-state.json");
        try (io.meterreader.testing.TestDatabase db = io.meterreader.testing.TestDatabase.open("h2")) {
            db.jdbc.execute("ALTER TABLE meter_out_of_service RENAME TO away");
            AlarmStore before = new AlarmStore(db.jdbc, StoreStatus.ready(), new AlarmStateFile(file));
            assertThat(before.loadOutOfService()).isEmpty();
            before.saveOutOfService("pump", new OutOfService(T, "cy", "seal"));
            long end = System.nanoTime() + 10_000_000_000L;
            while (before.waiting() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            before.close();
            assertThat(Files.readString(file)).contains("\"ahead\":true");

            db.jdbc.execute("ALTER TABLE away RENAME TO meter_out_of_service");
            AlarmStore after = new AlarmStore(db.jdbc, StoreStatus.ready(), new AlarmStateFile(file));
            assertThat(after.loadOutOfService()).as("the copy's, not the database's none").containsOnlyKeys("pump");
            assertThat(after.startedFromCopy()).isTrue();
            end = System.nanoTime() + 10_000_000_000L;
            while (db.jdbc.queryForObject("SELECT count(*) FROM meter_out_of_service", Integer.class) == 0
                    && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(db.jdbc.queryForObject("SELECT user_name FROM meter_out_of_service WHERE meter_id = 'pump'",
                    String.class)).as("written to the database as the copy has it").isEqualTo("cy");
            after.close();

            // a stop with nothing waiting: the database is the record again
            AlarmStore third = new AlarmStore(db.jdbc, StoreStatus.ready(), new AlarmStateFile(file));
            db.jdbc.update("DELETE FROM meter_out_of_service");
            assertThat(third.loadOutOfService()).isEmpty();
            assertThat(third.startedFromCopy()).isFalse();
            third.close();
        }
    }
}
