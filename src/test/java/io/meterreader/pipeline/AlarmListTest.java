package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

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
        assertThat(list.retained()).as("cleared, not acknowledged").containsExactly(cleared);

        MeterAlarm acked = list.acknowledge("boiler", "ana", "relief valve checked");
        assertThat(acked).extracting(MeterAlarm::acknowledged, MeterAlarm::acknowledgedAt, MeterAlarm::acknowledgedBy,
                MeterAlarm::comment).containsExactly(true, NOW, "ana", "relief valve checked");
        assertThat(told).last().isEqualTo(acked);
        assertThat(list.retained()).isEmpty();
        assertThatThrownBy(() -> list.acknowledge("boiler", "ana", "")).isInstanceOf(NoSuchElementException.class);

        // acknowledged while active: on the list until it clears
        list.accept(reading("boiler", 14, AlarmState.HIGH, 10));
        list.acknowledge("boiler", "", "");
        assertThat(list.retained()).hasSize(1);
        assertThatThrownBy(() -> list.acknowledge("boiler", "bo", "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already acknowledged (by someone unnamed at 2026-12-06T10:05:00Z)");
        list.accept(reading("boiler", 9, AlarmState.NONE, 11));
        assertThat(list.retained()).isEmpty();
    }

    @Test
    void aMoveToTheOtherLimit_isANewUnacknowledgedAlarm_andTheListIsNewestFirst() {
        list.accept(reading("tank", 95, AlarmState.HIGH, 0));
        list.acknowledge("tank", "ana", "");
        list.accept(reading("boiler", 1, AlarmState.LOW, 5));
        list.accept(reading("tank", 2, AlarmState.LOW, 9));
        assertThat(list.retained()).extracting(MeterAlarm::meterId, MeterAlarm::state, MeterAlarm::acknowledged)
                .containsExactly(tuple("tank", AlarmState.LOW, false),
                        tuple("boiler", AlarmState.LOW, false));

        list.forget("tank");
        assertThat(list.retained()).extracting(MeterAlarm::meterId).containsExactly("boiler");
        assertThatThrownBy(() -> list.acknowledge("tank", "", "")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void restoredAlarms_keepTheirAcknowledgement_whileTheMeterStaysBeyond_andClearWhenItIsBack() {
        MeterAlarm ackedBefore = new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, true, T0, T0, 14, "bar",
                T0.plusSeconds(10), "ana", "known");
        MeterAlarm unackedBefore = new MeterAlarm("tank", AlarmState.LOW, AlarmState.LOW, false, T0, T0, 3, "%",
                null, "", "");
        list.restore(List.of(ackedBefore, unackedBefore));
        assertThat(told).as("the outputs are told of each").containsExactly(ackedBefore, unackedBefore);

        list.accept(reading("boiler", 14.2, AlarmState.HIGH, 100));
        list.accept(reading("tank", 50, AlarmState.NONE, 100));
        assertThat(list.get("boiler").orElseThrow()).isEqualTo(ackedBefore);
        MeterAlarm tank = list.get("tank").orElseThrow();
        assertThat(tank.active()).isFalse();
        assertThat(tank.acknowledged()).isFalse();
        assertThat(list.retained()).extracting(MeterAlarm::meterId).containsExactly("boiler", "tank");
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
        assertThat(failing.retained()).hasSize(1);
    }
}
