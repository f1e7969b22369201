package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Mask;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.LevelDiagnostics;
import io.meterreader.gauge.MarkedPointerReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OfflineReaderTest {

    /** A frame reader that finds the given gauges in every image. */
    private static OfflineReader finding(FoundGauge... gauges) {
        return new OfflineReader(new FixedFrameReader(gauges));
    }

    private static FoundGauge dial(GaugeMeasurement m) {
        return new FoundGauge(GaugeType.POINTER, new BoundingBox(4, 5, 30, 30), 0.9, m, null);
    }

    private static final ImageDecoder.BgrImage IMAGE = new ImageDecoder.BgrImage(8, 6, new byte[8 * 6 * 3]);

    @Test
    void sureReading_hasItsFractionAndValue() {
        OfflineReader reader = finding(dial(GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.8, null)));

        OfflineReader.GaugeResult g = reader.read(IMAGE, new OfflineReader.Scale(0, 1.6, "MPa")).gauges().get(0);

        assertThat(g.status()).isEqualTo("OK");
        assertThat(g.fraction()).isEqualTo(0.25);
        assertThat(g.value()).isEqualTo(0.4);
        assertThat(g.unit()).isEqualTo("MPa");
        // the reading's confidence as the live service gives it (and gates it), the detector's apart
        assertThat(g.confidence()).isEqualTo(0.8);
        assertThat(g.detection()).isEqualTo(0.9);
    }

    @Test
    void counterclockwiseScale_readsFromTheOtherEnd() {
        OfflineReader reader = finding(dial(GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.8, null)));

        OfflineReader.GaugeResult g = reader.read(IMAGE, new OfflineReader.Scale(-1, 0, "bar", true)).gauges().get(0);

        assertThat(g.fraction()).isEqualTo(0.75);
        assertThat(g.value()).isEqualTo(-0.25, offset(1e-12));
    }

    /** A dial at (x, 0), 40 pixels wide, whose tick reader failed, its pointer straight up from (x + 20, 20). */
    private static FoundGauge pointingUp(int x) {
        Mask mask = Mask.empty(40, 40);
        for (int y = 2; y < 20; y++) {
            mask.set(19, y, true);
            mask.set(20, y, true);
        }
        Detection pointer = new Detection(0, "pointer", 0.9, new BoundingBox(19, 2, 2, 18), mask);
        return new FoundGauge(GaugeType.POINTER, new BoundingBox(x, 0, 40, 40), 0.9,
                GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND), null, List.of(),
                List.of(new MarkedPointerReader.View(List.of(pointer), x, 0, 0)));
    }

    @Test
    void scaleMarks_readTheDialUnderTheirPivot_fromItsPointer() {
        OfflineReader reader = finding(pointingUp(0), pointingUp(50));
        // the second dial's scale: min at its left, max at its right, clockwise over the top
        MeterCalibration.ScaleMarks marks = OfflineReader.parseMarks("70,20, 55,20, 85,20");

        List<OfflineReader.GaugeResult> gauges = reader.read(IMAGE, new OfflineReader.Scale(0, 10, "bar"), marks)
                .gauges();

        assertThat(gauges).extracting(OfflineReader.GaugeResult::status).containsExactly("SCALE_NOT_FOUND", "OK");
        assertThat(gauges.get(1).value()).isEqualTo(5, offset(0.05));
        assertThat(reader.read(IMAGE, null, OfflineReader.parseMarks("200,200,180,220,220,220")).gauges())
                .extracting(OfflineReader.GaugeResult::status).containsExactly("SCALE_NOT_FOUND", "SCALE_NOT_FOUND");
    }

    /** A sight glass at column x, rows 100 to 300, its surface found at row 250 (a quarter of the glass). */
    private static FoundGauge glass(int x) {
        BoundingBox box = new BoundingBox(x, 100, 20, 200);
        return new FoundGauge(GaugeType.LEVEL, box, 0.9, GaugeMeasurement.ok(GaugeType.LEVEL, 0.25, 0.8,
                new LevelDiagnostics(box, null, 250.0, 250.0, 40, 0.25)), null);
    }

    @Test
    void levelMarks_measureTheGlassAtTheirColumn_orTheOneSpanningThem_betweenThem() {
        OfflineReader reader = finding(glass(0), glass(100));
        OfflineReader.Scale percent = new OfflineReader.Scale(0, 100, "%");
        // the tank's 0% and 100% marked at rows 270 and 170: the surface at 250 is 20% full
        List<OfflineReader.GaugeResult> atColumn = reader.read(IMAGE, percent,
                new OfflineReader.Marks(null, OfflineReader.parseLevelMarks("270,170,112"))).gauges();
        assertThat(atColumn).extracting(OfflineReader.GaugeResult::value).containsExactly(25.0, 20.0);

        OfflineReader oneGlass = finding(dial(GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.8, null)), glass(100));
        List<OfflineReader.GaugeResult> spanning = oneGlass.read(IMAGE, percent,
                new OfflineReader.Marks(null, OfflineReader.parseLevelMarks("270,170"))).gauges();
        assertThat(spanning).extracting(OfflineReader.GaugeResult::value).containsExactly(25.0, 20.0);

        // the surface beyond a mark: OUT_OF_RANGE, as the live meter reads it; a column no glass holds changes nothing
        assertThat(reader.read(IMAGE, percent, new OfflineReader.Marks(null, OfflineReader.parseLevelMarks("240,140,5")))
                .gauges()).extracting(OfflineReader.GaugeResult::status).containsExactly("OUT_OF_RANGE", "OK");
        assertThat(reader.read(IMAGE, percent, new OfflineReader.Marks(null, OfflineReader.parseLevelMarks("270,170,60")))
                .gauges()).extracting(OfflineReader.GaugeResult::value).containsExactly(25.0, 25.0);
    }

    @Test
    void readingTheServiceWouldNotTrust_isLowConfidence_withoutAValue() {
        // The live service calls a reading under 0.5 LOW_CONFIDENCE; checked offline, it must too.
        OfflineReader reader = finding(
                dial(GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.3, null)),
                dial(GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, 0.2, null)),
                dial(GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND)));

        List<OfflineReader.GaugeResult> scaled = reader.read(IMAGE, new OfflineReader.Scale(0, 1.6, "MPa")).gauges();
        List<OfflineReader.GaugeResult> plain = reader.read(IMAGE, null).gauges();

        for (List<OfflineReader.GaugeResult> gauges : List.of(scaled, plain)) {
            assertThat(gauges).extracting(OfflineReader.GaugeResult::status)
                    .containsExactly("LOW_CONFIDENCE", "LOW_CONFIDENCE", "SCALE_NOT_FOUND");
            // the confidence the gate was given, so that a user sees why, and the detector's apart
            assertThat(gauges).extracting(OfflineReader.GaugeResult::confidence).containsExactly(0.3, 0.2, 0.0);
            assertThat(gauges).extracting(OfflineReader.GaugeResult::detection).containsOnly(0.9);
            assertThat(gauges).allSatisfy(g -> {
                assertThat(g.fraction()).isNull();
                assertThat(g.value()).isNull();
            });
        }
        assertThat(plain.get(0).unit()).isNull();
    }

    @Test
    void annotatedRead_drawsEveryGaugeWithItsStatusAndValue() {
        FoundGauge sure = new FoundGauge(GaugeType.POINTER, new BoundingBox(4, 5, 30, 30), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.8, null), new double[] {19, 20, 8, 9});
        FoundGauge unsure = dial(GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND));
        OfflineReader reader = finding(sure, unsure);

        OfflineReader.Annotated read = reader.readAnnotated(IMAGE, new OfflineReader.Scale(0, 1.6, "MPa"));

        assertThat(read.result().gauges()).hasSize(2);
        assertThat(read.snapshot().frame().width()).isEqualTo(8);
        assertThat(read.snapshot().frame().bgr()).isSameAs(IMAGE.bgr());
        assertThat(read.snapshot().annotations()).extracting(Annotation::meterId, Annotation::status, Annotation::text)
                .containsExactly(
                        tuple("pointer-1", ReadingStatus.OK, "pointer-1 0.400 MPa"),
                        tuple("pointer-2", ReadingStatus.SCALE_NOT_FOUND,
                                "pointer-2 SCALE_NOT_FOUND"));
        assertThat(read.snapshot().annotations().get(0).needle()).containsExactly(19, 20, 8, 9);
        byte[] jpeg = SnapshotRenderer.jpeg(read.snapshot(), 0.9f);
        assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
    }

    @Test
    void annotatedRead_drawsTheTicksTheScaleWasReadAgainst() throws Exception {
        List<ImagePoint> ticks = List.of(new ImagePoint(20, 90), new ImagePoint(35, 55), new ImagePoint(60, 45),
                new ImagePoint(85, 55), new ImagePoint(100, 90));
        FoundGauge held = new FoundGauge(GaugeType.POINTER, new BoundingBox(10, 10, 100, 100), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.3, null), null, ticks);
        ImageDecoder.BgrImage black = new ImageDecoder.BgrImage(120, 120, new byte[120 * 120 * 3]);

        OfflineReader.Annotated read = finding(held).readAnnotated(black, null);

        // Drawn whatever the status: a reading held back is shown with the ticks that made it doubtful.
        assertThat(read.result().gauges().get(0).status()).isEqualTo("LOW_CONFIDENCE");
        assertThat(read.snapshot().annotations().get(0).ticks()).isEqualTo(ticks);
        BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(SnapshotRenderer.jpeg(read.snapshot(), 0.95f)));
        for (ImagePoint t : ticks) {
            assertThat(brightness(drawn, (int) t.x(), (int) t.y())).as("tick at " + t).isGreaterThan(100);
        }
        // The first and last ticks are ringed, the others not.
        assertThat(brightness(drawn, 20 + 7, 90)).isGreaterThan(100);
        assertThat(brightness(drawn, 100 - 7, 90)).isGreaterThan(100);
        assertThat(brightness(drawn, 60 + 7, 45)).isLessThan(40);
    }

    private static int brightness(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        return Math.max((rgb >> 16) & 255, Math.max((rgb >> 8) & 255, rgb & 255));
    }
}
