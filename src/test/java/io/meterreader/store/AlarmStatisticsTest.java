package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmEvent.Kind;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Via;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlarmStatisticsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private static AlarmEvent event(String meter, Kind kind, Duration at) {
        return new AlarmEvent(T0.plus(at), meter, kind, kind == Kind.CLEARED ? AlarmState.NONE : AlarmState.HIGH,
                AlarmState.HIGH, 1.0, "bar", "", Via.SERVICE, "", null);
    }

    private static Duration min(double minutes) {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    @Test
    void aWindowsFigures_countRaisesChatterFloodsAndTheTimesInAlarmShelvedAndToAcknowledge() {
        AlarmStatistics stats = new AlarmStatistics(T0, T0.plus(Duration.ofHours(1)));
        // boiler: in alarm when the window opens, cleared at 5 min, raised again 30 s later (chatter),
        // acknowledged after 2 min, cleared at 10, raised at 20, acknowledged after 4 min, still in alarm at the end
        stats.accept(event("pump", Kind.UNSHELVED, min(15)));
        stats.accept(event("boiler", Kind.CLEARED, min(5)));
        stats.accept(event("boiler", Kind.RAISED, min(5.5)));
        stats.accept(event("boiler", Kind.ACKNOWLEDGED, min(7.5)));
        stats.accept(event("boiler", Kind.CLEARED, min(10)));
        stats.accept(event("boiler", Kind.RAISED, min(20)));
        stats.accept(event("boiler", Kind.ACKNOWLEDGED, min(24)));
        stats.accept(event("tank", Kind.SHELVED, min(30)));
        stats.accept(event("tank", Kind.UNSHELVED, min(40)));
        // steam: a flood, 11 raises in 4 minutes, each cleared 5 s on and raised again 15 s after
        for (int i = 0; i < 11; i++) {
            stats.accept(event("steam", Kind.RAISED, min(41).plusSeconds(20L * i)));
            stats.accept(event("steam", Kind.CLEARED, min(41).plusSeconds(20L * i + 5)));
        }

        AlarmStatistics.Figures f = stats.figures();
        assertThat(f.raised()).isEqualTo(13);
        assertThat(f.peak10Minutes()).isEqualTo(11);
        assertThat(f.raisedPer10Minutes()).isCloseTo(13 / 6.0, within(1e-9));
        assertThat(f.floodShare()).as("one of six 10-minute intervals").isCloseTo(1 / 6.0, within(1e-9));
        assertThat(f.meters()).extracting(AlarmStatistics.MeterFigures::meterId)
                .containsExactly("steam", "boiler", "pump", "tank");

        AlarmStatistics.MeterFigures boiler = f.meters().get(1);
        assertThat(boiler.raised()).isEqualTo(2);
        assertThat(boiler.chattering()).isEqualTo(1);
        assertThat(boiler.inAlarm()).as("5 + 4.5 + 40 minutes").isEqualTo(min(49.5));
        assertThat(boiler.acknowledged()).isEqualTo(2);
        assertThat(boiler.meanTimeToAcknowledge()).isEqualTo(min(3));
        assertThat(boiler.longestTimeToAcknowledge()).isEqualTo(min(4));

        AlarmStatistics.MeterFigures steam = f.meters().get(0);
        assertThat(steam.chattering()).isEqualTo(10);
        assertThat(steam.inAlarm()).isEqualTo(Duration.ofSeconds(55));
        assertThat(steam.meanTimeToAcknowledge()).as("none acknowledged").isNull();
        assertThat(f.meters().get(2).shelved()).as("shelved when the window opened").isEqualTo(min(15));
        assertThat(f.meters().get(3).shelved()).isEqualTo(min(10));
    }

    @Test
    void aMoveToTheOtherLimit_journalledAsAClearAndARaiseAtOneMoment_isNoChatter_andStaysInAlarm() {
        AlarmStatistics stats = new AlarmStatistics(T0, T0.plus(Duration.ofHours(1)));
        stats.accept(event("tank", Kind.RAISED, min(10)));
        stats.accept(event("tank", Kind.CLEARED, min(20)));
        stats.accept(event("tank", Kind.RAISED, min(20)));
        stats.accept(event("tank", Kind.CLEARED, min(30)));
        AlarmStatistics.MeterFigures tank = stats.figures().meters().get(0);
        assertThat(tank.raised()).isEqualTo(2);
        assertThat(tank.chattering()).isZero();
        assertThat(tank.inAlarm()).isEqualTo(min(20));
    }

    @Test
    void whatWasSoBeforeTheJournalBegan_countsFromItsFirstEntry_notFromTheWindowsStart() {
        AlarmStatistics stats = new AlarmStatistics(T0, T0.plus(Duration.ofDays(7)), T0.plus(Duration.ofDays(6)));
        stats.accept(event("boiler", Kind.UNSHELVED, Duration.ofDays(6).plusMinutes(20)));
        stats.accept(event("boiler", Kind.ACKNOWLEDGED, Duration.ofDays(6).plusMinutes(25)));
        stats.accept(event("boiler", Kind.CLEARED, Duration.ofDays(6).plusMinutes(30)));
        AlarmStatistics.MeterFigures boiler = stats.figures().meters().get(0);
        assertThat(boiler.shelved()).isEqualTo(min(20));
        assertThat(boiler.inAlarm()).isEqualTo(min(30));
        assertThat(boiler.acknowledged()).as("counted, though when it was raised is not known").isEqualTo(1);
        assertThat(boiler.meanTimeToAcknowledge()).isNull();
    }

    @Test
    void aMeterTakenOutOfService_endsItsAlarmWithoutAnAcknowledgement_andCountsItsTimeOut() {
        AlarmStatistics stats = new AlarmStatistics(T0, T0.plus(Duration.ofHours(1)));
        // boiler: raised at 1 min, shelved at 2, taken out at 5 (unacknowledged), back at 25, raised again at 26
        stats.accept(event("boiler", Kind.RAISED, min(1)));
        stats.accept(event("boiler", Kind.SHELVED, min(2)));
        stats.accept(event("boiler", Kind.OUT_OF_SERVICE, min(5)));
        stats.accept(event("boiler", Kind.BACK_IN_SERVICE, min(25)));
        stats.accept(event("boiler", Kind.RAISED, min(26)));
        stats.accept(event("boiler", Kind.ACKNOWLEDGED, min(27)));
        // tank: out of service when the window opened, back at 10 min; pump: taken out at 50, still out at the end
        stats.accept(event("tank", Kind.BACK_IN_SERVICE, min(10)));
        stats.accept(event("pump", Kind.OUT_OF_SERVICE, min(50)));

        AlarmStatistics.Figures f = stats.figures();
        AlarmStatistics.MeterFigures boiler = f.meters().get(0);
        assertThat(boiler.meterId()).isEqualTo("boiler");
        assertThat(boiler.raised()).isEqualTo(2);
        assertThat(boiler.chattering()).as("going out of service is no clear").isZero();
        assertThat(boiler.inAlarm()).as("1 to 5 min, then 26 to 60").isEqualTo(min(38));
        assertThat(boiler.shelved()).as("2 to 5 min").isEqualTo(min(3));
        assertThat(boiler.acknowledged()).isEqualTo(1);
        assertThat(boiler.meanTimeToAcknowledge()).as("only the second raise's").isEqualTo(min(1));
        assertThat(boiler.outOfService()).isEqualTo(min(20));
        assertThat(f.meters()).filteredOn(m -> m.meterId().equals("tank")).singleElement()
                .extracting(AlarmStatistics.MeterFigures::outOfService).isEqualTo(min(10));
        assertThat(f.meters()).filteredOn(m -> m.meterId().equals("pump")).singleElement()
                .extracting(AlarmStatistics.MeterFigures::outOfService).isEqualTo(min(10));
    }

    @Test
    void whereAMeterStoodBeforeTheWindow_countsFromItsStart_andAnAlarmActiveADayIsStale_byItsWholeTime() {
        Instant end = T0.plus(Duration.ofHours(2));
        AlarmStatistics stats = new AlarmStatistics(T0, end, T0.minus(Duration.ofDays(30)));
        // boiler: raised 23 h before the window, no entry in it: in alarm all of it, and a day old by its end
        stats.before("boiler", T0.minus(Duration.ofHours(23)), null, null);
        // tank: raised 30 h before, cleared 10 min into the window; shelved before it, unshelved at 20 min
        stats.before("tank", T0.minus(Duration.ofHours(30)), T0.minus(Duration.ofHours(1)), null);
        // pump: out of service since yesterday; steam: raised in the window and cleared after 5 min
        stats.before("pump", null, null, T0.minus(Duration.ofDays(1)));
        stats.accept(event("tank", Kind.CLEARED, min(10)));
        stats.accept(event("tank", Kind.UNSHELVED, min(20)));
        stats.accept(event("steam", Kind.RAISED, min(30)));
        stats.accept(event("steam", Kind.CLEARED, min(35)));

        AlarmStatistics.Figures f = stats.figures();
        java.util.Map<String, AlarmStatistics.MeterFigures> m = new java.util.HashMap<>();
        f.meters().forEach(x -> m.put(x.meterId(), x));
        assertThat(m.get("boiler").inAlarm()).isEqualTo(Duration.ofHours(2));
        assertThat(m.get("boiler").stale()).as("23 h + the window's 2 h").isEqualTo(1);
        assertThat(m.get("boiler").raised()).as("raised before the window").isZero();
        assertThat(m.get("tank").inAlarm()).isEqualTo(min(10));
        assertThat(m.get("tank").stale()).as("active 30 h 10 min when it cleared").isEqualTo(1);
        assertThat(m.get("tank").shelved()).isEqualTo(min(20));
        assertThat(m.get("pump").outOfService()).isEqualTo(Duration.ofHours(2));
        assertThat(m.get("pump").inAlarm()).isEqualTo(Duration.ZERO);
        assertThat(m.get("steam").stale()).isZero();
        assertThat(f.stale()).isEqualTo(2);
    }

    @Test
    void aMeterWithOnlyCommentsOrAConditionDisabled_isNotListed() {
        AlarmStatistics stats = new AlarmStatistics(T0, T0.plus(Duration.ofHours(1)));
        stats.accept(event("boiler", Kind.COMMENTED, Duration.ofMinutes(3)));
        stats.accept(event("pump", Kind.DISABLED, Duration.ofMinutes(4)));
        stats.accept(event("tank", Kind.RAISED, Duration.ofMinutes(5)));
        stats.accept(event("boiler", Kind.ENABLED, Duration.ofMinutes(6)));
        assertThat(stats.figures().meters()).extracting(AlarmStatistics.MeterFigures::meterId).containsExactly("tank");
    }

    @Test
    void aWindowBackwards_isRefused() {
        assertThatThrownBy(() -> new AlarmStatistics(T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
