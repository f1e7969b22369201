package io.meterreader.store;

import com.zaxxer.hikari.HikariDataSource;
import io.meterreader.config.MeterReaderProperties;
import io.meterreader.metrics.MeterReaderMetrics;
import io.meterreader.metrics.ServiceHealth;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The reading store: its schema (put in place whenever the database is there), its writer
 * thread, the retention job, and the learnt scale marks.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StoreWiring {

    @Bean
    StoreStatus storeStatus() {
        return new StoreStatus();
    }

    /** The schema, put in place at start or, when the database is not there yet, as soon as it is. */
    @Bean(initMethod = "start", destroyMethod = "close")
    StoreMigration storeMigration(DataSource dataSource, StoreStatus status, MeterReaderProperties properties) {
        return new StoreMigration(dataSource, masked(properties.storage().url()), status);
    }

    /**
     * PostgreSQL's JIT compiler off for the service's connections: a month of one meter's history
     * (its rows scattered among every meter's) looks costly enough to the planner to compile, and
     * the compiling took 0.5 to 0.7 s of each such query, which ran in 1.6 s without it. A server
     * without the setting (before PostgreSQL 11) is left as it is; H2 has none.
     */
    @Bean
    static BeanPostProcessor postgresqlWithoutJit() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool) {
                    withoutJit(pool);
                }
                return bean;
            }
        };
    }

    /** The statement each new PostgreSQL connection runs first, where the plant gave none of its own. */
    static final String WITHOUT_JIT = "DO $$ BEGIN PERFORM set_config('jit', 'off', false); "
            + "EXCEPTION WHEN undefined_object THEN NULL; END $$";

    static void withoutJit(HikariDataSource pool) {
        String url = pool.getJdbcUrl();
        if (url != null && url.startsWith("jdbc:postgresql:") && pool.getConnectionInitSql() == null) {
            pool.setConnectionInitSql(WITHOUT_JIT);
        }
    }

    /** A JDBC URL as the log may show it: a password in its parameters masked. */
    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Bean
    ReadingStore readingStore(JdbcTemplate jdbc, StoreStatus status, StoreMigration migration) {
        return new ReadingStore(jdbc, status);
    }

    /** The alarm list kept across restarts. */
    @Bean(destroyMethod = "close")
    AlarmStore alarmStore(JdbcTemplate jdbc, StoreStatus status, StoreMigration migration,
                          MeterReaderProperties properties) {
        String copy = properties.storage().alarmStateFile();
        return new AlarmStore(jdbc, status, copy.isBlank() ? null : new AlarmStateFile(Path.of(copy)));
    }

    @Bean(destroyMethod = "close")
    ReadingWriter readingWriter(ReadingStore store, StoreStatus status, MeterReaderMetrics metrics,
                                MeterReaderProperties properties) {
        ReadingWriter writer = new ReadingWriter(store, status, waiting(properties, "readings.jsonl"));
        metrics.addStore(status::available, writer::pending, writer::dropped);
        return writer;
    }

    /**
     * {@code store} in {@code /actuator/health}, in place of Spring's {@code db} (which is DOWN
     * while the database is away, though readings go on and wait for it): DEGRADED then. What
     * waits for it: readings ({@code pending}, {@code dropped}), alarm journal entries
     * ({@code alarmJournal}), changes of the alarm list and of meters out of service ({@code alarmList}).
     */
    @Bean
    HealthIndicator storeHealthIndicator(StoreStatus status, ReadingWriter writer, AlarmJournal journal,
                                         AlarmStore alarms, MeterReaderProperties properties) {
        String database = masked(properties.storage().url());
        return () -> {
            Health.Builder health = status.available() ? Health.up()
                    : Health.status(ServiceHealth.DEGRADED).withDetail("problem", status.problem());
            return health.withDetail("database", database)
                    .withDetail("pending", writer.pending())
                    .withDetail("dropped", writer.dropped())
                    .withDetail("alarmJournal", Map.of("waiting", journal.waiting(), "dropped", journal.dropped()))
                    .withDetail("alarmList", Map.of("waiting", alarms.waiting()))
                    .build();
        };
    }

    /** A file of {@code storage.waiting-folder}, where what waits for the database at a stop is kept; null: none. */
    private static Path waiting(MeterReaderProperties properties, String name) {
        String folder = properties.storage().waitingFolder();
        return folder.isBlank() ? null : Path.of(folder).resolve(name);
    }

    /** The alarm journal: what happened to each meter's alarm, and who did it. */
    @Bean(destroyMethod = "close")
    AlarmJournal alarmJournal(JdbcTemplate jdbc, StoreStatus status, StoreMigration migration,
                              MeterReaderProperties properties) {
        return new AlarmJournal(jdbc, status, waiting(properties, "alarm-journal.jsonl"));
    }

    @Bean(destroyMethod = "close")
    LearntMarksStore learntMarksStore(JdbcTemplate jdbc, StoreStatus status) {
        return new LearntMarksStore(jdbc, status);
    }

    @Bean
    Retention retention(ReadingStore store, AlarmJournal journal, MeterReaderProperties properties,
                        StoreStatus status) {
        return new Retention(store, journal, properties, Clock.systemUTC(), status);
    }

    /**
     * Deletes readings older than the configured retention, and alarm journal entries older than
     * theirs, a minute after start and then hourly.
     */
    static final class Retention {
        private static final Logger log = LoggerFactory.getLogger(Retention.class);
        private final ReadingStore store;
        private final AlarmJournal journal;
        private final MeterReaderProperties properties;
        private final Clock clock;
        private final StoreStatus status;

        Retention(ReadingStore store, AlarmJournal journal, MeterReaderProperties properties, Clock clock,
                  StoreStatus status) {
            this.store = store;
            this.journal = journal;
            this.status = status;
            this.properties = properties;
            this.clock = clock;
        }

        @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
        void purge() {
            if (!status.available()) {
                return;
            }
            Instant cutoff = clock.instant().minus(properties.storage().retention());
            int n = store.deleteOlderThan(cutoff);
            if (n > 0) {
                log.info("Deleted {} readings captured before {}", n, cutoff);
            }
            Instant journalCutoff = clock.instant().minus(properties.storage().alarmJournalRetention());
            int entries = journal.deleteOlderThan(journalCutoff);
            if (entries > 0) {
                log.info("Deleted {} alarm journal entries from before {}", entries, journalCutoff);
            }
        }
    }
}
