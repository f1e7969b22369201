package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.testing.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
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
}
