package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.Ellipse;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.store.LearntMarksStore;
import io.meterreader.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Learnt marks written to the store and read back as they were, for the calibration they were learnt under only. */
class StoredMarksTest {

    private static final LearnedMarks.Learnt WITH_RING = new LearnedMarks.Learnt(
            new MarkedPointerReader.Marks(new ImagePoint(500.25, 300.125), new ImagePoint(420.5, 371.0),
                    new ImagePoint(579.75, 370.3333333333333)),
            new Ellipse(500.1, 300.2, 82.5, 80.25, 12.5), new BoundingBox(400, 200, 200.5, 199));

    private static MeterCalibration meter(double max) {
        return new MeterCalibration("boiler", "cam1", GaugeType.POINTER, new MeterCalibration.Region(380, 180, 240, 240),
                new MeterCalibration.Range(0, max, "bar"), List.of(), null, 1, null, 0.5, null, "boiler.yaml", false,
                null);
    }

    /** The meter with its region 100 px to the right: another dial. */
    private static MeterCalibration moved(MeterCalibration m) {
        return new MeterCalibration(m.id(), m.camera(), m.type(), new MeterCalibration.Region(m.region().x() + 100,
                m.region().y(), m.region().width(), m.region().height()), m.range(), m.scale(), m.alarms(),
                m.smoothing(), m.maxRate(), m.minConfidence(), m.levelMarks(), m.source(), m.counterclockwise(),
                m.scaleMarks());
    }

    @Test
    void encoded_decodesToTheSameMarksRingAndBox_withOrWithoutARing() {
        assertThat(StoredMarks.decode(StoredMarks.encode(WITH_RING))).isEqualTo(WITH_RING);
        LearnedMarks.Learnt noRing = new LearnedMarks.Learnt(WITH_RING.marks(), null, WITH_RING.box());
        assertThat(StoredMarks.decode(StoredMarks.encode(noRing))).isEqualTo(noRing);
    }

    @Test
    void aLineNotWrittenByIt_isRefused() {
        assertThatThrownBy(() -> StoredMarks.decode("v2 1 2 3 4 5 6 7 8 9 10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredMarks.decode("v1 1 2 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredMarks.decode("v1 1 2 3 4 5 6 7 8 9 x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredMarks.decode("v1 1 2 3 4 5 6 7 8 9 NaN")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keptInTheDatabase_comeBackForTheSameDialOnly_andNotOnceForgotten() {
        JdbcTemplate jdbc = TestDatabase.open("h2").jdbc;
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
        LearntMarksStore store = new LearntMarksStore(jdbc);
        new StoredMarks(store, clock).keep(meter(10), WITH_RING);
        store.close();

        StoredMarks after = new StoredMarks(new LearntMarksStore(jdbc), clock);
        assertThat(after.recall(meter(10))).isEqualTo(WITH_RING);
        assertThat(after.recall(meter(16))).as("another range: the same dial").isEqualTo(WITH_RING);
        assertThat(after.recall(moved(meter(10)))).as("another region: learnt again").isNull();

        jdbc.update("UPDATE learnt_marks SET marks = 'v1 garbage'");
        assertThat(after.recall(meter(10))).as("unreadable: learnt again").isNull();
    }
}
