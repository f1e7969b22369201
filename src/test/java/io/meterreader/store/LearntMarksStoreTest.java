package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Learnt marks kept, replaced and forgotten, in both databases the store supports, each in a fresh schema. */
class LearntMarksStoreTest {

    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    private String schema;

    private JdbcTemplate open(String database) {
        DriverManagerDataSource ds;
        if (database.equals("postgresql")) {
            assumeTrue(postgresReachable(), "PostgreSQL at 127.0.0.1:5432 is not running");
            schema = "mr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", "")).execute("CREATE SCHEMA " + schema);
            ds = new DriverManagerDataSource(POSTGRES + "?currentSchema=" + schema, "postgres", "");
        } else {
            ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new JdbcTemplate(ds);
    }

    private static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", "")).execute("DROP SCHEMA " + schema
                    + " CASCADE");
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
    void aDatabaseGone_isLogged_andRecallsNothing(String database) {
        JdbcTemplate jdbc = open(database);
        jdbc.execute("DROP TABLE learnt_marks");
        LearntMarksStore store = new LearntMarksStore(jdbc);
        store.keep("boiler", "digest-a", "v1 1 2 3", T0);
        store.close();
        assertThat(store.recall("boiler")).isEmpty();
    }
}
