package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.LevelDiagnostics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DetectionMemoryTest {

    private static final Detection DIAL = new Detection(ModelFrameReader.METER, "meter", 0.9,
            new BoundingBox(100, 100, 200, 200));
    private static final Detection GLASS = new Detection(ModelFrameReader.WATER, "water", 0.9,
            new BoundingBox(400, 100, 40, 300));
    private static final Detection SURFACE = new Detection(ModelFrameReader.LEVEL, "level", 0.8,
            new BoundingBox(400, 230, 40, 40));

    private static Frame frame(String camera, double seconds, int width) {
        return new Frame(camera, 0, Instant.EPOCH.plusMillis(Math.round(seconds * 1000)), width, 2,
                new byte[width * 2 * 3]);
    }

    /** What reading a frame came to, each gauge a meter's. */
    private static DetectionMemory.Outcome read(FoundGauge... found) {
        return new DetectionMemory.Outcome(List.of(found),
                java.util.Arrays.stream(found).allMatch(g -> g.status().hasValue()));
    }

    private static FoundGauge dial(boolean ok) {
        GaugeMeasurement m = ok ? GaugeMeasurement.ok(GaugeType.POINTER, 0.4, 0.8, null)
                : GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.LOW_CONFIDENCE, 0.2, null);
        return new FoundGauge(GaugeType.POINTER, DIAL.box(), DIAL.confidence(), m, null);
    }

    /** The glass read with its surface at {@code surfaceY}, from the level box {@code level}. */
    private static FoundGauge glass(BoundingBox level, double surfaceY) {
        LevelDiagnostics d = new LevelDiagnostics(GLASS.box(), level, level.centerY(), surfaceY, 30,
                (GLASS.box().y2() - surfaceY) / GLASS.box().height());
        return new FoundGauge(GaugeType.LEVEL, GLASS.box(), GLASS.confidence(),
                GaugeMeasurement.ok(GaugeType.LEVEL, d.rawFraction(), 0.8, d), null);
    }

    @Test
    void aCamerasDetections_serveItsFramesUntilTheyAreTooOld() {
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10));
        Frame first = frame("cam1", 0, 1280);
        assertThat(memory.recall(first)).isNull();

        memory.update(first, List.of(DIAL), /* fresh= */ true, read(dial(true)));

        assertThat(memory.recall(frame("cam1", 1, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("cam1", 9.9, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("cam1", 10, 1280))).as("as old as the lifetime").isNull();
        assertThat(memory.recall(frame("cam2", 1, 1280))).as("another camera").isNull();
        assertThat(memory.recall(frame("cam1", 1, 1920))).as("another frame size").isNull();
        assertThat(memory.recall(frame("cam1", -1, 1280))).as("a frame from before them").isNull();

        memory.forget("cam1");
        assertThat(memory.recall(frame("cam1", 1, 1280))).isNull();
    }

    @Test
    void aFreshDetection_restartsTheLifetime() {
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10));
        memory.update(frame("cam1", 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        memory.update(frame("cam1", 10, 1280), List.of(DIAL, GLASS), /* fresh= */ true, read(dial(true)));

        assertThat(memory.recall(frame("cam1", 15, 1280))).containsExactly(DIAL, GLASS);
    }

    @Test
    void aGaugeThatStopsReadingAtTheRememberedBoxes_bringsTheDetectorBack() {
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10));
        memory.update(frame("cam1", 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        memory.update(frame("cam1", 1, 1280), List.of(DIAL), /* fresh= */ false, read(dial(true)));
        assertThat(memory.recall(frame("cam1", 2, 1280))).isNotNull();

        memory.update(frame("cam1", 2, 1280), List.of(DIAL), /* fresh= */ false, read(dial(false)));

        assertThat(memory.recall(frame("cam1", 3, 1280))).isNull();
    }

    @Test
    void aFreshDetectionWhereAMeterDidNotRead_isNotRemembered() {
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10));
        memory.update(frame("cam1", 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(false)));
        assertThat(memory.recall(frame("cam1", 1, 1280))).isNull();

        // a meter the detector missed has no OK reading either
        memory.update(frame("cam1", 1, 1280), List.of(), /* fresh= */ true,
                new DetectionMemory.Outcome(List.of(), /* allRead= */ false));
        assertThat(memory.recall(frame("cam1", 2, 1280))).isNull();
    }

    @Test
    void aSurfaceBox_followsTheSurfaceReadInTheGlass() {
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10));
        memory.update(frame("cam1", 0, 1280), List.of(GLASS, SURFACE), /* fresh= */ true,
                read(glass(SURFACE.box(), 252)));

        List<Detection> recalled = memory.recall(frame("cam1", 1, 1280));
        assertThat(recalled).hasSize(2).contains(GLASS);
        Detection moved = recalled.get(1);
        assertThat(moved.classId()).isEqualTo(ModelFrameReader.LEVEL);
        assertThat(moved.box().centerY()).isEqualTo(252);
        assertThat(moved.box().centerX()).isEqualTo(SURFACE.box().centerX());
        assertThat(moved.box().height()).isEqualTo(SURFACE.box().height());

        // read at the moved box, the surface has risen again: the box follows it
        memory.update(frame("cam1", 1, 1280), recalled, /* fresh= */ false, read(glass(moved.box(), 240)));
        assertThat(memory.recall(frame("cam1", 2, 1280)).get(1).box().centerY()).isEqualTo(240);
    }

    @Test
    void aCameraWithItsOwnLifetime_keepsItsDetectionsForThatLong() {
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10));
        memory.lifetime("ptz", Duration.ZERO);
        memory.lifetime("slow", Duration.ofSeconds(60));
        for (String camera : List.of("fixed", "ptz", "slow")) {
            memory.update(frame(camera, 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        }

        assertThat(memory.recall(frame("fixed", 5, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("ptz", 0.1, 1280))).isNull();
        assertThat(memory.recall(frame("slow", 30, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("fixed", 30, 1280))).isNull();

        memory.forget("ptz");
        memory.update(frame("ptz", 1, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        assertThat(memory.recall(frame("ptz", 2, 1280))).as("a camera added again takes the default").isNotNull();
    }

    @Test
    void aSpreadLifetime_staggersACamerasFirstDetections_andKeepsLaterOnesForMostOfIt() {
        // 10 s lifetime, spread 0.25. Camera a: first detection at 0 s (u 0.5: kept 5 s), the next
        // at 5 s (u 1: 7.5 s), then at 12.5 s (u 0: 10 s); a detection recalled keeps its time.
        Deque<Double> draws = new ArrayDeque<>(List.of(0.5, 1.0, 0.0));
        DetectionMemory memory = new DetectionMemory(Duration.ofSeconds(10), 0.25, draws::pop);
        memory.update(frame("a", 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        assertThat(memory.recall(frame("a", 4.9, 1280))).containsExactly(DIAL);
        memory.update(frame("a", 4.9, 1280), List.of(DIAL), /* fresh= */ false, read(dial(true)));
        assertThat(memory.recall(frame("a", 5, 1280))).isNull();

        memory.update(frame("a", 5, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        assertThat(memory.recall(frame("a", 12.4, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("a", 12.5, 1280))).isNull();

        memory.update(frame("a", 12.5, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        assertThat(memory.recall(frame("a", 22.4, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("a", 22.5, 1280))).isNull();
        assertThat(draws).as("one draw per fresh detection").isEmpty();

        // a camera removed and added again starts staggered again: u 0.9, kept 1 s
        memory.forget("a");
        draws.push(0.9);
        memory.update(frame("a", 30, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        assertThat(memory.recall(frame("a", 30.9, 1280))).containsExactly(DIAL);
        assertThat(memory.recall(frame("a", 31.0, 1280))).isNull();
        assertThatThrownBy(() -> new DetectionMemory(Duration.ofSeconds(10), 1, () -> 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLivePipelinesMemory_spreadsTwoHundredCamerasThatStartTogether() {
        DetectionMemory memory = DetectionMemory.spread(Duration.ofSeconds(10));
        for (int i = 0; i < 200; i++) {
            memory.update(frame("cam" + i, 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        }
        // first detections: kept a uniform share of the 10 s, so about half still at 5 s
        assertThat(kept(memory, 5)).isBetween(60L, 140L);
        assertThat(kept(memory, 10)).isZero();
        for (int i = 0; i < 200; i++) {
            memory.update(frame("cam" + i, 10, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));
        }
        // later ones: 7.5-10 s
        assertThat(kept(memory, 17.49)).isEqualTo(200);
        assertThat(kept(memory, 18.75)).isBetween(60L, 140L);
        assertThat(kept(memory, 20)).isZero();
    }

    private static long kept(DetectionMemory memory, double seconds) {
        return IntStream.range(0, 200).filter(i -> memory.recall(frame("cam" + i, seconds, 1280)) != null).count();
    }

    @Test
    void aZeroLifetime_remembersNothing() {
        DetectionMemory memory = new DetectionMemory(Duration.ZERO);
        memory.update(frame("cam1", 0, 1280), List.of(DIAL), /* fresh= */ true, read(dial(true)));

        assertThat(memory.recall(frame("cam1", 0, 1280))).isNull();
        assertThatThrownBy(() -> new DetectionMemory(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
