package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

class AlarmListTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-06T10:05:00Z");

    private final AlarmList list = new AlarmList(Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<MeterAlarm> told = new ArrayList<>();

    {
        list.addListener(told::add);
    }

    private static Reading reading(String meter, double value, AlarmState alarm, int second) {
        return Reading.ok(meter, "cam1", value, "bar", value / 16, 0.9, alarm, T0.plusSeconds(second),
                T0.plusSeconds(second));
    }

    @Test
    void theTimesARefusalNames_areToTheSecond_asAPersonReadsThem() {
        AlarmList nanos = new AlarmList(Clock.fixed(NOW.plusNanos(357_355_850), ZoneOffset.UTC));
        nanos.accept(reading("boiler", 14, AlarmState.HIGH, 10));
        nanos.via(Via.HTTP).acknowledge("boiler", "ana", "");
        assertThatThrownBy(() -> nanos.via(Via.HTTP).acknowledge("boiler", "bo", "")).isInstanceOf(IllegalStateException.class)
                .hasMessage("boiler's alarm is already acknowledged (by ana at 2026-12-06T10:05:00Z)");
        nanos.via(Via.HTTP).takeOutOfService("tank", "bo", "");
        assertThatThrownBy(() -> nanos.via(Via.HTTP).takeOutOfService("tank", "", "")).isInstanceOf(IllegalStateException.class)
                .hasMessage("tank is already out of service (since 2026-12-06T10:05:00Z, by bo)");
    }

    @Test
    void aConditionDisabledOverOpcUa_isKnownUntilEnabled_andToldToTheStore() {
        List<String> stored = new ArrayList<>();
        list.addConditionListener((meter, d) -> stored.add(meter + " " + d));
        list.restoreDisabledConditions(Map.of("tank", new ConditionDisabled(T0, "bo")));
        assertThat(list.conditionDisabled("tank")).as("kept from before a restart").isTrue();

        list.via(Via.HTTP).conditionEnabled("boiler", false, "CN=scada-1");
        assertThat(list.conditionDisabled("boiler")).isTrue();
        assertThat(list.disabledConditions()).containsEntry("boiler", new ConditionDisabled(NOW, "CN=scada-1"))
                .containsKey("tank");
        list.via(Via.HTTP).conditionEnabled("boiler", true, "CN=scada-2");
        list.via(Via.HTTP).conditionEnabled("tank", true, "");
        assertThat(list.conditionDisabled("boiler")).isFalse();
        assertThat(list.disabledConditions()).isEmpty();
        assertThat(stored).containsExactly("boiler ConditionDisabled[since=" + NOW + ", user=CN=scada-1]",
                "boiler null", "tank null");
    }

    @Test
    void conditionsDisabledBeforeARestart_readBackLate_areDisabledAgain_unlessAClientChangedThemMeanwhile() {
        list.via(Via.HTTP).conditionEnabled("boiler", false, "CN=scada-2");   // disabled again meanwhile, by another
        list.via(Via.HTTP).conditionEnabled("pump", false, "CN=scada-2");
        list.via(Via.HTTP).conditionEnabled("pump", true, "CN=scada-2");      // disabled and enabled meanwhile

        List<String> resumed = list.resumeDisabledConditions(Map.of(
                "boiler", new ConditionDisabled(T0, "CN=scada-1"), "pump", new ConditionDisabled(T0, "CN=scada-1"),
                "tank", new ConditionDisabled(T0, "CN=scada-1")));

        assertThat(resumed).containsExactly("tank");
        assertThat(list.disabledConditions()).containsOnlyKeys("boiler", "tank")
                .containsEntry("boiler", new ConditionDisabled(NOW, "CN=scada-2"))
                .containsEntry("tank", new ConditionDisabled(T0, "CN=scada-1"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anOperatorsTextWithLineBreaks_isLoggedOnOneLine_andKeptAsGivenInTheJournal(
            CapturedOutput output) {
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        String forged = "ok\n2026-12-07T05:40:00.000Z  WARN 1 --- [main] io.meterreader.Fake : forged";

        list.via(Via.HTTP).comment("boiler", "eve\r\n\u001b[31m", forged);
        list.via(Via.HTTP).takeOutOfService("boiler", "eve", forged);

        assertThat(output.getOut().lines().filter(l -> l.contains("io.meterreader.Fake"))).hasSize(2)
                .allMatch(l -> l.contains("ok\\n2026-12-07T05:40:00.000Z  WARN"));
        assertThat(output.getOut()).contains("eve\\r\\n\\u001b[31m (API) commented");
        assertThat(journal).extracting(AlarmEvent::text).contains(forged);
    }

    @Test
    void anAlarm_staysOnTheListUntilClearedAndAcknowledged_inEitherOrder() {
        list.accept(reading("boiler", 8, AlarmState.NONE, 0));
        assertThat(told).as("a first reading within its limits raises nothing").isEmpty();
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        list.accept(reading("boiler", 13.9, AlarmState.HIGH, 2));
        list.accept(Reading.failed("boiler", "cam1", ReadingStatus.CAMERA_DOWN, "bar", 0, T0.plusSeconds(3),
                T0.plusSeconds(3)));
        assertThat(told).hasSize(1);
        MeterAlarm raised = told.get(0);
        assertThat(raised).extracting(MeterAlarm::state, MeterAlarm::acknowledged, MeterAlarm::raised,
                MeterAlarm::value).containsExactly(AlarmState.HIGH, false, T0.plusSeconds(1), 13.5);

        list.accept(reading("boiler", 9, AlarmState.NONE, 4));
        MeterAlarm cleared = told.get(1);
        assertThat(cleared.active()).isFalse();
        assertThat(cleared.limit()).isEqualTo(AlarmState.HIGH);
        assertThat(cleared.raised()).isEqualTo(T0.plusSeconds(1));
        assertThat(list.listed()).as("cleared, not acknowledged").containsExactly(cleared);

        MeterAlarm acked = list.via(Via.HTTP).acknowledge("boiler", "ana", "relief valve checked");
        assertThat(acked).extracting(MeterAlarm::acknowledged, MeterAlarm::acknowledgedAt, MeterAlarm::acknowledgedBy,
                MeterAlarm::comment).containsExactly(true, NOW, "ana", "relief valve checked");
        assertThat(told).last().isEqualTo(acked);
        assertThat(list.listed()).isEmpty();
        assertThatThrownBy(() -> list.via(Via.HTTP).acknowledge("boiler", "ana", "")).isInstanceOf(NoSuchElementException.class);

        // acknowledged while active: on the list until it clears
        list.accept(reading("boiler", 14, AlarmState.HIGH, 10));
        list.via(Via.HTTP).acknowledge("boiler", "", "");
        assertThat(list.listed()).hasSize(1);
        assertThatThrownBy(() -> list.via(Via.HTTP).acknowledge("boiler", "bo", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already acknowledged (by someone unnamed at 2026-12-06T10:05:00Z)");
        list.accept(reading("boiler", 9, AlarmState.NONE, 11));
        assertThat(list.listed()).isEmpty();
    }

    @Test
    void aMoveToTheOtherLimit_isANewUnacknowledgedAlarm_andTheListIsNewestFirst() {
        list.accept(reading("tank", 95, AlarmState.HIGH, 0));
        list.via(Via.HTTP).acknowledge("tank", "ana", "");
        list.accept(reading("boiler", 1, AlarmState.LOW, 5));
        list.accept(reading("tank", 2, AlarmState.LOW, 9));
        assertThat(list.listed()).extracting(MeterAlarm::meterId, MeterAlarm::state, MeterAlarm::acknowledged)
                .containsExactly(tuple("tank", AlarmState.LOW, false),
                        tuple("boiler", AlarmState.LOW, false));

        list.forget("tank");
        assertThat(list.listed()).extracting(MeterAlarm::meterId).containsExactly("boiler");
        assertThatThrownBy(() -> list.via(Via.HTTP).acknowledge("tank", "", "")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aMoveToTheOtherLimit_isJournalledAsTheFirstLimitsClear_thenTheOtherLimitsRaise() {
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        list.accept(reading("tank", 95, AlarmState.HIGH, 0));
        list.accept(reading("tank", 2, AlarmState.LOW, 9));
        list.accept(reading("tank", 50, AlarmState.NONE, 20));
        assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::limit, AlarmEvent::state, AlarmEvent::value,
                        AlarmEvent::time)
                .containsExactly(tuple(AlarmEvent.Kind.RAISED, AlarmState.HIGH, AlarmState.HIGH, 95.0, T0),
                        tuple(AlarmEvent.Kind.CLEARED, AlarmState.HIGH, AlarmState.NONE, 2.0, T0.plusSeconds(9)),
                        tuple(AlarmEvent.Kind.RAISED, AlarmState.LOW, AlarmState.LOW, 2.0, T0.plusSeconds(9)),
                        tuple(AlarmEvent.Kind.CLEARED, AlarmState.LOW, AlarmState.NONE, 50.0, T0.plusSeconds(20)));
    }

    @Test
    void restoredAlarms_keepTheirAcknowledgement_whileTheMeterStaysBeyond_andClearWhenItIsBack() {
        MeterAlarm ackedBefore = new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, true, T0, T0, 14, "bar",
                T0.plusSeconds(10), "ana", "known", null, null);
        MeterAlarm unackedBefore = new MeterAlarm("tank", AlarmState.LOW, AlarmState.LOW, false, T0, T0, 3, "%",
                null, "", "", null, null);
        list.restore(List.of(ackedBefore, unackedBefore));
        assertThat(told).as("the outputs are told of each").containsExactly(ackedBefore, unackedBefore);

        list.accept(reading("boiler", 14.2, AlarmState.HIGH, 100));
        list.accept(reading("tank", 50, AlarmState.NONE, 100));
        assertThat(list.get("boiler").orElseThrow()).isEqualTo(ackedBefore);
        MeterAlarm tank = list.get("tank").orElseThrow();
        assertThat(tank.active()).isFalse();
        assertThat(tank.acknowledged()).isFalse();
        assertThat(list.listed()).extracting(MeterAlarm::meterId).containsExactly("boiler", "tank");
    }

    @Test
    void aTimedShelf_keepsTheAlarmListedButUncounted_overAClearAndANewRaise_untilItsTimeComes() {
        SettableClock clock = new SettableClock(NOW);
        AlarmList shelving = new AlarmList(clock);
        List<MeterAlarm> heard = new ArrayList<>();
        shelving.addListener(heard::add);
        assertThatThrownBy(() -> shelving.via(Via.HTTP).shelve("boiler", Duration.ofHours(1), "ana", ""))
                .as("no alarm yet").isInstanceOf(NoSuchElementException.class);
        shelving.accept(reading("boiler", 14, AlarmState.HIGH, 0));
        assertThat(shelving.count(/* acknowledged= */ false)).isEqualTo(1);

        MeterAlarm shelved = shelving.via(Via.HTTP).shelve("boiler", Duration.ofHours(2), "ana", "chattering, valve on order");
        assertThat(shelved.shelf()).isEqualTo(new AlarmShelf(NOW, NOW.plus(Duration.ofHours(2)), "ana",
                "chattering, valve on order"));
        assertThat(heard).last().isEqualTo(shelved);
        assertThat(shelving.count(false)).as("shelved: out of the count").isZero();
        assertThat(shelving.countShelved()).isEqualTo(1);
        assertThat(shelving.listed()).containsExactly(shelved);

        // cleared and acknowledged, still listed as shelved; raised again, shelved still
        shelving.accept(reading("boiler", 9, AlarmState.NONE, 60));
        shelving.via(Via.HTTP).acknowledge("boiler", "ana", "");
        assertThat(shelving.listed()).extracting(MeterAlarm::retained, MeterAlarm::shelved)
                .containsExactly(tuple(false, true));
        shelving.accept(reading("boiler", 14.5, AlarmState.HIGH, 120));
        MeterAlarm again = shelving.get("boiler").orElseThrow();
        assertThat(again).extracting(MeterAlarm::acknowledged, MeterAlarm::shelf)
                .containsExactly(false, shelved.shelf());
        assertThat(shelving.count(false)).isZero();

        clock.advance(Duration.ofMinutes(119));
        assertThat(shelving.endShelves()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(shelving.endShelves()).isEqualTo(1);
        assertThat(heard).last().extracting(MeterAlarm::shelved, MeterAlarm::changed)
                .containsExactly(false, NOW.plus(Duration.ofHours(2)));
        assertThat(shelving.count(false)).as("back in the count, unacknowledged").isEqualTo(1);
        assertThat(shelving.endShelves()).isZero();
        assertThatThrownBy(() -> shelving.via(Via.HTTP).unshelve("boiler", "ana")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not shelved");
    }

    @Test
    void aOneShotShelf_needsAnActiveAlarm_andEndsWhenItClears_andBadDurationsAreRefused() {
        list.accept(reading("tank", 2, AlarmState.LOW, 0));
        list.accept(reading("tank", 50, AlarmState.NONE, 5));
        assertThatThrownBy(() -> list.via(Via.HTTP).shelve("tank", null, "", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not active");
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMinutes(-5), Duration.ofHours(25))) {
            assertThatThrownBy(() -> list.via(Via.HTTP).shelve("tank", bad, "", "")).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 24 h");
        }
        list.accept(reading("tank", 1, AlarmState.LOW, 10));
        assertThat(list.via(Via.HTTP).shelve("tank", null, "bo", "").shelf().oneShot()).isTrue();
        assertThat(list.count(false)).isZero();
        list.accept(reading("tank", 50, AlarmState.NONE, 20));
        MeterAlarm cleared = list.get("tank").orElseThrow();
        assertThat(cleared.shelved()).as("one-shot: ends as the alarm clears").isFalse();
        assertThat(list.count(false)).as("cleared, not acknowledged: counted again").isEqualTo(1);

        // unshelved by hand before its time
        list.via(Via.HTTP).shelve("tank", Duration.ofMinutes(30), "bo", "");
        assertThat(list.via(Via.HTTP).unshelve("tank", "bo").shelved()).isFalse();
        assertThat(list.countShelved()).isZero();
    }

    @Test
    void aShelvedAlarm_isRestoredShelved_evenOnceClearedAndAcknowledged() {
        MeterAlarm shelvedBefore = new MeterAlarm("boiler", AlarmState.NONE, AlarmState.HIGH, true, T0, T0, 9, "bar",
                T0, "ana", "", new AlarmShelf(T0, NOW.plus(Duration.ofHours(1)), "ana", "pump swap"), null);
        list.restore(List.of(shelvedBefore));
        assertThat(list.listed()).containsExactly(shelvedBefore);
        assertThat(list.countShelved()).isEqualTo(1);
    }

    @Test
    void theJournal_hearsWhatHappenedAndWho_inOrder_butNotARestore() {
        SettableClock clock = new SettableClock(NOW);
        AlarmList journaled = new AlarmList(clock);
        List<AlarmEvent> journal = new ArrayList<>();
        journaled.addJournal(journal::add);
        journaled.restore(List.of(new MeterAlarm("tank", AlarmState.LOW, AlarmState.LOW, false, T0, T0, 3, "%", null,
                "", "", null, null)));
        journaled.accept(reading("boiler", 14, AlarmState.HIGH, 0));
        journaled.via(Via.MQTT).shelve("boiler", null, "ana", "chattering");
        journaled.via(Via.OPC_UA).acknowledge("boiler", "bo", "valve checked");
        journaled.accept(reading("boiler", 9, AlarmState.NONE, 30));
        journaled.via(Via.HTTP).shelve("boiler", Duration.ofMinutes(10), "ana", "");
        journaled.via(Via.SPARKPLUG).unshelve("boiler", "bo");
        journaled.via(Via.HTTP).shelve("boiler", Duration.ofMinutes(10), "ana", "again");
        clock.advance(Duration.ofMinutes(10));
        journaled.endShelves();
        journaled.accept(reading("boiler", 1, AlarmState.LOW, 900));

        // who, and the edge it came in by: the service's own entries by the service
        assertThat(journal).extracting(AlarmEvent::meterId, AlarmEvent::kind, AlarmEvent::state, AlarmEvent::user,
                AlarmEvent::via, AlarmEvent::text).containsExactly(
                tuple("boiler", AlarmEvent.Kind.RAISED, AlarmState.HIGH, "", Via.SERVICE, ""),
                tuple("boiler", AlarmEvent.Kind.SHELVED, AlarmState.HIGH, "ana", Via.MQTT, "chattering"),
                tuple("boiler", AlarmEvent.Kind.ACKNOWLEDGED, AlarmState.HIGH, "bo", Via.OPC_UA, "valve checked"),
                tuple("boiler", AlarmEvent.Kind.CLEARED, AlarmState.NONE, "", Via.SERVICE, ""),
                tuple("boiler", AlarmEvent.Kind.UNSHELVED, AlarmState.NONE, "", Via.SERVICE,
                        "one-shot: the alarm cleared"),
                tuple("boiler", AlarmEvent.Kind.SHELVED, AlarmState.NONE, "ana", Via.HTTP, ""),
                tuple("boiler", AlarmEvent.Kind.UNSHELVED, AlarmState.NONE, "bo", Via.SPARKPLUG, ""),
                tuple("boiler", AlarmEvent.Kind.SHELVED, AlarmState.NONE, "ana", Via.HTTP, "again"),
                tuple("boiler", AlarmEvent.Kind.UNSHELVED, AlarmState.NONE, "", Via.SERVICE, "its time came"),
                tuple("boiler", AlarmEvent.Kind.RAISED, AlarmState.LOW, "", Via.SERVICE, ""));
        assertThat(journal.get(0).time()).as("a raise: the reading's capture time").isEqualTo(T0);
        assertThat(journal.get(1).until()).as("one-shot").isNull();
        assertThat(journal.get(2).time()).as("an operator's action: the moment of it").isEqualTo(NOW);
        assertThat(journal.get(5).until()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(journal.get(8).time()).as("the shelf's end").isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(journal.get(9).limit()).isEqualTo(AlarmState.LOW);
    }

    @Test
    void anOperatorsActions_comeInByAnEdge_neverAsTheServiceItself() {
        assertThat(list.via(Via.OPC_UA).via()).isEqualTo(Via.OPC_UA);
        assertThatThrownBy(() -> list.via(Via.SERVICE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("come in by an edge");
        assertThatThrownBy(() -> list.via(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAlarm_takesItsMetersPriorityAsItIsRaised_andKeepsIt() {
        Map<String, AlarmPriority> calibrated = new HashMap<>(Map.of("boiler",
                AlarmPriority.CRITICAL));
        AlarmList prioritised = new AlarmList(Clock.fixed(NOW, ZoneOffset.UTC),
                meter -> calibrated.getOrDefault(meter, AlarmPriority.HIGH));
        prioritised.accept(reading("boiler", 14, AlarmState.HIGH, 0));
        prioritised.accept(reading("tank", 1, AlarmState.LOW, 0));
        assertThat(prioritised.get("boiler").orElseThrow().priority()).isEqualTo(AlarmPriority.CRITICAL);
        assertThat(prioritised.get("tank").orElseThrow().priority()).as("none given").isEqualTo(AlarmPriority.HIGH);

        calibrated.put("boiler", AlarmPriority.LOW);
        prioritised.via(Via.HTTP).acknowledge("boiler", "ana", "");
        prioritised.accept(reading("boiler", 9, AlarmState.NONE, 5));
        assertThat(prioritised.get("boiler").orElseThrow().priority()).as("as raised")
                .isEqualTo(AlarmPriority.CRITICAL);
        prioritised.accept(reading("boiler", 14, AlarmState.HIGH, 10));
        assertThat(prioritised.get("boiler").orElseThrow().priority()).as("raised again: the calibration's now")
                .isEqualTo(AlarmPriority.LOW);
    }

    @Test
    void aMeterOutOfService_takesItsAlarmOffTheListUnacknowledged_raisesNone_andIsAlarmedAfreshWhenBack() {
        List<AlarmEvent> journal = new ArrayList<>();
        Map<String, OutOfService> service = new HashMap<>();
        list.addJournal(journal::add);
        list.addServiceListener(service::put);
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        list.via(Via.HTTP).shelve("boiler", Duration.ofHours(1), "ana", "");

        OutOfService taken = list.via(Via.HTTP).takeOutOfService("boiler", "bo", "gauge sent for calibration");

        assertThat(taken).isEqualTo(new OutOfService(NOW, "bo", "gauge sent for calibration"));
        assertThat(list.listed()).as("active, unacknowledged and shelved, it left the list all the same").isEmpty();
        assertThat(list.count(false)).isZero();
        assertThat(list.countShelved()).isZero();
        assertThat(list.get("boiler")).isEmpty();
        assertThat(told).last().extracting(MeterAlarm::state, MeterAlarm::acknowledged, MeterAlarm::acknowledgedAt,
                MeterAlarm::shelved, MeterAlarm::listed).containsExactly(AlarmState.NONE, true, null, false, false);
        assertThat(service).containsEntry("boiler", taken);
        assertThat(list.isOutOfService("boiler")).isTrue();
        assertThat(list.countOutOfService()).isEqualTo(1);
        assertThat(journal).last().extracting(AlarmEvent::kind, AlarmEvent::state, AlarmEvent::limit, AlarmEvent::value,
                AlarmEvent::user, AlarmEvent::text).containsExactly(AlarmEvent.Kind.OUT_OF_SERVICE, AlarmState.NONE,
                AlarmState.HIGH, null, "bo", "gauge sent for calibration");
        assertThat(journal.get(journal.size() - 2)).as("its shelf ended with it, said as every unshelving is")
                .extracting(AlarmEvent::kind, AlarmEvent::user, AlarmEvent::text)
                .containsExactly(AlarmEvent.Kind.UNSHELVED, "bo", "the meter was taken out of service");

        int toldBefore = told.size();
        list.accept(reading("boiler", 15, AlarmState.HIGH, 20));
        assertThat(told).as("a reading made before it went out, and come after, raises nothing").hasSize(toldBefore);
        assertThatThrownBy(() -> list.via(Via.HTTP).takeOutOfService("boiler", "", "")).isInstanceOf(IllegalStateException.class)
                .hasMessage("boiler is already out of service (since 2026-12-06T10:05:00Z, by bo)");
        assertThatThrownBy(() -> list.via(Via.HTTP).shelve("boiler", Duration.ofHours(1), "", ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of service");

        assertThat(list.via(Via.HTTP).putBackInService("boiler", "cy")).isEqualTo(taken);
        assertThat(service).containsEntry("boiler", null);
        assertThat(list.isOutOfService("boiler")).isFalse();
        assertThat(journal).last().extracting(AlarmEvent::kind, AlarmEvent::limit, AlarmEvent::user)
                .containsExactly(AlarmEvent.Kind.BACK_IN_SERVICE, AlarmState.NONE, "cy");
        assertThatThrownBy(() -> list.via(Via.HTTP).putBackInService("boiler", "")).isInstanceOf(IllegalStateException.class)
                .hasMessage("boiler is not out of service");

        list.accept(reading("boiler", 15, AlarmState.HIGH, 30));
        assertThat(list.listed()).as("still beyond its limit once back: a new alarm, not shelved")
                .singleElement().extracting(MeterAlarm::raised, MeterAlarm::acknowledged, MeterAlarm::shelved)
                .containsExactly(T0.plusSeconds(30), false, false);
    }

    @Test
    void meterOutOfServiceReadBackLate_areOutOfServiceAgain_theirAlarmsOffTheList_unlessChangedMeanwhile() {
        List<String> service = new ArrayList<>();
        list.addServiceListener((meter, o) -> service.add(meter + (o == null ? " in" : " out by " + o.user())));
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        list.via(Via.HTTP).takeOutOfService("pump", "ann", "seal");
        list.via(Via.HTTP).putBackInService("pump", "ann");
        told.clear();
        service.clear();

        List<String> resumed = list.resumeOutOfService(Map.of(
                "boiler", new OutOfService(T0, "bo", "sent away"),
                "pump", new OutOfService(T0, "bo", "kept from before the restart")));

        assertThat(resumed).as("the pump was put back in service since the start").containsExactly("boiler");
        assertThat(list.isOutOfService("boiler")).isTrue();
        assertThat(list.isOutOfService("pump")).isFalse();
        assertThat(list.get("boiler")).as("its alarm left the list").isEmpty();
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.meterId()).isEqualTo("boiler");
            assertThat(a.listed()).isFalse();
        });
        assertThat(service).containsExactly("boiler out by bo");
        list.accept(reading("boiler", 14, AlarmState.HIGH, 5));
        assertThat(list.get("boiler")).as("no alarm raised while out of service").isEmpty();
    }

    @Test
    void aMeterOutOfService_withoutAnAlarm_isJournalledWithoutOne_andIsRestoredBeforeItsKeptAlarm() {
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        list.via(Via.HTTP).takeOutOfService("tank", "", "");
        assertThat(journal).singleElement().extracting(AlarmEvent::limit, AlarmEvent::value)
                .containsExactly(AlarmState.NONE, null);
        assertThat(told).as("no alarm to take off the list").isEmpty();

        AlarmList restarted = new AlarmList(Clock.fixed(NOW, ZoneOffset.UTC));
        restarted.restoreOutOfService(Map.of("boiler", new OutOfService(T0, "bo", "")));
        restarted.restore(List.of(new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, false, T0, T0, 14, "bar",
                null, "", "", null, null)));
        assertThat(restarted.listed()).as("an alarm kept for a meter out of service stays off the list").isEmpty();
        assertThat(restarted.outOfService("boiler")).contains(new OutOfService(T0, "bo", ""));
        restarted.forget("boiler");
        assertThat(restarted.isOutOfService("boiler")).as("a meter no longer calibrated").isFalse();
    }

    @Test
    void thePlantsLongestShelf_boundsATimedShelf() {
        AlarmList shift = new AlarmList(Clock.fixed(NOW, ZoneOffset.UTC), meter -> AlarmPriority.HIGH,
                Duration.ofHours(8));
        shift.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        assertThat(shift.maxShelfTime()).isEqualTo(Duration.ofHours(8));
        assertThatThrownBy(() -> shift.via(Via.HTTP).shelve("boiler", Duration.ofHours(9), "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 8 h, got PT9H");
        assertThat(shift.via(Via.HTTP).shelve("boiler", Duration.ofHours(8), "", "").shelf().until())
                .isEqualTo(NOW.plus(Duration.ofHours(8)));
        assertThatThrownBy(() -> new AlarmList(Clock.fixed(NOW, ZoneOffset.UTC), meter -> AlarmPriority.HIGH,
                Duration.ofMinutes(90)).via(Via.HTTP).shelve("boiler", Duration.ofHours(2), "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 90 min, got PT2H");
    }

    @Test
    void anOperatorsAction_isJournalledWithTheMetersLatestValue_notTheOneItWasRaisedAt() {
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        list.accept(reading("boiler", 14.2, AlarmState.HIGH, 2));
        list.via(Via.HTTP).acknowledge("boiler", "ana", "");
        list.via(Via.HTTP).shelve("boiler", Duration.ofHours(1), "ana", "");
        assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::value).containsExactly(
                tuple(AlarmEvent.Kind.RAISED, 13.5), tuple(AlarmEvent.Kind.ACKNOWLEDGED, 14.2),
                tuple(AlarmEvent.Kind.SHELVED, 14.2));
        assertThat(list.get("boiler").orElseThrow().value()).as("the alarm keeps its raise's").isEqualTo(13.5);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMetersCalibrationRemoved_endsItsAlarmAndItsBeingOutOfService_inTheJournal(CapturedOutput output) {
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        list.accept(reading("tank", 1.0, AlarmState.NONE, 1));
        list.via(Via.HTTP).takeOutOfService("tank", "bo", "valve work");
        journal.clear();

        list.forget("boiler");
        list.forget("tank");
        list.forget("never-read");

        assertThat(journal).extracting(AlarmEvent::meterId, AlarmEvent::kind, AlarmEvent::value, AlarmEvent::via,
                AlarmEvent::text).containsExactly(
                tuple("boiler", AlarmEvent.Kind.CLEARED, 13.5, Via.SERVICE, "its calibration was removed"),
                tuple("tank", AlarmEvent.Kind.BACK_IN_SERVICE, null, Via.SERVICE, "its calibration was removed"));
        assertThat(list.get("boiler")).isEmpty();
        assertThat(list.isOutOfService("tank")).isFalse();
        assertThat(output.getOut()).contains("Alarm of boiler (HIGH) left the list: its calibration was removed")
                .contains("Meter tank is no longer out of service (taken out since " + NOW + " by bo): its "
                        + "calibration was removed");
    }

    @Test
    void anOperatorsAction_afterTheMetersUnitChanged_isJournalledInTheUnitItsValueWasReadIn() {
        // the live-edit audit: raised in bar, the calibration changed to kPa, acknowledged: "21.6 bar" was written
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        list.accept(reading("boiler", 0.37, AlarmState.HIGH, 1));
        list.accept(Reading.ok("boiler", "cam1", 21.6, "kPa", 0.216, 0.9, AlarmState.HIGH, T0.plusSeconds(2),
                T0.plusSeconds(2)));
        list.via(Via.HTTP).acknowledge("boiler", "ana", "");
        // and a meter without an alarm, its condition disabled: its value with its unit, not without
        list.accept(Reading.ok("tank", "cam1", 1.2, "m", 0.4, 0.9, AlarmState.NONE, T0.plusSeconds(3),
                T0.plusSeconds(3)));
        list.via(Via.OPC_UA).conditionEnabled("tank", false, "bo");
        assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::value, AlarmEvent::unit).containsExactly(
                tuple(AlarmEvent.Kind.RAISED, 0.37, "bar"), tuple(AlarmEvent.Kind.ACKNOWLEDGED, 21.6, "kPa"),
                tuple(AlarmEvent.Kind.DISABLED, 1.2, "m"));
    }

    @Test
    void anAlarmActiveADay_isStale_untilShelvedOrCleared() {
        AlarmList later = new AlarmList(Clock.fixed(T0.plus(MeterAlarm.STALE).plusSeconds(60), ZoneOffset.UTC));
        later.accept(reading("boiler", 13.5, AlarmState.HIGH, 0));
        later.accept(reading("tank", 13.5, AlarmState.HIGH, 120));
        assertThat(later.countStale()).as("the boiler's: raised a day and 60 s ago; the tank's a minute less")
                .isEqualTo(1);
        later.via(Via.HTTP).shelve("boiler", Duration.ofHours(1), "", "");
        assertThat(later.countStale()).as("shelved: not counted").isZero();
        later.accept(reading("tank", 9, AlarmState.NONE, 200));
        assertThat(later.get("tank").orElseThrow().stale(T0.plus(Duration.ofDays(3)))).as("cleared").isFalse();
    }

    @Test
    void theLongestWaitForAnAcknowledgement_isFromItsRaise_shelvedAndAcknowledgedOnesLeftOut() {
        AlarmList later = new AlarmList(Clock.fixed(T0.plusSeconds(1000), ZoneOffset.UTC));
        assertThat(later.unacknowledgedFor()).as("none waits").isZero();
        later.accept(reading("boiler", 13.5, AlarmState.HIGH, 100));
        later.accept(reading("tank", 13.5, AlarmState.HIGH, 400));
        assertThat(later.unacknowledgedFor()).isEqualTo(900);
        later.via(Via.HTTP).acknowledge("boiler", "ana", "");
        assertThat(later.unacknowledgedFor()).as("the tank's").isEqualTo(600);
        later.via(Via.HTTP).shelve("tank", Duration.ofHours(1), "ana", "");
        assertThat(later.unacknowledgedFor()).isZero();
    }

    @Test
    void aComment_goesToTheJournalWithTheAlarmAsItIs_andChangesNothing() {
        List<AlarmEvent> journal = new ArrayList<>();
        list.addJournal(journal::add);
        assertThatThrownBy(() -> list.via(Via.HTTP).comment("boiler", "ana", "?")).isInstanceOf(NoSuchElementException.class);
        list.accept(reading("boiler", 13.5, AlarmState.HIGH, 1));
        int told = this.told.size();
        list.via(Via.HTTP).comment("boiler", "ana", "relief valve lifting");
        assertThat(journal).last().extracting(AlarmEvent::kind, AlarmEvent::time, AlarmEvent::state,
                AlarmEvent::value, AlarmEvent::user, AlarmEvent::text).containsExactly(AlarmEvent.Kind.COMMENTED, NOW,
                AlarmState.HIGH, 13.5, "ana", "relief valve lifting");
        assertThat(this.told).as("nothing changed for the listeners").hasSize(told);
        assertThat(list.get("boiler").orElseThrow().acknowledged()).isFalse();
    }

    @Test
    void aFailingListener_harmsNeitherTheListNorTheOthers() {
        List<MeterAlarm> second = new ArrayList<>();
        AlarmList failing = new AlarmList(Clock.systemUTC());
        failing.addListener(a -> {
            throw new IllegalStateException("broken output");
        });
        failing.addListener(second::add);
        failing.accept(reading("boiler", 14, AlarmState.HIGH, 0));
        assertThat(second).hasSize(1);
        assertThat(failing.listed()).hasSize(1);
    }
}
