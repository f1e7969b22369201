package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A reading store whose database is away (its table gone, here) keeps every reading in memory and
 * writes them all once it is back; one that is not there at start is migrated when it comes.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreOutageTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    private static Reading ok(int i) {
        return Reading.ok("boiler", "cam1", i, "bar", i / 100.0, 0.9, AlarmState.NONE, T0.plusSeconds(i),
                T0.plusSeconds(i).plusMillis(80));
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void readingsDuringAnOutage_waitInMemory_andAreAllWrittenWhenTheDatabaseIsBack() throws Exception {
        try (TestDatabase db = TestDatabase.open("h2")) {
            JdbcTemplate jdbc = db.jdbc;
            StoreStatus status = StoreStatus.ready();
            ReadingStore store = new ReadingStore(jdbc, status);
            try (ReadingWriter writer = new ReadingWriter(store, status)) {
                writer.write(ok(0));
                writer.flush(Duration.ofSeconds(10));
                assertThat(writer.written()).isEqualTo(1);

                jdbc.execute("ALTER TABLE reading RENAME TO reading_away");
                for (int i = 1; i <= 50; i++) {
                    writer.write(ok(i));
                }
                await(() -> !status.available());
                assertThat(status.available()).isFalse();
                assertThat(status.problem()).isNotBlank();
                assertThat(writer.pending()).isEqualTo(50);
                assertThatThrownBy(() -> store.history("boiler", T0, T0.plusSeconds(100), 100))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("readings wait in memory");

                jdbc.execute("ALTER TABLE reading_away RENAME TO reading");
                await(() -> writer.pending() == 0);
                assertThat(writer.written()).isEqualTo(51);
                assertThat(writer.dropped()).isZero();
                assertThat(status.available()).isTrue();
                assertThat(store.history("boiler", T0, T0.plusSeconds(100), 100)).hasSize(51);
            }
        }
    }

    @Test
    void readingsWaitingAtAStop_areKeptInTheFile_andWrittenAfterTheNextStart(@TempDir Path dir) throws Exception {
        Path waiting = dir.resolve("readings-waiting.jsonl");
        try (TestDatabase db = TestDatabase.open("h2")) {
            JdbcTemplate jdbc = db.jdbc;
            jdbc.execute("ALTER TABLE reading RENAME TO reading_away");
            StoreStatus status = StoreStatus.ready();
            ReadingStore store = new ReadingStore(jdbc, status);
            try (ReadingWriter writer = new ReadingWriter(store, status, waiting)) {
                for (int i = 0; i < 30; i++) {
                    writer.write(ok(i));
                }
                writer.write(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "bar", 0, T0.plusSeconds(30),
                        T0.plusSeconds(30)));
                await(() -> !status.available());
            }
            assertThat(Files.readAllLines(waiting)).hasSize(31);
            // lines edited by hand: none, one without its camera, one whose id the table cannot hold, one not UTF-8;
            // the database refused the second and third with their batch, tried again for ever
            String good = Files.readAllLines(waiting).get(1);
            Files.writeString(waiting, "not a reading\n" + good.replace("\"cameraId\":\"cam1\",", "") + "\n"
                    + good.replace("\"boiler\"", "\"" + "b".repeat(80) + "\"") + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Files.write(waiting, new byte[] {'{', (byte) 0xC3, '}', '\n'}, java.nio.file.StandardOpenOption.APPEND);

            // the next start: the database there again
            jdbc.execute("ALTER TABLE reading_away RENAME TO reading");
            StoreStatus next = StoreStatus.ready();
            try (ReadingWriter writer = new ReadingWriter(new ReadingStore(jdbc, next), next, waiting)) {
                assertThat(waiting).as("taken back").doesNotExist();
                writer.write(ok(31));
                await(() -> writer.pending() == 0);
                assertThat(writer.written()).isEqualTo(32);
            }
            List<Reading> stored = new ReadingStore(jdbc, StoreStatus.ready()).history("boiler", T0,
                    T0.plusSeconds(100), 100);
            assertThat(stored).hasSize(32);
            assertThat(stored).extracting(Reading::status).contains(ReadingStatus.CAMERA_DOWN);
            assertThat(stored).as("as it was").contains(ok(0));
        }
    }

    @Test
    void readingsWaitingDuringAnOutage_areInTheFileMeanwhile_soAStopNotSeenLosesOnlyTheNewest(@TempDir Path dir)
            throws Exception {
        Path waiting = dir.resolve("readings.jsonl");
        Path afterACrash = dir.resolve("after-a-crash.jsonl");
        try (TestDatabase db = TestDatabase.open("h2")) {
            JdbcTemplate jdbc = db.jdbc;
            jdbc.execute("ALTER TABLE reading RENAME TO reading_away");
            StoreStatus status = StoreStatus.ready();
            ReadingStore store = new ReadingStore(jdbc, status);
            try (ReadingWriter writer = new ReadingWriter(store, status, waiting, Duration.ofMillis(100))) {
                for (int i = 0; i < 20; i++) {
                    writer.write(ok(i));
                }
                await(() -> Files.exists(waiting) && lines(waiting) == 20);
                assertThat(lines(waiting)).as("kept while the writer runs").isEqualTo(20);
                for (int i = 20; i < 30; i++) {
                    writer.write(ok(i));
                }
                await(() -> lines(waiting) == 30);
                assertThat(lines(waiting)).as("and again as more wait").isEqualTo(30);
                // what a power cut now would leave
                Files.copy(waiting, afterACrash);

                // the database back: written, and the file removed
                jdbc.execute("ALTER TABLE reading_away RENAME TO reading");
                await(() -> writer.pending() == 0 && !Files.exists(waiting));
                assertThat(writer.written()).isEqualTo(30);
                assertThat(waiting).as("removed once all is written").doesNotExist();
            }

            // the crash's file, taken back by a start with an empty store: nothing lost
            jdbc.execute("DELETE FROM reading");
            StoreStatus next = StoreStatus.ready();
            try (ReadingWriter writer = new ReadingWriter(new ReadingStore(jdbc, next), next, afterACrash)) {
                await(() -> writer.pending() == 0);
            }
            assertThat(new ReadingStore(jdbc, StoreStatus.ready()).history("boiler", T0, T0.plusSeconds(100), 100))
                    .hasSize(30).contains(ok(0), ok(29));
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void aDatabaseThatAnswersButBlocks_isAway_onceAStatementOutlastsTheQueryTimeout_andReadsAre503s()
            throws Exception {
        // a table locked for maintenance: the health said UP for 90 s, and a history request hung
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            JdbcTemplate jdbc = db.jdbc;
            jdbc.setQueryTimeout(1);
            StoreStatus status = StoreStatus.ready();
            ReadingStore store = new ReadingStore(jdbc, status);
            try (ReadingWriter writer = new ReadingWriter(store, status);
                 java.sql.Connection locker = jdbc.getDataSource().getConnection()) {
                writer.write(ok(0));
                writer.flush(Duration.ofSeconds(10));
                locker.setAutoCommit(false);
                locker.createStatement().execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
                writer.write(ok(1));
                await(() -> !status.available());
                assertThat(status.available()).isFalse();
                assertThat(status.problem()).isEqualTo(StoreMigration.TIMED_OUT);
                // a read that asks it (a store not failed yet: one failed within 10 s is not asked)
                long asked = System.nanoTime();
                assertThatThrownBy(() -> new ReadingStore(jdbc, StoreStatus.ready()).history("boiler", T0,
                        T0.plusSeconds(100), 100))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("did not answer within the query timeout");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("not hung").isLessThan(
                        Duration.ofSeconds(10));

                locker.rollback();
                await(() -> writer.pending() == 0);
                assertThat(writer.written()).isEqualTo(2);
                assertThat(status.available()).isTrue();
            }
        }
    }

    @Test
    void stoppingWhileTheDatabaseIsAway_saysHowManyReadingsWereNotStored_atOnce(CapturedOutput output)
            throws Exception {
        try (TestDatabase db = TestDatabase.open("h2")) {
            StoreStatus status = StoreStatus.ready();
            ReadingWriter writer = new ReadingWriter(new ReadingStore(db.jdbc, status), status);
            db.jdbc.execute("ALTER TABLE reading RENAME TO reading_away");
            for (int i = 1; i <= 7; i++) {
                writer.write(ok(i));
            }
            await(() -> !status.available());
            Thread.sleep(3500);   // between tries: the writer waits 1 s, 2, 4 (now), ... up to 30
            long start = System.nanoTime();
            writer.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the next try")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(output.getOut()).contains("Stopping with 7 readings not stored: the reading store was "
                    + "unavailable");
            assertThat(writer.dropped()).isEqualTo(7);
        }
    }

    @Test
    void aDatabaseThatJustFailed_isNotAskedAgainByAReadForAWhile() throws Exception {
        try (TestDatabase db = TestDatabase.open("h2")) {
            StoreStatus status = StoreStatus.ready();
            ReadingStore store = new ReadingStore(db.jdbc, status);
            assertThat(store.history("boiler", T0, T0.plusSeconds(100), 100)).isEmpty();
            status.failed("Connection refused");
            // answered at once, not after the 5 s a connection to a database away is waited for
            assertThatThrownBy(() -> store.history("boiler", T0, T0.plusSeconds(100), 100))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("Connection refused");
            status.succeeded();
            assertThat(store.history("boiler", T0, T0.plusSeconds(100), 100)).isEmpty();
        }
    }

    @Test
    void aDatabaseThatRefusesConnections_isUnavailableToEveryRead_theStepMeansToo() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("store-refusing");
        DriverManagerDataSource refusing = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("none")
                + ";IFEXISTS=TRUE", "sa", "");
        StoreStatus status = StoreStatus.ready();
        ReadingStore store = new ReadingStore(new JdbcTemplate(refusing), status);

        assertThatThrownBy(() -> store.downsampled("boiler", T0, T0.plusSeconds(3600), Duration.ofMinutes(1), 60))
                .as("its SQL's first look at the database fails as a query does")
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.history("boiler", T0, T0.plusSeconds(100), 100))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.changes("boiler", T0, T0.plusSeconds(100), 100))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(status.available()).isFalse();
    }

    @Test
    void aDatabaseNotThereAtStart_isMigratedWhenItComes_andTheReadingsThatWaitedAreWritten() throws Exception {
        // An H2 database that refuses connections until it is told otherwise: IFEXISTS=TRUE on a
        // file that does not exist yet.
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("store-outage");
        String url = "jdbc:h2:file:" + dir.resolve("readings") + ";IFEXISTS=TRUE";
        DriverManagerDataSource ds = new DriverManagerDataSource(url, "sa", "");
        StoreStatus status = new StoreStatus();
        StoreMigration migration = new StoreMigration(ds, "test database", status);
        ReadingStore store = new ReadingStore(new JdbcTemplate(ds), status);
        try (ReadingWriter writer = new ReadingWriter(store, status)) {
            migration.start();
            assertThat(status.migrated()).isFalse();
            for (int i = 0; i < 20; i++) {
                writer.write(ok(i));
            }
            assertThatThrownBy(() -> store.history("boiler", T0, T0.plusSeconds(100), 100))
                    .isInstanceOf(StoreUnavailableException.class);

            // the database comes: created by another connection, as a server that finished booting
            new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("readings"), "sa", "").getConnection().close();
            await(() -> writer.written() == 20);
            assertThat(status.migrated()).isTrue();
            assertThat(writer.written()).isEqualTo(20);
            assertThat(store.history("boiler", T0, T0.plusSeconds(100), 100)).hasSize(20);
        } finally {
            migration.close();
        }
    }
}
