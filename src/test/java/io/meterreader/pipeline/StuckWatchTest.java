package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import io.meterreader.frame.ReadingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StuckWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");

    /** The boiler watched (8 h within 0.01 MPa), the tank not. */
    private static final Map<String, MeterCalibration> METERS = Map.of(
            "boiler", meter("boiler", new MeterCalibration.Stuck(Duration.ofHours(8), 0.01)),
            "tank", meter("tank", null));

    private final StuckWatch watch = new StuckWatch(id -> Optional.ofNullable(METERS.get(id)));

    private static MeterCalibration meter(String id, MeterCalibration.Stuck stuck) {
        return new MeterCalibration(id, "cam1", GaugeType.POINTER, new MeterCalibration.Region(0, 0, 10, 10),
                new MeterCalibration.Range(0, 1.6, "MPa"), List.of(), null, 1, null, 0.5, null, id + ".yaml", false,
                null, stuck);
    }

    private static Reading ok(String meter, double value, Duration at) {
        return Reading.ok(meter, "cam1", value, "MPa", value / 1.6, 0.9, AlarmState.NONE, T0.plus(at), T0.plus(at));
    }

    /** A reading every 10 minutes from {@code from} to {@code to}, wobbling by +-{@code wobble} about {@code value}. */
    private void steady(String meter, double value, double wobble, Duration from, Duration to) {
        for (Duration t = from; t.compareTo(to) <= 0; t = t.plusMinutes(10)) {
            watch.accept(ok(meter, value + (t.toMinutes() % 20 == 0 ? wobble : -wobble), t));
        }
    }

    @Test
    void aValueWithinItsBandForItsTime_isStuck_fromWhenItLastMoved_untilItMovesAgain() {
        watch.accept(ok("boiler", 0.9, Duration.ZERO));
        steady("boiler", 0.5, 0.004, Duration.ofHours(1), Duration.ofHours(8).plusMinutes(50));
        assertThat(watch.stuck("boiler")).as("7 h 50 min still: not yet").isEmpty();
        // a frame read late counts its value, not its earlier time: no four-hour gap opens before 9:01
        watch.accept(ok("boiler", 0.5, Duration.ofHours(5)));
        watch.accept(ok("boiler", 0.5, Duration.ofHours(9).plusMinutes(1)));
        assertThat(watch.stuck("boiler")).get().satisfies(s -> {
            assertThat(s.since()).as("its last move, not the first reading").isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(s.low()).isEqualTo(0.496, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.high()).isEqualTo(0.504, org.assertj.core.data.Offset.offset(1e-9));
        });
        // a failed reading is no move
        watch.accept(Reading.failed("boiler", "cam1", ReadingStatus.POINTER_NOT_FOUND, "MPa", 0.2,
                T0.plus(Duration.ofHours(9).plusMinutes(5)), T0));
        assertThat(watch.stuck("boiler")).isPresent();
        // 0.02 MPa off: it moves, and the watch starts again from there
        watch.accept(ok("boiler", 0.52, Duration.ofHours(9).plusMinutes(10)));
        assertThat(watch.stuck("boiler")).isEmpty();
    }

    @Test
    void listeners_areToldOfEachMeterBecomingStuck_andOfItsEnd() {
        List<String> told = new java.util.ArrayList<>();
        watch.addListener((meter, since) -> told.add(meter + " " + since));
        steady("boiler", 0.5, 0, Duration.ZERO, Duration.ofHours(9));
        watch.accept(ok("boiler", 0.6, Duration.ofHours(9).plusMinutes(10)));
        steady("boiler", 0.6, 0, Duration.ofHours(9).plusMinutes(20), Duration.ofHours(18));
        watch.forget("boiler");
        watch.forget("boiler");
        assertThat(told).containsExactly("boiler " + T0, "boiler null",
                "boiler " + T0.plus(Duration.ofHours(9).plusMinutes(10)), "boiler null");
    }

    @Test
    void aSlowDriftWiderThanTheBand_isNotStuck() {
        for (int i = 0; i <= 60; i++) {
            // 0.002 MPa an hour: 0.02 over ten hours
            watch.accept(ok("boiler", 0.5 + 0.002 * i / 6.0, Duration.ofMinutes(10L * i)));
        }
        assertThat(watch.stuck("boiler")).isEmpty();
    }

    @Test
    void aGapOfHalfItsTime_startsAfresh_andOutOfServiceOrAnUnwatchedMeterIsNeverStuck() {
        watch.accept(ok("boiler", 0.5, Duration.ZERO));
        // the camera down from 1 h to 6 h: nobody saw the gauge
        watch.accept(ok("boiler", 0.5, Duration.ofHours(1)));
        steady("boiler", 0.5, 0, Duration.ofHours(6), Duration.ofHours(9));
        assertThat(watch.stuck("boiler")).isEmpty();
        steady("boiler", 0.5, 0, Duration.ofHours(9), Duration.ofHours(14));
        assertThat(watch.stuck("boiler")).get().extracting(StuckWatch.Stuck::since)
                .isEqualTo(T0.plus(Duration.ofHours(6)));

        watch.accept(Reading.failed("boiler", "cam1", ReadingStatus.OUT_OF_SERVICE, "MPa", 0,
                T0.plus(Duration.ofHours(14).plusMinutes(5)), T0));
        assertThat(watch.stuck("boiler")).as("out of service: not watched").isEmpty();
        steady("tank", 40, 0, Duration.ZERO, Duration.ofDays(3));
        assertThat(watch.stuck("tank")).as("no stuck-after").isEmpty();
    }

    @Test
    void valuesInTheLog_haveSixSignificantDigits() {
        assertThat(StuckWatch.number(120000.0)).isEqualTo("120000");
        assertThat(StuckWatch.number(0.50400000000001)).isEqualTo("0.504");
        assertThat(StuckWatch.number(1.25e-7)).isEqualTo("0.000000125");
    }

    /** A history store in a list, with the store's order and range (ReadingStore's own are tested against SQL). */
    private static ReadingHistory listed(List<Reading> stored) {
        return (meter, from, to, limit) -> {
            boolean back = from.isAfter(to);
            return stored.stream().filter(r -> r.meterId().equals(meter))
                    .filter(r -> back ? !r.captureTime().isAfter(from) && r.captureTime().isAfter(to)
                            : !r.captureTime().isBefore(from) && r.captureTime().isBefore(to))
                    .sorted(back ? java.util.Comparator.comparing(Reading::captureTime).reversed()
                            : java.util.Comparator.comparing(Reading::captureTime))
                    .limit(limit).toList();
        };
    }

    /** Stored every 10 s from {@code from} to {@code to}: a page of the store holds 1000, so this is several. */
    private static void stored(List<Reading> into, String meter, double value, Duration from, Duration to) {
        for (Duration t = from; t.compareTo(to) <= 0; t = t.plusSeconds(10)) {
            into.add(ok(meter, value, t));
        }
    }

    @Test
    void afterARestart_aMeterStuckBeforeIsStuckAtOnce_andOneNearlyStuck_isDueTheSooner() {
        List<Reading> store = new java.util.ArrayList<>();
        store.add(ok("boiler", 0.9, Duration.ZERO));
        stored(store, "boiler", 0.5, Duration.ofHours(1), Duration.ofHours(10));
        store.add(ok("tank", 40, Duration.ZERO));
        List<String> told = new java.util.ArrayList<>();
        watch.addListener((meter, since) -> told.add(meter + " " + since));

        watch.resume(List.copyOf(METERS.values()), listed(store), T0.plus(Duration.ofHours(10).plusMinutes(1)));
        assertThat(watch.stuck("boiler")).get().extracting(StuckWatch.Stuck::since).as("3241 readings back")
                .isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(told).containsExactly("boiler " + T0.plus(Duration.ofHours(1)));
        assertThat(watch.stuck("tank")).as("not watched").isEmpty();

        // stopped after 6 h still: 2 h more after the restart, not 8
        StuckWatch again = new StuckWatch(id -> Optional.ofNullable(METERS.get(id)));
        List<Reading> six = store.stream().filter(r -> !r.captureTime().isAfter(T0.plus(Duration.ofHours(7))))
                .toList();
        again.resume(List.copyOf(METERS.values()), listed(six), T0.plus(Duration.ofHours(7).plusMinutes(30)));
        assertThat(again.stuck("boiler")).isEmpty();
        again.accept(ok("boiler", 0.5, Duration.ofHours(9)));
        assertThat(again.stuck("boiler")).get().extracting(StuckWatch.Stuck::since)
                .isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void resuming_stopsAtAReadingOutOfService_andAStoreThatCannotBeRead_leavesTheWatchToStartAfresh() {
        List<Reading> store = new java.util.ArrayList<>();
        stored(store, "boiler", 0.5, Duration.ZERO, Duration.ofHours(3));
        store.add(Reading.failed("boiler", "cam1", ReadingStatus.OUT_OF_SERVICE, "MPa", 0,
                T0.plus(Duration.ofHours(3).plusSeconds(5)), T0));
        stored(store, "boiler", 0.5, Duration.ofHours(4), Duration.ofHours(11));
        watch.resume(List.copyOf(METERS.values()), listed(store), T0.plus(Duration.ofHours(11)));
        assertThat(watch.stuck("boiler")).as("still for 7 h since it came back in service").isEmpty();
        watch.accept(ok("boiler", 0.5, Duration.ofHours(12)));
        assertThat(watch.stuck("boiler")).get().extracting(StuckWatch.Stuck::since)
                .isEqualTo(T0.plus(Duration.ofHours(4)));

        StuckWatch afresh = new StuckWatch(id -> Optional.ofNullable(METERS.get(id)));
        afresh.resume(List.copyOf(METERS.values()), (meter, from, to, limit) -> {
            throw new IllegalStateException("the database is away");
        }, T0);
        for (int hour = 0; hour <= 8; hour += 2) {
            afresh.accept(ok("boiler", 0.5, Duration.ofHours(hour)));
        }
        assertThat(afresh.stuck("boiler")).as("watched from its first live reading")
                .get().extracting(StuckWatch.Stuck::since).isEqualTo(T0);
    }
}
