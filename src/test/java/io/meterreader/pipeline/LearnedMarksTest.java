package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Mask;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerDiagnostics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A pointer meter calibrated without scale marks learns them from where its tick readings put
 * the pivot and the scale's ends, and reads its dial against them where the ticks are not sure.
 */
class LearnedMarksTest {

    /** The dial's crop in the frame; its pivot at (100, 100) in the crop, (500, 300) in the frame. */
    private static final BoundingBox BOX = new BoundingBox(400, 200, 200, 200);

    private static MeterCalibration meter(MeterCalibration.ScaleMarks marks) {
        return new MeterCalibration("boiler", "cam1", GaugeType.POINTER, new MeterCalibration.Region(380, 180, 240, 240),
                new MeterCalibration.Range(0, 10, "bar"), List.of(), null, 1, null, 0.5, null, "boiler.yaml", false,
                marks);
    }

    /** The pointer straight up from the pivot, as the segmenter found it in the crop. */
    private static List<MarkedPointerReader.View> pointer() {
        Mask mask = Mask.empty(200, 200);
        for (int y = 20; y < 100; y++) {
            for (int x = 98; x < 102; x++) {
                mask.set(x, y, true);
            }
        }
        Detection d = new Detection(0, "pointer", 0.9, new BoundingBox(98, 20, 4, 80), mask);
        return List.of(new MarkedPointerReader.View(List.of(d), 400, 200, 0));
    }

    /**
     * A tick reading of the dial in a box moved by {@code shift}: the scale from the left of the
     * pivot to its right, its end ticks moved by {@code endShift} pixels (crop pixels).
     */
    private static FoundGauge ticksRead(double fraction, double confidence, double endShift, double shift) {
        ImagePoint first = new ImagePoint(20, 100 + endShift);
        ImagePoint last = new ImagePoint(180, 100 + endShift);
        PointerDiagnostics d = new PointerDiagnostics("rectified", new ImagePoint(100, 100), null,
                List.of(first, last), first, last, new ImagePoint(100, 20), -90.0, 180.0, 0.0, 10, fraction, 0, null);
        List<ImagePoint> inImage = List.of(first.translate(400 + shift, 200), last.translate(400 + shift, 200));
        return new FoundGauge(GaugeType.POINTER, BOX.translate(shift, 0), 0.95,
                GaugeMeasurement.ok(GaugeType.POINTER, fraction, confidence, d), null, inImage, pointer());
    }

    /**
     * A tick reading of the dial (its ticks' pivot at (100, 100) in the crop) whose pointer turns
     * about (100, 107): the needle's own pivot, 7 px below where the ticks put it.
     */
    private static FoundGauge ticksReadPointingAt(double degrees) {
        Mask mask = Mask.empty(200, 200);
        double a = Math.toRadians(degrees);
        for (double r = 8; r < 75; r += 0.25) {
            for (double w = -2; w <= 2; w += 0.5) {
                int x = (int) Math.round(100 + r * Math.cos(a) - w * Math.sin(a));
                int y = (int) Math.round(107 + r * Math.sin(a) + w * Math.cos(a));
                mask.set(x, y, true);
            }
        }
        Detection d = new Detection(0, "pointer", 0.9, new BoundingBox(0, 0, 200, 200), mask);
        FoundGauge ticks = ticksRead(0.5, 0.3, 0, 0);
        return new FoundGauge(GaugeType.POINTER, BOX, 0.95, ticks.measurement(), null, ticks.ticks(),
                List.of(new MarkedPointerReader.View(List.of(d), 400, 200, 0)));
    }

