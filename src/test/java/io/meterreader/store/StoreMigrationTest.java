package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@ExtendWith(OutputCaptureExtension.class)
class StoreMigrationTest {

    private static final Instant T0 = Instant.parse("2026-12-08T06:00:00Z");

    private static DataSource freshDatabase() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Test
    void aSchemaPutInPlaceAtOnce_isInPlaceWhenTheStartGoesOn() {
        StoreStatus status = new StoreStatus();
        try (StoreMigration migration = new StoreMigration(freshDatabase(), "test database", status)) {
            migration.start();
            assertThat(status.migrated()).isTrue();
            assertThat(status.problem()).isNull();
        }
    }

    @Test
    void aSchemaThatTakesLonger_goesOnInTheBackground_andTheReadingsTakenMeanwhileAreWritten(CapturedOutput output)
            throws Exception {
        DataSource ds = freshDatabase();
        StoreStatus status = new StoreStatus();
        // the upgrade of a large history: a step that takes 1.5 s, where the start waits 0.2 s
        Function<DataSource, Flyway> slow = d -> Flyway.configure().dataSource(d).locations("classpath:db/migration")
                .javaMigrations(new ReadingHistoryIndex(), new Slow()).load();
        ReadingStore store = new ReadingStore(new JdbcTemplate(ds), status);
        try (StoreMigration migration = new StoreMigration(ds, "test database", status, Duration.ofMillis(200), slow);
             ReadingWriter writer = new ReadingWriter(store, status)) {
            long start = System.nanoTime();
            migration.start();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the start held up")
                    .isLessThan(Duration.ofMillis(1200));
            assertThat(status.migrated()).isFalse();
            assertThat(output.getOut()).contains("Reading store test database: its schema is still being put in place");
            assertThatThrownBy(() -> store.history("boiler", T0, T0.plusSeconds(60), 10))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(StoreStatus.PUTTING_IN_PLACE);
            for (int i = 0; i < 5; i++) {
                writer.write(Reading.ok("boiler", "cam1", i, "MPa", i / 10.0, 0.9, AlarmState.NONE,
                        T0.plusSeconds(i), T0.plusSeconds(i)));
            }

            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((!status.migrated() || writer.pending() > 0) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(status.migrated()).isTrue();
            assertThat(writer.pending()).isZero();
            assertThat(store.history("boiler", T0, T0.plusSeconds(60), 10)).hasSize(5);
            assertThat(output.getOut()).contains("Reading store test database ready (schema version 11)")
                    .doesNotContain("unavailable");
        }
    }

    /** Schema version 11, which takes 1.5 s. */
    private static final class Slow implements JavaMigration {
        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion("11");
        }

        @Override
        public String getDescription() {
            return "slow";
        }

        @Override
        public Integer getChecksum() {
            return 11;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws InterruptedException {
            Thread.sleep(1500);
        }
    }
}
