package io.meterreader.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the reading store's schema in place (Flyway, {@link #flyway}) without holding up the
 * service: tried once at start, and when the database is not there (a plant's database server
 * still booting after a power cut, a network down), tried again in the background, after 1 s
 * doubling to 30 s, until it is. The cameras are read meanwhile, and readings wait in memory.
 */
public final class StoreMigration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreMigration.class);

    private final DataSource dataSource;
    private final String where;
    private final StoreStatus status;
    private volatile Thread retrying;

    /** @param where the database as the log may show it (no password) */
    public StoreMigration(DataSource dataSource, String where, StoreStatus status) {
        this.dataSource = dataSource;
        this.where = where;
        this.status = status;
    }

    /** Tries once now; when that fails, keeps trying in the background. */
    public void start() {
        if (migrate()) {
            return;
        }
        log.warn("Reading store {} unavailable ({}): cameras are read and readings kept in memory (up to {}) until "
                + "it comes; trying again in the background", where, status.problem(), ReadingWriter.CAPACITY);
        Thread t = new Thread(this::retry, "store-migration");
        t.setDaemon(true);
        retrying = t;
        t.start();
    }

    private void retry() {
        RetryDelay delay = new RetryDelay();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(delay.next());
            } catch (InterruptedException e) {
                return;
            }
            if (migrate()) {
                return;
            }
        }
    }

    private boolean migrate() {
        try {
            MigrateResult result = flyway(dataSource).migrate();
            status.migratedNow();
            log.info("Reading store {} ready (schema version {})", where, result.targetSchemaVersion == null
                    ? result.initialSchemaVersion : result.targetSchemaVersion);
            return true;
        } catch (RuntimeException e) {
            status.failed(rootMessage(e));
            return false;
        }
    }

    /** The reading store's schema on {@code dataSource}: the SQL of {@code db/migration}, and {@link ReadingHistoryIndex}. */
    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new ReadingHistoryIndex()).load();
    }

    /** What a database's failure says, in a line; a statement it did not answer in time says so in words. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (timedOut(root)) {
                return TIMED_OUT;
            }
            root = root.getCause();
        }
        if (timedOut(root)) {
            return TIMED_OUT;
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /**
     * A statement the database did not answer within {@code spring.jdbc.template.query-timeout}:
     * PostgreSQL cancels it with "canceling statement due to user request", which names no reason.
     */
    static final String TIMED_OUT = "the database did not answer within the query timeout "
            + "(spring.jdbc.template.query-timeout): a lock held on its tables, or a server overloaded";

    private static boolean timedOut(Throwable t) {
        return t instanceof org.springframework.dao.QueryTimeoutException || t instanceof java.sql.SQLTimeoutException
                || (t instanceof java.sql.SQLException s && "57014".equals(s.getSQLState()));
    }

    @Override
    public void close() {
        Thread t = retrying;
        if (t != null) {
            t.interrupt();
        }
    }
}
