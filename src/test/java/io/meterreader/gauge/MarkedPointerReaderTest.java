package io.meterreader.gauge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import io.meterreader.frame.ReadingStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkedPointerReaderTest {

    private static final int SIZE = 200;
    private static final double C = 100;
    private static final double R = 80;
    private final MarkedPointerReader reader = new MarkedPointerReader(PointerReader.POINTER_CLASS);

    /** Marks of a face-on dial centred in the crop, its scale from {@code start} clockwise over {@code span} degrees. */
    private static MarkedPointerReader.Marks marks(double start, double span) {
        return new MarkedPointerReader.Marks(new ImagePoint(C, C), onRing(start), onRing(start + span));
    }

    private static ImagePoint onRing(double degrees) {
        return new ImagePoint(C + R * Math.cos(Math.toRadians(degrees)), C + R * Math.sin(Math.toRadians(degrees)));
    }

    private static MarkedPointerReader.View view(Detection... pointers) {
        return new MarkedPointerReader.View(List.of(pointers), 0, 0, 0);
    }

    private static Detection needle(double degrees) {
        return Drawing.needle(SIZE, C, C, degrees, 0.85 * R, 4, 0.25 * R);
    }

    @Test
    void aNeedle_readsItsAngleBetweenTheMarks_toATenthOfAPercent() {
        // 270 degrees from the lower left (135) clockwise round to the lower right (45)
        for (double fraction : new double[] {0.0, 0.13, 0.5, 0.77, 1.0}) {
            GaugeMeasurement m = reader.read(List.of(view(needle(135 + 270 * fraction))), marks(135, 270));

            assertThat(m.status()).as("fraction %s", fraction).isEqualTo(ReadingStatus.OK);
            assertThat(m.fraction()).as("fraction %s", fraction).isCloseTo(fraction, within(0.001));
            assertThat(m.confidence()).as("fraction %s", fraction).isGreaterThan(0.8);
        }
    }

    @Test
    void aDriftedView_ofAnEarlierFrame_readsWhereItsNeedleIsTakenToHaveMovedTo() {
        MarkedPointerReader.View earlier = view(needle(135 + 270 * 0.40));

        GaugeMeasurement carried = reader.read(List.of(earlier.drifted(0.02)), marks(135, 270));
        GaugeMeasurement agreeing = reader.read(List.of(view(needle(135 + 270 * 0.42)), earlier.drifted(0.02)),
                marks(135, 270));

        assertThat(carried.fraction()).isCloseTo(0.42, within(0.001));
        // with the drift, the earlier view agrees with a view of the frame read now: full confidence
        assertThat(agreeing.fraction()).isCloseTo(0.42, within(0.001));
        assertThat(agreeing.confidence()).isGreaterThan(0.8);
    }

    @Test
    void theTail_doesNotTurnThePointerRound() {
        // a long counterweight behind the pivot, still shorter than the needle
        Mask mask = Mask.empty(SIZE, SIZE);
        Drawing.fill(mask, Drawing.ray(C, C, 200, 0, 0.8 * R, 4, 4));
        Drawing.fill(mask, Drawing.ray(C, C, 20, 0, 0.5 * R, 9, 9));
        Detection pointer = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, mask);

        GaugeMeasurement m = reader.read(List.of(view(pointer)), marks(135, 270));

        assertThat(m.fraction()).isCloseTo((200 - 135) / 270.0, within(0.002));
    }

    @Test
    void inTheOpenSector_itIsOutOfRange_onTheNearerEndsSide() {
        GaugeMeasurement pastEnd = reader.read(List.of(view(needle(70))), marks(135, 270));
        GaugeMeasurement beforeStart = reader.read(List.of(view(needle(110))), marks(135, 270));

        assertThat(pastEnd.status()).isEqualTo(ReadingStatus.OUT_OF_RANGE);
        assertThat(((PointerDiagnostics) pastEnd.diagnostics()).rawFraction()).isGreaterThan(1);
        assertThat(beforeStart.status()).isEqualTo(ReadingStatus.OUT_OF_RANGE);
        assertThat(((PointerDiagnostics) beforeStart.diagnostics()).rawFraction()).isLessThan(0);
    }

    @Test
    void noPointer_isPointerNotFound() {
        Detection tick = Drawing.tick(SIZE, C, C, 180, 0.8 * R, R, 3);

        assertThat(reader.read(List.of(view(tick)), marks(135, 270)).status()).isEqualTo(ReadingStatus.POINTER_NOT_FOUND);
        assertThat(reader.read(List.of(), marks(135, 270)).status()).isEqualTo(ReadingStatus.POINTER_NOT_FOUND);
    }

    @Test
    void aRivalPointerAsStrong_takesTheConfidenceAway_aPieceOnTheSameLineDoesNot() {
        Detection needle = needle(250);
        Detection drag = Drawing.needle(SIZE, C, C, 300, 0.85 * R, 4, 0);
        Mask outer = Mask.empty(SIZE, SIZE);
        Drawing.fill(outer, Drawing.ray(C, C, 250.5, 0.6 * R, 0.9 * R, 4, 4));
        Detection piece = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.6, outer);

        GaugeMeasurement rivalled = reader.read(List.of(view(needle, drag)), marks(135, 270));
        GaugeMeasurement pieced = reader.read(List.of(view(needle, piece)), marks(135, 270));

        assertThat(rivalled.confidence()).isLessThan(0.1);
        assertThat(pieced.confidence()).isGreaterThan(0.8);
        assertThat(pieced.fraction()).isCloseTo((250 - 135) / 270.0, within(0.003));
    }

    @Test
    void aMaskThatIsNotALineThroughThePivot_isNotTrusted() {
        // a blob off to the side: a logo taken for a pointer
        Mask blob = Mask.empty(SIZE, SIZE);
        Drawing.fill(blob, new double[][] {{120, 40}, {170, 40}, {170, 90}, {120, 90}});
        Detection logo = Drawing.detection(PointerReader.POINTER_CLASS, "pointer", 0.9, blob);

        assertThat(reader.read(List.of(view(logo)), marks(135, 270)).confidence()).isLessThan(0.3);
    }

    @Test
    void counterclockwiseMeters_takeTheirMaxMarkAsTheClockwiseStart() {
        MeterCalibration.ScaleMarks calibrated = new MeterCalibration.ScaleMarks(new MeterCalibration.Point(C, C),
                new MeterCalibration.Point(onRing(45).x(), onRing(45).y()),
                new MeterCalibration.Point(onRing(135).x(), onRing(135).y()));
        MarkedPointerReader.Marks marks = MarkedPointerReader.Marks.of(calibrated, true);

        GaugeMeasurement m = reader.read(List.of(view(needle(135 + 270 * 0.2))), marks);

        // clockwise from the max mark: ScaleMapping turns it round to 0.8 of the way from min
        assertThat(marks.first()).isEqualTo(onRing(135));
        assertThat(m.fraction()).isCloseTo(0.2, within(0.001));
    }

    @Test
    void aDialSeenAtAnAngle_isUnwarpedByTheTickReadersRing() {
        // A face-on dial squashed to 0.6 of its height: the ring is an ellipse, and image angles
        // between the marks are not the dial's.
        double squash = 0.6;
        double fraction = 0.4;
        double dialAngle = 135 + 270 * fraction;
        ImagePoint tipOnDial = squashed(dialAngle, 0.85 * R, squash);
        double imageAngle = Math.toDegrees(Math.atan2(tipOnDial.y() - C, tipOnDial.x() - C));
        Detection pointer = Drawing.needle(SIZE, C, C, imageAngle, Math.hypot(tipOnDial.x() - C, tipOnDial.y() - C), 4, 0);
        MarkedPointerReader.Marks marks = new MarkedPointerReader.Marks(new ImagePoint(C, C), squashed(135, R, squash),
                squashed(45, R, squash));
        Ellipse ring = new Ellipse(C, C, R, squash * R, 0);

        double plain = reader.read(List.of(view(pointer)), marks).fraction();
        double unwarped = reader.read(List.of(view(pointer)), marks, ring).fraction();
        double wrongRing = reader.read(List.of(view(pointer)), marks, new Ellipse(C, C, 2 * R, R, 0)).fraction();

        assertThat(Math.abs(plain - fraction)).isGreaterThan(0.02);
        assertThat(unwarped).isCloseTo(fraction, within(0.002));
        // a ring the marks do not lie on is not used
        assertThat(wrongRing).isEqualTo(plain);
    }

    private static ImagePoint squashed(double degrees, double radius, double squash) {
        return new ImagePoint(C + radius * Math.cos(Math.toRadians(degrees)),
                C + squash * radius * Math.sin(Math.toRadians(degrees)));
    }

    @Test
    void theSegmentersMaskShift_isTakenOffBeforeTheAngle() {
        // the same needle drawn 3 pixels right of and below the truth, as the segmenter draws it
        double shift = 3;
        Detection drawn = Drawing.needle(SIZE, C + shift, C + shift, 200, 0.85 * R, 4, 0);
        MarkedPointerReader.View shifted = new MarkedPointerReader.View(List.of(drawn), 0, 0, shift);
        MarkedPointerReader.View unshifted = new MarkedPointerReader.View(List.of(drawn), 0, 0, 0);

        double truth = (200 - 135) / 270.0;
        assertThat(reader.read(List.of(shifted), marks(135, 270)).fraction()).isCloseTo(truth, within(0.001));
        assertThat(Math.abs(reader.read(List.of(unshifted), marks(135, 270)).fraction() - truth)).isGreaterThan(0.004);
        assertThat(MarkedPointerReader.maskShift(0.5, 320, 320)).isEqualTo(2.0);
        assertThat(MarkedPointerReader.maskShift(0.5, 160, 320)).isEqualTo(1.0);
        assertThat(MarkedPointerReader.maskShift(0, 160, 320)).isZero();
    }

    @Test
    void cropsAreReadInImagePixels_andTheirReadingsCombined() {
        // the same dial in two crops with different offsets
        Detection inFirst = needle(250);
        Detection inSecond = Drawing.needle(SIZE, C - 10, C - 20, 250, 0.85 * R, 4, 0);
        List<MarkedPointerReader.View> views = List.of(new MarkedPointerReader.View(List.of(inFirst), 0, 0, 0),
                new MarkedPointerReader.View(List.of(inSecond), 10, 20, 0));

        GaugeMeasurement m = reader.read(views, marks(135, 270));

        assertThat(m.fraction()).isCloseTo((250 - 135) / 270.0, within(0.002));
        assertThat(m.confidence()).isGreaterThan(0.8);
    }
}
