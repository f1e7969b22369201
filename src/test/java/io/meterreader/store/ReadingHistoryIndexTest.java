package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

class ReadingHistoryIndexTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void onPostgresql_theMeterIndexCarriesEveryColumn_soAMetersHistoryIsReadFromItAlone() {
        try (TestDatabase db = TestDatabase.open("postgresql")) {
            JdbcTemplate jdbc = db.jdbc;
            List<String> columns = jdbc.queryForList("SELECT column_name FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = 'reading'", String.class);
            List<String> indexed = jdbc.queryForList("SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    + "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    + "WHERE i.indexrelid = 'reading_meter_history'::regclass", String.class);
            // a column added to the table later must be carried too, or its queries read the table again
            assertThat(indexed).containsExactlyInAnyOrderElementsOf(columns);
            assertThat(jdbc.queryForObject("SELECT pg_get_indexdef('reading_meter_history'::regclass)", String.class))
                    .contains("(meter_id, capture_time) INCLUDE (");
            assertThat(jdbc.queryForObject("SELECT to_regclass('reading_meter_time')", String.class))
                    .as("the plain index it replaces").isNull();
            assertThat(jdbc.queryForObject("SELECT array_to_string(reloptions, ',') FROM pg_class "
                    + "WHERE oid = 'reading'::regclass", String.class))
                    .isEqualTo("autovacuum_vacuum_insert_scale_factor=0.01");

            ReadingStore store = new ReadingStore(jdbc);
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                for (String meter : List.of("boiler", "tank", "pump")) {
                    Instant t = T0.plusSeconds(10L * i);
                    readings.add(Reading.ok(meter, "cam1", i % 16, "bar", i % 16 / 16.0, 0.9, AlarmState.NONE, t,
                            t.plusMillis(80)));
                }
            }
            store.saveAll(readings);
            jdbc.execute("VACUUM ANALYZE reading");
            // the table is small: the planner is told to take neither it nor a bitmap of it (on one connection),
            // and the time index (this schema's own) is dropped, which it took when a transaction open elsewhere
            // in the database had kept the vacuum from marking the pages all visible
            jdbc.execute("DROP INDEX reading_capture_time");
            String plan = jdbc.execute((ConnectionCallback<String>) c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("SET enable_seqscan = off");
                    st.execute("SET enable_bitmapscan = off");
                    StringBuilder lines = new StringBuilder();
                    try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) SELECT status, COUNT(*), "
                            + "MAX(camera_id), MAX(read_time), AVG(reading_value), AVG(fraction), AVG(confidence), "
                            + "MAX(alarm), MAX(unit), MAX(id) FROM reading WHERE meter_id = 'tank' AND capture_time >= "
                            + "'2026-11-01T00:00:00Z' AND capture_time <= '2026-11-02T00:00:00Z' GROUP BY status")) {
                        while (rs.next()) {
                            lines.append(rs.getString(1)).append('\n');
                        }
                    }
                    return lines.toString();
                }
            });
            // (no "Heap Fetches: 0": that depends on the vacuum too, and the test's database is shared)
            assertThat(plan).contains("Index Only Scan using reading_meter_history");

            // and the store reads through it as before
            assertThat(store.summary("tank", "bar", T0, T0.plus(Duration.ofDays(1))).readings()).isEqualTo(600);
            assertThat(store.history("pump", T0, T0.plus(Duration.ofDays(1)), 5)).hasSize(5);
        }
    }

    @Test
    void onH2_theVersionIsRecorded_andThePlainIndexKept() {
        try (TestDatabase db = TestDatabase.open("h2")) {
            assertThat(db.jdbc.queryForObject("SELECT MAX(CAST(\"version\" AS INT)) FROM \"flyway_schema_history\"",
                    Integer.class)).isEqualTo(10);
            assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES "
                    + "WHERE INDEX_NAME = 'READING_METER_TIME'", Integer.class)).isEqualTo(1);
        }
    }
}
