package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Learnt marks kept, replaced and forgotten, in both databases the store supports, each in a fresh schema. */
class LearntMarksStoreTest {

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

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void marksKept_comeBack_theLatestInPlaceOfTheFirst_untilForgotten(String database) {
        JdbcTemplate jdbc = open(database);
        LearntMarksStore store = new LearntMarksStore(jdbc);
        store.keep("boiler", "digest-a", "v1 1 2 3", T0);
        store.keep("boiler", "digest-a", "v1 4 5 6", T0.plusSeconds(60));
        store.keep("steam", "digest-b", "v1 7 8 9", T0);
        store.close();

        LearntMarksStore reopened = new LearntMarksStore(jdbc);
        assertThat(reopened.recall("boiler")).contains(new LearntMarksStore.Kept("digest-a", "v1 4 5 6",
                T0.plusSeconds(60)));
        assertThat(reopened.recall("steam").orElseThrow().marks()).isEqualTo("v1 7 8 9");
        assertThat(reopened.recall("water")).isEmpty();

        reopened.forget("boiler");
        reopened.close();
        assertThat(new LearntMarksStore(jdbc).recall("boiler")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aTableGone_keepsNothing_andRecallsNothing_withoutThrowing(String database) {
        JdbcTemplate jdbc = open(database);
        jdbc.execute("DROP TABLE learnt_marks");
        LearntMarksStore store = new LearntMarksStore(jdbc);
        store.keep("boiler", "digest-a", "v1 1 2 3", T0);
        store.close();
        assertThat(store.recall("boiler")).isEmpty();
    }

    private static int rows(JdbcTemplate jdbc, String meterId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM learnt_marks WHERE meter_id = ?", Integer.class, meterId);
    }

    private static void awaitRows(JdbcTemplate jdbc, String meterId, int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (rows(jdbc, meterId) != n && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(rows(jdbc, meterId)).isEqualTo(n);
    }

    @Test
    void marksLearntBeforeTheSchemaIsInPlace_areKeptOnceItIs() throws InterruptedException {
        JdbcTemplate jdbc = open("h2");
        StoreStatus status = new StoreStatus();   // the database came late: not migrated yet
        LearntMarksStore store = new LearntMarksStore(jdbc, status);
        store.keep("boiler", "digest-a", "v1 1 2 3", T0);
        store.keep("boiler", "digest-a", "v1 4 5 6", T0.plusSeconds(60));
        store.keep("steam", "digest-b", "v1 7 8 9", T0);
        Thread.sleep(300);
        assertThat(rows(jdbc, "boiler")).isZero();
        assertThat(store.waiting()).as("one write waits per meter").isEqualTo(2);

        status.migratedNow();
        awaitRows(jdbc, "steam", 1);
        awaitRows(jdbc, "boiler", 1);
        store.close();
        assertThat(new LearntMarksStore(jdbc).recall("boiler").orElseThrow().marks()).isEqualTo("v1 4 5 6");
    }

    @Test
    void aWriteThatFailed_isTriedAgain_untilTheDatabaseTakesIt() throws InterruptedException {
        JdbcTemplate jdbc = open("h2");
        jdbc.execute("ALTER TABLE learnt_marks RENAME TO learnt_marks_away");
        LearntMarksStore store = new LearntMarksStore(jdbc);
        store.keep("boiler", "digest-a", "v1 1 2 3", T0);
        Thread.sleep(300);
        assertThat(store.waiting()).isEqualTo(1);

        jdbc.execute("ALTER TABLE learnt_marks_away RENAME TO learnt_marks");
        awaitRows(jdbc, "boiler", 1);
        assertThat(store.waiting()).isZero();
        store.forget("boiler");
        awaitRows(jdbc, "boiler", 0);
        store.close();
    }
}
