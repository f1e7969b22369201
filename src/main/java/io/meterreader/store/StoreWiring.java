package io.meterreader.store;

import io.meterreader.config.MeterReaderProperties;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** The reading store, its writer thread, the retention job, and the learnt scale marks. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StoreWiring {

    @Bean
    ReadingStore readingStore(JdbcTemplate jdbc) {
        return new ReadingStore(jdbc);
    }

    @Bean(destroyMethod = "close")
    ReadingWriter readingWriter(ReadingStore store) {
        return new ReadingWriter(store);
    }

    @Bean(destroyMethod = "close")
    LearntMarksStore learntMarksStore(JdbcTemplate jdbc) {
        return new LearntMarksStore(jdbc);
    }

    @Bean
    Retention retention(ReadingStore store, MeterReaderProperties properties) {
        return new Retention(store, properties, Clock.systemUTC());
    }

    /** Deletes readings older than the configured retention, at start and then hourly. */
    static final class Retention {
        private static final Logger log = LoggerFactory.getLogger(Retention.class);
        private final ReadingStore store;
        private final MeterReaderProperties properties;
        private final Clock clock;

        Retention(ReadingStore store, MeterReaderProperties properties, Clock clock) {
            this.store = store;
            this.properties = properties;
            this.clock = clock;
        }

        @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
        void purge() {
            Instant cutoff = clock.instant().minus(properties.storage().retention());
            int n = store.deleteOlderThan(cutoff);
            if (n > 0) {
                log.info("Deleted {} readings captured before {}", n, cutoff);
            }
        }
    }
}
