package io.meterreader.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.store.StoreMigration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database the store supports, migrated and empty: embedded H2 in memory, or the PostgreSQL
 * server that runs beside the tests (127.0.0.1:5432, database test) in a fresh schema that
 * {@link #close} drops. A test on PostgreSQL is skipped where no server runs.
 */
public final class TestDatabase implements AutoCloseable {

    /** The PostgreSQL server beside the tests: user postgres, no password. */
    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    public final JdbcTemplate jdbc;
    private final String schema;

    private TestDatabase(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /** @param database "h2" or "postgresql" */
    public static TestDatabase open(String database) {
        DriverManagerDataSource ds;
        String schema = null;
        if (database.equals("postgresql")) {
            assumeTrue(postgresReachable(), "PostgreSQL at 127.0.0.1:5432 is not running");
            schema = "mr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", "")).execute("CREATE SCHEMA " + schema);
            ds = new DriverManagerDataSource(POSTGRES + "?currentSchema=" + schema, "postgres", "");
        } else {
            ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        StoreMigration.flyway(ds).migrate();
        return new TestDatabase(new JdbcTemplate(ds), schema);
    }

    public static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (schema != null) {
            new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", "")).execute("DROP SCHEMA " + schema
                    + " CASCADE");
        }
    }
}
