package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.pipeline.LiveState;
import io.meterreader.store.AlarmStateFile;
import io.meterreader.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service started while its PostgreSQL server is not there yet (after a power cut, the
 * database still booting): it starts and reads its cameras, says the history is unavailable, and
 * once the server answers puts its schema in place and writes the readings that waited.
 */
@Tag("e2e")
class StoreOutageE2ETest {

    private static final String POSTGRES = TestDatabase.POSTGRES;

    /** The service on the schema through the relay (closed: the database away), its local copy in {@code copy}. */
    private static ConfigurableApplicationContext start(TcpRelay database, String schema, Path copy) {
        return new SpringApplicationBuilder(MeterReaderApplication.class).run("--server.port=0",
                "--meter-reader.storage.interval=0s", "--meter-reader.storage.url=jdbc:postgresql://127.0.0.1:"
                        + database.port() + "/test?currentSchema=" + schema,
                "--spring.datasource.username=postgres", "--meter-reader.storage.alarm-state-file=" + copy,
                "--meter-reader.storage.waiting-folder=" + copy.resolveSibling("waiting"));
    }

    /**
     * A stop while the database is away keeps the readings that waited in a file, and the next
     * start writes them once the database answers: a restart during a long outage (a host patched,
     * a container upgraded) lost them, said only in a log line.
     */
    @Test
    void aStopWhileTheDatabaseIsAway_keepsTheReadingsWaiting_andTheNextStartWritesThem(@TempDir Path dir)
            throws Exception {
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", ""));
        String schema = migratedSchema(admin);
        Path copy = dir.resolve("alarm-state.json");
        Path waiting = dir.resolve("waiting/readings.jsonl");
        Path journal = dir.resolve("waiting/alarm-journal.jsonl");
        try (TcpRelay database = new TcpRelay(5432)) {
            Instant firstOk;
            try (ConfigurableApplicationContext app = start(database, schema, copy)) {
                LiveState live = app.getBean(io.meterreader.pipeline.Pipeline.class).liveState();
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (live.latestReading("demo-1-steam-pressure").filter(Reading::isOk).isEmpty()
                        && System.nanoTime() < end) {
                    Thread.sleep(250);
                }
                firstOk = live.latestReading("demo-1-steam-pressure").filter(Reading::isOk).orElseThrow()
                        .captureTime();
                // a journal entry that waits too: who took what out of service is an audit's
                app.getBean(AlarmList.class).via(Via.HTTP).takeOutOfService("demo-2-tank-level", "ann", "glass being cleaned");
            }
            assertThat(waiting).as("kept at the stop").exists();
            assertThat(Files.readAllLines(journal)).singleElement().asString().contains("\"kind\":\"OUT_OF_SERVICE\"")
                    .contains("\"user\":\"ann\"");
            List<String> kept = Files.readAllLines(waiting);
            assertThat(kept).isNotEmpty().anyMatch(l -> l.contains("\"meterId\":\"demo-1-steam-pressure\""));

            database.open();
            try (ConfigurableApplicationContext app = start(database, schema, copy)) {
                assertThat(waiting).as("taken back at the start").doesNotExist();
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                int before = 0;
                while (System.nanoTime() < end && (before = admin.queryForObject("SELECT count(*) FROM " + schema
                        + ".reading WHERE capture_time <= ?", Integer.class,
                        java.sql.Timestamp.from(firstOk.plus(1, ChronoUnit.MICROS)))) == 0) {
                    Thread.sleep(250);
                }
                assertThat(before).as("the readings taken while the database was away, before the stop, stored")
                        .isPositive();
                assertThat(journal).doesNotExist();
                end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < end && admin.queryForObject("SELECT count(*) FROM " + schema
                        + ".alarm_event WHERE kind = 'OUT_OF_SERVICE' AND user_name = 'ann'", Integer.class) == 0) {
                    Thread.sleep(250);
                }
                assertThat(admin.queryForObject("SELECT count(*) FROM " + schema + ".alarm_event WHERE kind = "
                        + "'OUT_OF_SERVICE' AND user_name = 'ann'", Integer.class)).as("the journal's entry kept")
                        .isEqualTo(1);
                // and the meter is out of service still, though the database answered at the start without its row
                assertThat(app.getBean(AlarmList.class).outOfService("demo-2-tank-level"))
                        .hasValueSatisfying(o -> assertThat(o.user()).isEqualTo("ann"));
                end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < end && admin.queryForObject("SELECT count(*) FROM " + schema
                        + ".meter_out_of_service", Integer.class) == 0) {
                    Thread.sleep(250);
                }
                assertThat(admin.queryForObject("SELECT user_name FROM " + schema + ".meter_out_of_service WHERE "
                        + "meter_id = 'demo-2-tank-level'", String.class)).isEqualTo("ann");
            }
        } finally {
            admin.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** A schema of its own with the service's tables, for a test that has PostgreSQL and the models. */
    private static String migratedSchema(JdbcTemplate admin) {
        assumeTrue(TestDatabase.postgresReachable(), "PostgreSQL at 127.0.0.1:5432 is not running");
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        String schema = "mr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin.execute("CREATE SCHEMA " + schema);
        io.meterreader.store.StoreMigration.flyway(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                POSTGRES + "?currentSchema=" + schema, "postgres", "")).migrate();
        return schema;
    }

    @Test
    void aDatabaseThatComesLate_getsTheReadingsTakenBeforeIt(@TempDir Path copy) throws Exception {
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", ""));
        String schema = migratedSchema(admin);
        // the database as the service left it: the boiler out of service
        admin.update("INSERT INTO " + schema + ".meter_out_of_service (meter_id, since, user_name, reason) VALUES "
                + "('demo-1-boiler-pressure', TIMESTAMP WITH TIME ZONE '2026-12-06 08:00:00+00', 'bo', 'sent away')");
        HttpClient http = HttpClient.newHttpClient();
        JsonMapper json = JsonMapper.builder().build();
        try (TcpRelay database = new TcpRelay(5432);
             // no local copy of the alarm list: what is kept comes from the database once it comes
             ConfigurableApplicationContext app = start(database, schema, copy.resolve("alarm-state.json"))) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String history = base + "/api/v1/meters/demo-1-steam-pressure/readings?from=2026-01-01T00:00:00Z&limit=1000";
            Instant firstOk = null;
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (firstOk == null && System.nanoTime() < end) {
                Thread.sleep(250);
                JsonNode m = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/meters/demo-1-steam-pressure")).build(), HttpResponse.BodyHandlers.ofString()).body());
                JsonNode last = m.get("lastOk");
                if (last != null && !last.isNull()) {
                    firstOk = Instant.parse(last.get("captureTime").asString());
                }
            }
            assertThat(firstOk).as("read with no database").isNotNull();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(history)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("Reading history unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
            // a meter taken out of service meanwhile: its journal entry and its row wait too
            app.getBean(io.meterreader.pipeline.AlarmList.class).via(Via.HTTP).takeOutOfService("demo-2-tank-level", "ann",
                    "glass being cleaned");
            // the health says the store is away but is no reason to restart: 200, DEGRADED, liveness UP
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode store = json.readTree(health.body()).get("components").get("store");
            assertThat(store.get("status").asString()).isEqualTo("DEGRADED");
            assertThat(store.get("details").get("problem").asString()).isNotBlank();
            assertThat(store.get("details").get("alarmJournal").get("waiting").asInt()).isEqualTo(1);
            assertThat(store.get("details").get("alarmJournal").get("dropped").asInt()).isZero();
            assertThat(store.get("details").get("alarmList").get("waiting").asInt()).isEqualTo(1);
            assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("DEGRADED");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            database.open();
            JsonNode readings = null;
            end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(500);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(history)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    readings = json.readTree(r.body());
                    if (!readings.isEmpty()) {
                        break;
                    }
                }
            }
            assertThat(readings).as("history once the database came").isNotNull().isNotEmpty();
            JsonNode back = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(back.get("components").get("store").get("status").asString()).isEqualTo("UP");
            end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonNode details = back.get("components").get("store").get("details");
            while (System.nanoTime() < end && details.get("alarmJournal").get("waiting").asInt()
                    + details.get("alarmList").get("waiting").asInt() > 0) {
                Thread.sleep(250);
                details = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body()).get("components").get("store")
                        .get("details");
            }
            assertThat(details.get("alarmJournal").get("waiting").asInt()).as("written once it came").isZero();
            assertThat(details.get("alarmList").get("waiting").asInt()).isZero();
            assertThat(admin.queryForObject("SELECT user_name FROM " + schema + ".meter_out_of_service WHERE meter_id"
                    + " = 'demo-2-tank-level'", String.class)).isEqualTo("ann");
            // the boiler, out of service when the service stopped, is again once the database came
            io.meterreader.pipeline.AlarmList alarms = app.getBean(io.meterreader.pipeline.AlarmList.class);
            end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (alarms.outOfService("demo-1-boiler-pressure").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertThat(alarms.outOfService("demo-1-boiler-pressure")).as("read back once the database came")
                    .hasValueSatisfying(o -> assertThat(o.user() + ": " + o.reason()).isEqualTo("bo: sent away"));
            assertThat(alarms.outOfService("demo-2-tank-level")).as("taken out meanwhile, kept as it was taken")
                    .hasValueSatisfying(o -> assertThat(o.user()).isEqualTo("ann"));
            JsonNode boiler = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/meters/demo-1-boiler-pressure")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(boiler.get("outOfService").get("reason").asString()).isEqualTo("sent away");
            assertThat(admin.queryForObject("SELECT count(*) FROM " + schema + ".alarm_event WHERE kind = "
                    + "'OUT_OF_SERVICE'", Integer.class)).isEqualTo(1);
            Instant earliest = Instant.parse(readings.get(0).get("captureTime").asString());
            // PostgreSQL keeps microseconds, rounded
            assertThat(earliest).as("a reading taken before the database came is stored")
                    .isBefore(firstOk.plus(1, ChronoUnit.MICROS));
        } finally {
            admin.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /**
     * A restart while the database is away: the alarm list, the meters out of service and the
     * disabled conditions go on from the local copy. Without it, a meter out of service was read
     * OK (and stored so) until the database came, and an active alarm was raised again, twice in
     * the journal and the statistics.
     */
    @Test
    void aRestartWhileTheDatabaseIsAway_goesOnFromTheLocalCopy(@TempDir Path dir) throws Exception {
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(POSTGRES, "postgres", ""));
        String schema = migratedSchema(admin);
        // the copy as the service left it: the tank out of service, the boiler's HIGH alarm unacknowledged
        Instant raised = Instant.parse("2026-12-07T08:00:00Z");
        Path copy = dir.resolve("alarm-state.json");
        try (AlarmStateFile before = new AlarmStateFile(copy)) {
            before.outOfService("demo-2-tank-level", new OutOfService(raised, "ann", "glass being cleaned"));
            before.alarm("demo-1-boiler-pressure", new MeterAlarm("demo-1-boiler-pressure", AlarmState.HIGH,
                    AlarmState.HIGH, false, raised, raised, 1.45, "MPa", null, "", "", null, AlarmPriority.CRITICAL));
        }
        try (TcpRelay database = new TcpRelay(5432);
             ConfigurableApplicationContext app = start(database, schema, copy)) {
            AlarmList alarms = app.getBean(AlarmList.class);
            assertThat(alarms.outOfService("demo-2-tank-level")).as("out of service from the start")
                    .hasValueSatisfying(o -> assertThat(o.user()).isEqualTo("ann"));
            assertThat(alarms.get("demo-1-boiler-pressure")).as("the same alarm, listed from the start")
                    .hasValueSatisfying(a -> assertThat(a.raised()).isEqualTo(raised));
            LiveState live = app.getBean(io.meterreader.pipeline.Pipeline.class).liveState();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (live.latestReading("demo-2-tank-level").isEmpty() && System.nanoTime() < end) {
                Thread.sleep(250);
            }
            assertThat(live.latestReading("demo-2-tank-level")).as("read while the database is away, as out of service")
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReadingStatus.OUT_OF_SERVICE));

            database.open();
            end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < end && admin.queryForObject("SELECT count(*) FROM " + schema
                    + ".meter_out_of_service", Integer.class) < 1) {
                Thread.sleep(250);
            }
            assertThat(admin.queryForObject("SELECT user_name FROM " + schema + ".meter_out_of_service WHERE meter_id "
                    + "= 'demo-2-tank-level'", String.class)).as("the database made as the list is").isEqualTo("ann");
            Thread.sleep(2000);   // the readings and the journal that waited, written
            assertThat(admin.queryForObject("SELECT count(*) FROM " + schema + ".reading WHERE meter_id = "
                    + "'demo-2-tank-level' AND status = 'OK'", Integer.class)).as("no OK reading stored").isZero();
            assertThat(admin.queryForObject("SELECT count(*) FROM " + schema + ".alarm_event WHERE meter_id = "
                    + "'demo-1-boiler-pressure' AND kind = 'RAISED'", Integer.class)).as("not raised again").isZero();
            assertThat(alarms.outOfService("demo-2-tank-level")).isPresent();
        } finally {
            admin.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
