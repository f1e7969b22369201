package io.meterreader.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where readings are kept. The JDBC URL is handed to the data source
 * ({@code spring.datasource.url} follows it); H2 in a file by default, PostgreSQL in production.
 *
 * @param url       JDBC URL (default jdbc:h2:file:./data/readings)
 * @param retention readings older than this are deleted (default 30d, at least 1h)
 * @param interval  a meter's readings are stored at most once per interval (default 10s; 0 stores
 *                  every reading); a change of status or alarm state is always stored
 * @param alarmSnapshots the folder where each meter's annotated picture is kept as it goes into alarm,
 *                  as evidence (default data/alarm-snapshots; empty: not kept). Text, not a path:
 *                  an empty path would not bind, and start-up would take the key for unknown
 * @param alarmSnapshotsKept how many pictures a meter keeps, its latest (default 20)
 * @param alarmJournalRetention entries of the alarm journal (raised, cleared, acknowledged,
 *                  shelved) older than this are deleted (default 400d, at least 1h): kept longer
 *                  than readings, as an audit of who did what
 * @param alarmStateFile a local copy of the alarm list, the meters out of service and the disabled
 *                  OPC UA conditions, read back at a start while the database is away (default
 *                  data/alarm-state.json; empty: none). Text, as alarmSnapshots
 * @param waitingFolder where the readings and alarm journal entries still waiting for the database
 *                  when the service stops are kept ({@code readings.jsonl}, {@code alarm-journal.jsonl}),
 *                  to be written after the next start (default data/waiting; empty: they are lost).
 *                  Text, as alarmSnapshots
 */
public record StorageProperties(
        @DefaultValue("jdbc:h2:file:./data/readings")
        @NotBlank(message = "is missing")
        @Pattern(regexp = "jdbc:.+", message = "must be a JDBC URL (jdbc:...)")
        String url,
        @DefaultValue("30d") @NotNull @MinDuration(millis = 3_600_000) Duration retention,
        @DefaultValue("10s") @NotNull @MinDuration(millis = 0) Duration interval,
        @DefaultValue("data/alarm-snapshots") String alarmSnapshots,
        @DefaultValue("20") @Min(1) @Max(1000) int alarmSnapshotsKept,
        @DefaultValue("400d") @NotNull @MinDuration(millis = 3_600_000) Duration alarmJournalRetention,
        @DefaultValue("data/alarm-state.json") String alarmStateFile,
        @DefaultValue("data/waiting") String waitingFolder) {
}