    private static FoundGauge noScale() {
        return new FoundGauge(GaugeType.POINTER, BOX, 0.95,
                GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND), null, List.of(), pointer());
    }

    @Test
    void aWindowOfTickReadingsAgreeing_teachesTheirMedian_andADialWithoutAScaleIsReadAgainstIt() {
        List<String> said = new ArrayList<>();
        LearnedMarks learned = new LearnedMarks(said::add);
        MeterCalibration meter = meter(null);

        for (int i = 0; i < LearnedMarks.WINDOW - 1; i++) {
            // unsure readings teach as well as sure ones: the marks are what agrees from frame to frame
            learned.read(meter, ticksRead(0.5, 0.3, i % 3 - 1, 0));
        }
        FoundGauge before = noScale();
        assertThat(learned.read(meter, before)).isSameAs(before);
        assertThat(learned.learnt("boiler")).isNull();

        learned.read(meter, ticksRead(0.5, 0.3, 0, 0));
        FoundGauge read = learned.read(meter, noScale());

        assertThat(learned.learnt("boiler")).isEqualTo(new MarkedPointerReader.Marks(new ImagePoint(500, 300),
                new ImagePoint(420, 300), new ImagePoint(580, 300)));
        assertThat(said).singleElement().asString().contains("Meter boiler: scale marks learnt")
                .contains("scale-marks: {pivot: {x: 500, y: 300}, min: {x: 420, y: 300}, max: {x: 580, y: 300}}");
        assertThat(read.status()).isEqualTo(ReadingStatus.OK);
        assertThat(read.fraction()).isCloseTo(0.5, within(0.002));
        assertThat(read.measurement().diagnostics()).isInstanceOfSatisfying(PointerDiagnostics.class,
                p -> assertThat(p.method()).isEqualTo(MarkedPointerReader.METHOD));
    }

    @Test
    void aShownTickReading_isKept_andAnUnsureOneIsReadAgainstTheMarks() {
        LearnedMarks learned = new LearnedMarks(s -> { });
        MeterCalibration meter = meter(null);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            learned.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }

        FoundGauge shown = ticksRead(0.48, 0.6, 0, 0);
        FoundGauge unsure = ticksRead(0.3, 0.4, 0, 0);

        assertThat(learned.read(meter, shown)).isSameAs(shown);
        assertThat(learned.read(meter, unsure).fraction()).isCloseTo(0.5, within(0.002));
    }

    @Test
    void readingsThatDisagree_orFindNoScale_teachNothing() {
        LearnedMarks learned = new LearnedMarks(s -> { });
        MeterCalibration meter = meter(null);

        for (int i = 0; i < 3 * LearnedMarks.WINDOW; i++) {
            // every other reading's ends 20 px off (a quarter of the 80 px radius): 8 of 15 agree at best
            learned.read(meter, ticksRead(0.5, 0.9, i % 2 == 0 ? 0 : 20, 0));
            learned.read(meter, noScale());
        }

        assertThat(learned.learnt("boiler")).isNull();
    }

    @Test
    void marksFollowTheScaleWhenItMoves_andAreForgottenWhenTheBoxMoves() {
        List<String> said = new ArrayList<>();
        Map<String, MeterCalibration.ScaleMarks> shown = new HashMap<>();
        LearnedMarks learned = new LearnedMarks(said::add, (id, marks) -> {
            if (marks == null) {
                shown.remove(id);
            } else {
                shown.put(id, marks);
            }
        }, MarksMemory.NONE);
        MeterCalibration meter = meter(null);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            learned.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }

        for (int i = 0; i < LearnedMarks.AGREEING - 1; i++) {
            learned.read(meter, ticksRead(0.5, 0.9, 20, 0));
        }
        assertThat(learned.learnt("boiler").first()).isEqualTo(new ImagePoint(420, 300));
        learned.read(meter, ticksRead(0.5, 0.9, 20, 0));
        assertThat(learned.learnt("boiler").first()).isEqualTo(new ImagePoint(420, 320));
        assertThat(said).hasSize(2);
        assertThat(said.get(1)).contains("min: {x: 420, y: 320}");
        assertThat(shown.get("boiler")).isEqualTo(new MeterCalibration.ScaleMarks(new MeterCalibration.Point(500, 300),
                new MeterCalibration.Point(420, 320), new MeterCalibration.Point(580, 320)));

        learned.read(meter, ticksRead(0.5, 0.3, 0, 150));   // the dial's box 150 px to the right
        assertThat(learned.learnt("boiler")).isNull();
        assertThat(said.get(said.size() - 1)).contains("forgotten").contains("box moved");
        assertThat(shown).isEmpty();
    }

    @Test
    void aMeterWithItsOwnMarks_isReadAgainstThem_andACamerasMetersAreForgottenWithIt() {
        LearnedMarks learned = new LearnedMarks(s -> { });
        // its own marks put the scale's ends above the pivot: the pointer straight up is past its end
        MeterCalibration marked = meter(new MeterCalibration.ScaleMarks(new MeterCalibration.Point(500, 300),
                new MeterCalibration.Point(420, 380), new MeterCalibration.Point(420, 220)));
        MeterCalibration unmarked = meter(null);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            learned.read(unmarked, ticksRead(0.5, 0.9, 0, 0));
        }

        FoundGauge read = learned.read(marked, ticksRead(0.5, 0.9, 0, 0));
        assertThat(learned.learnt("boiler")).isNotNull();
        learned.forgetCamera("cam1");

        assertThat(read.ticks()).containsExactly(new ImagePoint(420, 380), new ImagePoint(420, 220));
        assertThat(learned.learnt("boiler")).isNull();
    }

    @Test
    void aPointerThatTurned_placesThePivotWhereItsAxesCross_andOneThatDidNotLeavesTheTicksPivot() {
        // the ticks put the pivot 3 px right of the true one, (500, 300)
        MarkedPointerReader.Marks ticks = new MarkedPointerReader.Marks(new ImagePoint(503, 300),
                new ImagePoint(420, 300), new ImagePoint(580, 300));
        List<MarkedPointerReader.Axis> turned = new ArrayList<>();
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            double a = Math.toRadians(-150 + 10 * i);   // the needle swept 140 degrees
            turned.add(new MarkedPointerReader.Axis(500 + 30 * Math.cos(a), 300 + 30 * Math.sin(a), Math.cos(a), Math.sin(a)));
        }
        turned.set(3, new MarkedPointerReader.Axis(0, 0, 1, 0));   // a stray line far from the pivot takes no part
        turned.set(5, null);                                // a frame without a pointer axis
        List<MarkedPointerReader.Axis> still = new ArrayList<>();
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            double a = Math.toRadians(-90 + i);             // 14 degrees: too little turn
            still.add(new MarkedPointerReader.Axis(500 + 30 * Math.cos(a), 300 + 30 * Math.sin(a), Math.cos(a), Math.sin(a)));
        }

        MarkedPointerReader.Marks fromAxes = LearnedMarks.turningPivot(turned, ticks);

        assertThat(fromAxes.pivot().x()).isCloseTo(500, within(1e-6));
        assertThat(fromAxes.pivot().y()).isCloseTo(300, within(1e-6));
        assertThat(fromAxes.first()).isEqualTo(ticks.first());
        assertThat(LearnedMarks.turningPivot(still, ticks)).isEqualTo(ticks);
    }

    @Test
    void thePivotFoundWhileThePointerTurned_isKeptWhileItStandsStill_notLearntAgainAndAgain() {
        List<String> said = new ArrayList<>();
        LearnedMarks learned = new LearnedMarks(said::add);
        MeterCalibration meter = meter(null);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            learned.read(meter, ticksReadPointingAt(-150 + 8 * i));   // turning over 112 degrees
        }
        assertThat(learned.learnt("boiler").pivot().y()).as("where the axes cross").isCloseTo(307, within(1.0));
        for (int i = 0; i < 3 * LearnedMarks.WINDOW; i++) {
            learned.read(meter, ticksReadPointingAt(-90));              // then still
        }

        assertThat(learned.learnt("boiler").pivot().y()).as("kept").isCloseTo(307, within(1.0));
        assertThat(said).as("learnt once, not again at the ticks' pivot").hasSize(1);
    }

    @Test
    void aPointersAxis_isThePrincipalLineOfItsMask_inTheFrame() {
        // a needle from the pivot (100, 100) towards the upper right, at 45 degrees, in the crop at (400, 200)
        Mask mask = Mask.empty(200, 200);
        for (int t = 10; t < 70; t++) {
            mask.set(100 + t, 100 - t, true);
            mask.set(101 + t, 100 - t, true);
        }
        Detection needle = new Detection(0, "pointer", 0.9, new BoundingBox(100, 30, 72, 72), mask);
        Detection blob = new Detection(0, "pointer", 0.3, new BoundingBox(0, 0, 10, 10), Mask.empty(200, 200));
        FoundGauge gauge = new FoundGauge(GaugeType.POINTER, BOX, 0.95,
                GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND), null, List.of(),
                List.of(new MarkedPointerReader.View(List.of(blob, needle), 400, 200, 1.5)));

        MarkedPointerReader.Axis axis = LearnedMarks.axis(gauge);

        // along x + y = 201.5 in the crop (the pixels' centres), so 801.5 in the frame, less the
        // mask shift (1.5 px right and down); the blob, less sure, is not it
        assertThat(axis.dx() * axis.dy()).isCloseTo(-0.5, within(1e-6));
        assertThat(axis.x() + axis.y()).isCloseTo(801.5 - 3, within(1e-6));
        assertThat(LearnedMarks.axis(noScale())).isNotNull();
    }

    /** A memory in a map, as the database keeps it between runs. */
    private static final class MapMemory implements MarksMemory {
        final Map<String, LearnedMarks.Learnt> kept = new HashMap<>();
        final Map<String, MeterCalibration> under = new HashMap<>();
        int keeps;
        boolean away;

        @Override
        public boolean canRecall() {
            return !away;
        }

        @Override
        public LearnedMarks.Learnt recall(MeterCalibration meter) {
            MeterCalibration was = under.get(meter.id());
            return !away && was != null && LearnedMarks.dial(was).equals(LearnedMarks.dial(meter)) ? kept.get(meter.id()) : null;
        }

        @Override
        public void keep(MeterCalibration meter, LearnedMarks.Learnt learnt) {
            keeps++;
            kept.put(meter.id(), learnt);
            under.put(meter.id(), meter);
        }

        @Override
        public void forget(MeterCalibration meter) {
            kept.remove(meter.id());
        }
    }

    @Test
    void aMeterTakenOutOfService_forgetsItsMarksHereAndKept_andLearnsThemAfreshFromTheGaugeThatComesBack() {
        MapMemory memory = new MapMemory();
        MeterCalibration meter = meter(null);
        List<String> said = new ArrayList<>();
        Map<String, MeterCalibration.ScaleMarks> told = new HashMap<>();
        LearnedMarks marks = new LearnedMarks(said::add, told::put, memory);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            marks.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }
        assertThat(marks.learnt("boiler")).isNotNull();
        assertThat(memory.kept).containsKey("boiler");

        marks.outOfService(meter);
        assertThat(marks.learnt("boiler")).isNull();
        assertThat(told).containsEntry("boiler", null);
        assertThat(memory.kept).as("nor taken up after a restart").doesNotContainKey("boiler");
        assertThat(said).last().asString().contains("forgotten (taken out of service)");
        FoundGauge unsure = noScale();
        assertThat(marks.read(meter, unsure)).as("back: nothing to read an unsure dial against yet").isSameAs(unsure);
    }

    @Test
    void marksLearnt_areKept_andARestartedServiceReadsAgainstThemAtOnce() {
        MapMemory memory = new MapMemory();
        MeterCalibration meter = meter(null);
        LearnedMarks first = new LearnedMarks(s -> { }, (id, m) -> { }, memory);
        for (int i = 0; i < 3 * LearnedMarks.WINDOW; i++) {
            first.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }
        assertThat(memory.keeps).as("kept when first learnt, not again while they stay put").isEqualTo(1);

        List<String> said = new ArrayList<>();
        Map<String, MeterCalibration.ScaleMarks> told = new HashMap<>();
        LearnedMarks restarted = new LearnedMarks(said::add, told::put, memory);
        FoundGauge read = restarted.read(meter, noScale());

        assertThat(read.status()).as("read against the kept marks on its first frame").isEqualTo(ReadingStatus.OK);
        assertThat(read.fraction()).isCloseTo(0.5, within(0.002));
        assertThat(restarted.learnt("boiler")).isEqualTo(first.learnt("boiler"));
        assertThat(told).containsKey("boiler");
        assertThat(said).singleElement().asString().contains("learnt before (kept in the store) taken up");

        MeterCalibration newRange = new MeterCalibration("boiler", "cam1", GaugeType.POINTER,
                meter.region(), new MeterCalibration.Range(0, 16, "bar"), List.of(), null, 1, null, 0.6, null,
                "boiler.yaml", false, null);
        assertThat(new LearnedMarks(s -> { }, (id, m) -> { }, memory).read(newRange, noScale()).status())
                .as("a new range and gate: the same dial, its marks kept").isEqualTo(ReadingStatus.OK);
        MeterCalibration otherDirection = new MeterCalibration("boiler", "cam1", GaugeType.POINTER,
                meter.region(), meter.range(), List.of(), null, 1, null, 0.5, null, "boiler.yaml", true, null);
        FoundGauge other = noScale();
        assertThat(new LearnedMarks(s -> { }, (id, m) -> { }, memory).read(otherDirection, other))
                .as("values that grow the other way: learnt afresh").isSameAs(other);
    }

    @Test
    void anEditThatLeavesTheDial_keepsTheMarksLearnt_oneThatMovesItsRegion_forgetsThem() {
        Map<String, MeterCalibration.ScaleMarks> told = new HashMap<>();
        LearnedMarks marks = new LearnedMarks(s -> { }, told::put, MarksMemory.NONE);
        MeterCalibration meter = meter(null);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            marks.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }
        MarkedPointerReader.Marks learnt = marks.learnt("boiler");
        assertThat(learnt).isNotNull();

        MeterCalibration alarmed = new MeterCalibration("boiler", "cam1", GaugeType.POINTER, meter.region(),
                new MeterCalibration.Range(0, 16, "bar"), List.of(), new MeterCalibration.Alarms(1.0, 9.0), 3, null,
                0.6, null, "boiler.yaml", false, null);
        marks.recalibrated(alarmed);
        assertThat(marks.learnt("boiler")).isEqualTo(learnt);
        assertThat(marks.read(alarmed, noScale()).status()).as("read against them at once").isEqualTo(ReadingStatus.OK);

        MeterCalibration moved = new MeterCalibration("boiler", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(80, 180, 240, 240), meter.range(), List.of(), null, 1, null, 0.5, null,
                "boiler.yaml", false, null);
        marks.recalibrated(moved);
        assertThat(marks.learnt("boiler")).isNull();
        assertThat(told).containsEntry("boiler", null);
    }

    @Test
    void marksKeptInADatabaseThatWasAwayAtStart_areTakenUpOnceItIsBack() {
        MapMemory memory = new MapMemory();
        MeterCalibration meter = meter(null);
        LearnedMarks first = new LearnedMarks(s -> { }, (id, m) -> { }, memory);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            first.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }

        memory.away = true;
        LearnedMarks restarted = new LearnedMarks(s -> { }, (id, m) -> { }, memory);
        FoundGauge unsure = noScale();
        assertThat(restarted.read(meter, unsure)).as("nothing to read against while it is away").isSameAs(unsure);
        memory.away = false;
        FoundGauge read = restarted.read(meter, noScale());
        assertThat(read.status()).as("read against the kept marks once it is back").isEqualTo(ReadingStatus.OK);
        assertThat(restarted.learnt("boiler")).isEqualTo(first.learnt("boiler"));
    }

    @Test
    void keptMarksOfADialThatMovedWhileTheServiceWasDown_areForgotten() {
        MapMemory memory = new MapMemory();
        MeterCalibration meter = meter(null);
        LearnedMarks first = new LearnedMarks(s -> { }, (id, m) -> { }, memory);
        for (int i = 0; i < LearnedMarks.WINDOW; i++) {
            first.read(meter, ticksRead(0.5, 0.9, 0, 0));
        }

        LearnedMarks restarted = new LearnedMarks(s -> { }, (id, m) -> { }, memory);
        FoundGauge moved = ticksRead(0.5, 0.3, 0, 150);

        assertThat(restarted.read(meter, moved)).isSameAs(moved);
        assertThat(restarted.learnt("boiler")).isNull();
        assertThat(memory.kept).isEmpty();
    }
}
