package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmEvent.Kind;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Via;
import io.meterreader.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The alarm journal written and read back, in both databases the store supports, each in a fresh schema. */
class AlarmJournalTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    private TestDatabase database;

    @AfterEach
    void dropSchema() {
        if (database != null) {
            database.close();
        }
    }

    private static AlarmEvent event(String meter, Kind kind, int second, String user, String text) {
        return new AlarmEvent(T0.plusSeconds(second), meter, kind, kind == Kind.CLEARED ? AlarmState.NONE
                : AlarmState.HIGH, AlarmState.HIGH, 1.47, "MPa", user, user.isEmpty() ? Via.SERVICE : Via.HTTP, text,
                kind == Kind.SHELVED ? T0.plusSeconds(second + 3600) : null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anAlarmRaisedBeforeTheWindow_andAcknowledgedInIt_hasItsTimeToAcknowledge(String kind) {
        database = TestDatabase.open(kind);
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready());
        journal.record(event("boiler", Kind.RAISED, 0, "", ""));
        journal.record(event("tank", Kind.RAISED, 1, "", ""));
        journal.record(event("tank", Kind.ACKNOWLEDGED, 2, "ana", ""));
        journal.record(event("boiler", Kind.ACKNOWLEDGED, 8, "ana", ""));
        journal.record(event("tank", Kind.CLEARED, 9, "", ""));
        journal.close();

        AlarmJournal reopened = new AlarmJournal(database.jdbc, StoreStatus.ready());
        java.util.Map<String, AlarmStatistics.MeterFigures> figures = new java.util.HashMap<>();
        reopened.statistics(T0.plusSeconds(5), T0.plusSeconds(10)).meters().forEach(m -> figures.put(m.meterId(), m));
        assertThat(figures.get("boiler").acknowledged()).isEqualTo(1);
        assertThat(figures.get("boiler").meanTimeToAcknowledge()).as("from its raise, 5 s before the window")
                .isEqualTo(java.time.Duration.ofSeconds(8));
        assertThat(figures.get("tank").meanTimeToAcknowledge()).as("acknowledged before the window").isNull();
    }

    @Test
    void entriesWaitingAtAStop_areKeptInTheFile_andWrittenAfterTheNextStart(@TempDir Path dir) throws Exception {
        database = TestDatabase.open("h2");
        Path waiting = dir.resolve("waiting/alarm-journal.jsonl");
        database.jdbc.execute("ALTER TABLE alarm_event RENAME TO alarm_event_away");
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready(), waiting);
        journal.record(event("boiler", Kind.RAISED, 0, "", ""));
        journal.record(event("boiler", Kind.SHELVED, 5, "ana", "valve on order"));
        long end = System.nanoTime() + 10_000_000_000L;
        while (journal.waiting() < 2 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        journal.close();
        assertThat(Files.readAllLines(waiting)).hasSize(2);

        database.jdbc.execute("ALTER TABLE alarm_event_away RENAME TO alarm_event");
        AlarmJournal next = new AlarmJournal(database.jdbc, StoreStatus.ready(), waiting);
        assertThat(waiting).as("taken back").doesNotExist();
        end = System.nanoTime() + 10_000_000_000L;
        while (next.waiting() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(next.entries("boiler", T0, T0.plusSeconds(10), 10)).containsExactly(
                event("boiler", Kind.SHELVED, 5, "ana", "valve on order"), event("boiler", Kind.RAISED, 0, "", ""));
        next.close();
    }

    @Test
    void entriesWaitingDuringAnOutage_areInTheFileMeanwhile_soAStopNotSeenLosesOnlyTheNewest(@TempDir Path dir)
            throws Exception {
        database = TestDatabase.open("h2");
        Path waiting = dir.resolve("alarm-journal.jsonl");
        Path afterACrash = dir.resolve("after-a-crash.jsonl");
        database.jdbc.execute("ALTER TABLE alarm_event RENAME TO alarm_event_away");
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready(), waiting, Duration.ofMillis(100));
        journal.record(event("boiler", Kind.RAISED, 0, "", ""));
        journal.record(event("boiler", Kind.ACKNOWLEDGED, 5, "ana", "valve checked"));
        long end = System.nanoTime() + 10_000_000_000L;
        while (lines(waiting) < 2 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(lines(waiting)).as("kept while the journal runs").isEqualTo(2);
        // what a power cut now would leave
        Files.copy(waiting, afterACrash);

        database.jdbc.execute("ALTER TABLE alarm_event_away RENAME TO alarm_event");
        end = System.nanoTime() + 10_000_000_000L;
        while ((journal.waiting() > 0 || Files.exists(waiting)) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(waiting).as("removed once all is written").doesNotExist();
        journal.close();

        // the crash's file, taken back by a start with an empty journal: who acknowledged is not lost
        database.jdbc.execute("DELETE FROM alarm_event");
        AlarmJournal next = new AlarmJournal(database.jdbc, StoreStatus.ready(), afterACrash);
        end = System.nanoTime() + 10_000_000_000L;
        while (next.waiting() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(next.entries("boiler", T0, T0.plusSeconds(10), 10)).containsExactly(
                event("boiler", Kind.ACKNOWLEDGED, 5, "ana", "valve checked"), event("boiler", Kind.RAISED, 0, "", ""));
        next.close();
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void anEntryKeptWaitingByTheVersionBefore_withoutItsEdge_isWrittenWithoutOne(@TempDir Path dir) throws Exception {
        database = TestDatabase.open("h2");
        Path waiting = dir.resolve("alarm-journal.jsonl");
        String line = tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(event("boiler", Kind.ACKNOWLEDGED, 0, "ana", "checked"));
        assertThat(line).contains("\"via\":\"HTTP\",");
        Files.writeString(waiting, line.replace("\"via\":\"HTTP\",", "") + "\n");
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready(), waiting);
        journal.close();
        assertThat(new AlarmJournal(database.jdbc, StoreStatus.ready()).entries("boiler", T0, T0.plusSeconds(1), 10))
                .extracting(AlarmEvent::user, AlarmEvent::text, AlarmEvent::via)
                .containsExactly(tuple("ana", "checked", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNulInAnEntry_holdsNoOtherEntryBack(String kind) {
        database = TestDatabase.open(kind);
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready());
        journal.record(event("steam", Kind.COMMENTED, 0, "ana\u0000x", "a"));
        journal.record(event("boiler", Kind.COMMENTED, 1, "bob", "after it"));
        journal.close();

        AlarmJournal reopened = new AlarmJournal(database.jdbc, StoreStatus.ready());
        assertThat(reopened.entries(null, T0, T0.plusSeconds(10), 100)).extracting(AlarmEvent::meterId,
                AlarmEvent::user).containsExactly(tuple("boiler", "bob"), tuple("steam", "ana\uFFFDx"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyEntryIsKept_inOrder_andComesBackNewestFirst_byMeterAndTime(String kind) {
        database = TestDatabase.open(kind);
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready());
        List<AlarmEvent> boiler = List.of(event("boiler", Kind.RAISED, 0, "", ""),
                event("boiler", Kind.SHELVED, 10, "ana", "chattering, valve on order"),
                event("boiler", Kind.ACKNOWLEDGED, 10, "ana", "=HYPERLINK(\"x\")"),
                event("boiler", Kind.CLEARED, 30, "", ""),
                event("boiler", Kind.UNSHELVED, 3610, "", ""));
        boiler.forEach(journal::record);
        journal.record(event("tank", Kind.RAISED, 20, "", ""));
        journal.close();

        AlarmJournal reopened = new AlarmJournal(database.jdbc, StoreStatus.ready());
        assertThat(reopened.entries("boiler", T0, T0.plusSeconds(7200), 100))
                .as("each kept, none taking another's place; same time: the later written first")
                .containsExactly(boiler.get(4), boiler.get(3), boiler.get(2), boiler.get(1), boiler.get(0));
        assertThat(reopened.entries(null, T0.plusSeconds(5), T0.plusSeconds(25), 100))
                .extracting(AlarmEvent::meterId, AlarmEvent::kind)
                .containsExactly(tuple("tank", Kind.RAISED),
                        tuple("boiler", Kind.ACKNOWLEDGED),
                        tuple("boiler", Kind.SHELVED));
        assertThat(reopened.entries(null, T0, T0.plusSeconds(7200), 2)).hasSize(2);
        assertThat(reopened.entries(null, "ana", T0, T0.plusSeconds(7200), 100)).as("what ana did")
                .containsExactly(boiler.get(2), boiler.get(1));
        assertThat(reopened.entries(null, "Ana", T0, T0.plusSeconds(7200), 100)).as("in any case")
                .containsExactly(boiler.get(2), boiler.get(1));
        assertThat(reopened.entries("tank", "ana", T0, T0.plusSeconds(7200), 100)).isEmpty();
        assertThat(reopened.entries(null, null, Via.HTTP, T0, T0.plusSeconds(7200), 100))
                .as("what came in on the API").containsExactly(boiler.get(2), boiler.get(1));
        assertThat(reopened.entries(null, null, Via.MQTT, T0, T0.plusSeconds(7200), 100)).isEmpty();

        AlarmStatistics.Figures figures = reopened.statistics(T0, T0.plusSeconds(7200));
        assertThat(figures.raised()).isEqualTo(2);
        assertThat(figures.meters()).extracting(AlarmStatistics.MeterFigures::meterId)
                .containsExactly("boiler", "tank");
        assertThat(figures.meters().get(0).inAlarm()).as("raised at 0, cleared at 30 s")
                .isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(figures.meters().get(0).shelved()).isEqualTo(java.time.Duration.ofSeconds(3600));

        assertThat(reopened.deleteOlderThan(T0.plusSeconds(15))).isEqualTo(3);
        assertThat(reopened.entries(null, T0, T0.plusSeconds(7200), 100)).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anEntryFromBeforeTheEdgeWasKept_readsWithoutOne_asDoesAnEdgeThisVersionDoesNotKnow(String kind) {
        database = TestDatabase.open(kind);
        // as V5 to V8 wrote them, and as a later version might
        database.jdbc.update("INSERT INTO alarm_event (event_time, meter_id, kind, state, alarm_limit, alarm_value,"
                + " unit, user_name, event_text) VALUES (?, 'boiler', 'ACKNOWLEDGED', 'HIGH', 'HIGH', 1.5, 'MPa',"
                + " 'ana', '')", AlarmStore.utc(T0));
        database.jdbc.update("INSERT INTO alarm_event (event_time, meter_id, kind, state, alarm_limit, alarm_value,"
                + " unit, user_name, event_text, via) VALUES (?, 'boiler', 'COMMENTED', 'HIGH', 'HIGH', 1.5, 'MPa',"
                + " 'bo', 'seen', 'BACNET')", AlarmStore.utc(T0.plusSeconds(1)));
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready());
        journal.record(event("boiler", Kind.SHELVED, 2, "cy", ""));
        journal.close();

        AlarmJournal reopened = new AlarmJournal(database.jdbc, StoreStatus.ready());
        assertThat(reopened.entries("boiler", T0, T0.plusSeconds(10), 10)).extracting(AlarmEvent::user,
                AlarmEvent::via).containsExactly(tuple("cy", Via.HTTP), tuple("bo", null), tuple("ana", null));
        assertThat(reopened.entries(null, null, Via.HTTP, T0, T0.plusSeconds(10), 10)).extracting(AlarmEvent::user)
                .containsExactly("cy");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aMeterTakenOutOfService_isKeptWithoutAValue_andItsTimeOutIsCounted(String kind) {
        database = TestDatabase.open(kind);
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready());
        AlarmEvent out = new AlarmEvent(T0.plusSeconds(60), "boiler", Kind.OUT_OF_SERVICE, AlarmState.NONE,
                AlarmState.HIGH, null, "MPa", "bo", Via.HTTP, "gauge sent for calibration", null);
        AlarmEvent back = new AlarmEvent(T0.plusSeconds(960), "boiler", Kind.BACK_IN_SERVICE, AlarmState.NONE,
                AlarmState.NONE, null, "", "cy", Via.MQTT, "", null);
        journal.record(event("boiler", Kind.RAISED, 0, "", ""));
        journal.record(out);
        journal.record(back);
        journal.close();

        AlarmJournal reopened = new AlarmJournal(database.jdbc, StoreStatus.ready());
        assertThat(reopened.entries("boiler", T0, T0.plusSeconds(7200), 100)).startsWith(back, out);
        AlarmStatistics.MeterFigures boiler = reopened.statistics(T0, T0.plusSeconds(7200)).meters().get(0);
        assertThat(boiler.inAlarm()).as("its alarm ended as it went out").isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(boiler.outOfService()).isEqualTo(java.time.Duration.ofSeconds(900));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anAlarmStuckSinceBeforeTheWindow_withNoEntryInIt_isInAlarmAllOfIt_andStale(String kind) {
        database = TestDatabase.open(kind);
        AlarmJournal journal = new AlarmJournal(database.jdbc, StoreStatus.ready());
        Instant window = T0.plus(Duration.ofDays(3));
        journal.record(event("boiler", Kind.RAISED, 0, "", ""));
        journal.record(event("boiler", Kind.ACKNOWLEDGED, 60, "ana", ""));
        journal.record(event("tank", Kind.RAISED, 0, "", ""));
        journal.record(event("tank", Kind.CLEARED, 600, "", ""));
        journal.record(event("pump", Kind.SHELVED, 100, "bo", ""));   // ended 3600 s on: over before the window
        journal.record(new AlarmEvent(T0.plusSeconds(200), "feed", Kind.OUT_OF_SERVICE, AlarmState.NONE,
                AlarmState.NONE, null, "", "cy", Via.OPC_UA, "", null));
        journal.close();

        AlarmStatistics.Figures f = new AlarmJournal(database.jdbc, StoreStatus.ready())
                .statistics(window, window.plus(Duration.ofHours(1)));
        assertThat(f.meters()).extracting(AlarmStatistics.MeterFigures::meterId).containsExactly("boiler", "feed");
        assertThat(f.meters().get(0).inAlarm()).isEqualTo(Duration.ofHours(1));
        assertThat(f.meters().get(0).stale()).isEqualTo(1);
        assertThat(f.meters().get(1).outOfService()).isEqualTo(Duration.ofHours(1));
        assertThat(f.stale()).isEqualTo(1);
    }

    @Test
    void aStoreNotThereYet_saysSo_andKeepsWhatWaits() {
        database = TestDatabase.open("h2");
        StoreStatus status = new StoreStatus();
        AlarmJournal journal = new AlarmJournal(database.jdbc, status);
        assertThatThrownBy(() -> journal.entries(null, T0, T0.plusSeconds(60), 10))
                .isInstanceOf(StoreUnavailableException.class);
        journal.record(event("boiler", Kind.RAISED, 0, "", ""));
        assertThat(journal.waiting()).as("waiting for the schema").isEqualTo(1);
        for (int i = 1; i < AlarmJournal.CAPACITY + 5; i++) {
            journal.record(event("boiler", Kind.RAISED, i, "", ""));
        }
        assertThat(journal.waiting()).as("at most its capacity waits").isEqualTo(AlarmJournal.CAPACITY);
        assertThat(journal.dropped()).as("the first and capacity + 4 more: 5 too many").isEqualTo(5);
        journal.close();
    }
}
