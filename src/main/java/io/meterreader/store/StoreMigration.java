package io.meterreader.store;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the reading store's schema in place (Flyway, {@link #flyway}) without holding up the
 * service: tried once at start, and when the database is not there (a plant's database server
 * still booting after a power cut, a network down), tried again in the background, after 1 s
 * doubling to 30 s, until it is; a try that outlasts {@link #START_WAIT} goes on in the
 * background too. The cameras are read meanwhile, and readings wait in memory.
 */
public final class StoreMigration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreMigration.class);

    /** How long the start waits for the schema before going on without it. */
    static final Duration START_WAIT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final String where;
    private final StoreStatus status;
    private final Duration startWait;
    private final Function<DataSource, Flyway> schema;
    private final CountDownLatch firstTry = new CountDownLatch(1);
    private volatile Thread migrating;

    /** @param where the database as the log may show it (no password) */
    public StoreMigration(DataSource dataSource, String where, StoreStatus status) {
        this(dataSource, where, status, START_WAIT, StoreMigration::flyway);
    }

    StoreMigration(DataSource dataSource, String where, StoreStatus status, Duration startWait,
                   Function<DataSource, Flyway> schema) {
        this.dataSource = dataSource;
        this.where = where;
        this.status = status;
        this.startWait = startWait;
        this.schema = schema;
    }

    /**
     * Tries once, waiting for that try up to {@link #START_WAIT}: a schema in place at once (the
     * usual start) is in place before the service goes on. A database that is not there is tried
     * again in the background. So is a try that takes longer: an upgrade that indexes a large
     * history (a minute for 26 million readings, ten for a year of them) goes on while the cameras
     * are read, where a start held up that long is taken for a hung one (a container's liveness
     * probe restarts it, and the index is never built).
     */
    public void start() {
        Thread t = new Thread(this::migrateUntilDone, "store-migration");
        t.setDaemon(true);
        migrating = t;
        t.start();
        try {
            if (!firstTry.await(startWait.toMillis(), TimeUnit.MILLISECONDS)) {
                status.puttingInPlace();
                log.info("Reading store {}: its schema is still being put in place (an upgrade indexing a large "
                        + "history takes minutes): cameras are read meanwhile and readings kept in memory (up to {}) "
                        + "until it is done", where, ReadingWriter.CAPACITY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void migrateUntilDone() {
        boolean done = migrate();
        if (!done) {
            log.warn("Reading store {} unavailable ({}): cameras are read and readings kept in memory (up to {}) until "
                    + "it comes; trying again in the background", where, status.problem(), ReadingWriter.CAPACITY);
        }
        firstTry.countDown();
        RetryDelay delay = new RetryDelay();
        while (!done && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(delay.next());
            } catch (InterruptedException e) {
                return;
            }
            done = migrate();
        }
    }

    private boolean migrate() {
        try {
            MigrateResult result = schema.apply(dataSource).migrate();
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
        Thread t = migrating;
        if (t != null) {
            t.interrupt();
        }
    }
}
