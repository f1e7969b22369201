package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The alarm list kept, replaced and dropped, in both databases the store supports, each in a fresh schema. */
class AlarmStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    private TestDatabase database;

    private JdbcTemplate open(String kind) {
        database = TestDatabase.open(kind);
        return database.jdbc;
    }

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    private static MeterAlarm high(String meter, boolean acknowledged) {
        return new MeterAlarm(meter, AlarmState.HIGH, AlarmState.HIGH, acknowledged, T0, T0.plusSeconds(30), 1.47,
                "MPa", acknowledged ? T0.plusSeconds(30) : null, acknowledged ? "ana" : "",
                acknowledged ? "valve checked" : "", null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void alarmsOnTheList_comeBackAsTheyWere_andOnesOffItAreGone(String kind) {
        JdbcTemplate jdbc = open(kind);
        AlarmStore store = new AlarmStore(jdbc);
        store.save(high("boiler", false));
        store.save(high("boiler", true));
        MeterAlarm clearedUnacked = new MeterAlarm("tank", AlarmState.NONE, AlarmState.LOW, false, T0.plusSeconds(5),
                T0.plusSeconds(60), 12.5, "%", null, "", "", null, null);
        store.save(clearedUnacked);
        store.save(high("steam", false));
        // cleared and acknowledged: off the list
        store.save(new MeterAlarm("steam", AlarmState.NONE, AlarmState.HIGH, true, T0, T0.plusSeconds(90), 7.0, "bar",
                T0.plusSeconds(80), "bo", "", null, null));
        store.save(high("water", false));
        store.forget("water");
        // shelved: kept while the shelf lasts, even cleared and acknowledged; one-shot (no end) too
        MeterAlarm shelvedOffList = new MeterAlarm("pump", AlarmState.NONE, AlarmState.HIGH, true, T0.plusSeconds(1),
                T0.plusSeconds(70), 3.0, "bar", T0.plusSeconds(65), "bo", "",
                new AlarmShelf(T0.plusSeconds(70), T0.plusSeconds(7270), "bo", "seal leaking, fitter called"),
                AlarmPriority.CRITICAL);
        store.save(shelvedOffList);
        MeterAlarm oneShot = high("feed", false).withShelf(new AlarmShelf(T0.plusSeconds(40), null, "", ""),
                T0.plusSeconds(40));
        store.save(oneShot);
        store.close();

        assertThat(new AlarmStore(jdbc).load()).containsExactly(high("boiler", true), oneShot, shelvedOffList,
                clearedUnacked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void metersOutOfService_comeBackAsTheyWere_andOnesPutBackOrForgottenAreGone(String kind) {
        JdbcTemplate jdbc = open(kind);
        AlarmStore store = new AlarmStore(jdbc);
        OutOfService boiler = new OutOfService(T0, "bo", "gauge sent for calibration");
        OutOfService tank = new OutOfService(T0.plusSeconds(60), "", "");
        store.saveOutOfService("boiler", boiler);
        store.saveOutOfService("tank", new OutOfService(T0, "ana", "first"));
        store.saveOutOfService("tank", tank);
        store.saveOutOfService("steam", new OutOfService(T0, "", ""));
        store.saveOutOfService("steam", null);
        store.saveOutOfService("water", new OutOfService(T0, "", ""));
        store.forget("water");
        store.close();

        assertThat(new AlarmStore(jdbc).loadOutOfService()).containsExactly(entry("boiler", boiler),
                entry("tank", tank));
        assertThat(new AlarmStore(jdbc, new StoreStatus()).loadOutOfService()).as("not migrated yet").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void disabledConditions_comeBackAsTheyWere_andOnesEnabledOrForgottenAreGone(String kind) {
        JdbcTemplate jdbc = open(kind);
        AlarmStore store = new AlarmStore(jdbc);
        ConditionDisabled boiler = new ConditionDisabled(T0, "CN=scada-1, O=Plant");
        store.saveConditionDisabled("boiler", boiler);
        store.saveConditionDisabled("steam", new ConditionDisabled(T0, ""));
        store.saveConditionDisabled("steam", null);
        store.saveConditionDisabled("water", new ConditionDisabled(T0, "op"));
        store.forget("water");
        store.close();

        assertThat(new AlarmStore(jdbc).loadDisabledConditions()).containsExactly(entry("boiler", boiler));
        assertThat(new AlarmStore(jdbc, new StoreStatus()).loadDisabledConditions()).as("not migrated yet").isEmpty();
    }

    @Test
    void textLongerThanItsColumn_isCut_andAStoreNotThereYet_startsAnEmptyList() {
        JdbcTemplate jdbc = open("h2");
        AlarmStore store = new AlarmStore(jdbc);
        String subject = "CN=" + "x".repeat(2000);
        store.save(new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, true, T0, T0, 1.5, "MPa", T0, subject,
                "c".repeat(5000), null, null));
        store.close();
        MeterAlarm back = new AlarmStore(jdbc).load().get(0);
        assertThat(back.acknowledgedBy()).hasSize(AlarmStore.MAX_USER).startsWith("CN=xxx");
        assertThat(back.comment()).hasSize(AlarmStore.MAX_COMMENT);

        assertThat(new AlarmStore(jdbc, new StoreStatus()).load()).as("not migrated yet").isEmpty();
        jdbc.execute("DROP TABLE meter_alarm");
        assertThat(new AlarmStore(jdbc).load()).as("a table gone").isEmpty();
    }
}
