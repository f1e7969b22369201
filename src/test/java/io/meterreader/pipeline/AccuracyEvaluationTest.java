package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.PointerDiagnostics;
import io.meterreader.gauge.PointerEvidence;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyEvaluationTest {

    @TempDir
    Path dir;

    private void dataset(String truth, String... images) throws IOException {
        Files.createDirectories(dir.resolve("det/truth"));
        Files.createDirectories(dir.resolve("det/images/test"));
        Files.writeString(dir.resolve("det/truth/test.csv"), "image,gauge_index,type,fraction,x,y,width,height\n" + truth);
        for (String name : images) {
            ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR), "jpg",
                    dir.resolve("det/images/test/" + name + ".jpg").toFile());
        }
    }

    private static FoundGauge pointer(double x, double fraction) {
        return pointer(x, fraction, 0.9);
    }

    private static FoundGauge pointer(double x, double fraction, double readerConfidence) {
        return new FoundGauge(GaugeType.POINTER, new BoundingBox(x, 10, 20, 20), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, fraction, readerConfidence, null), null);
    }

    @Test
    void errorsDetectionAndReadShares_areCountedPerType() throws IOException {
        dataset("""
                a,0,pointer,0.500000,10,10,20,20
                a,1,pointer,0.200000,40,10,20,20
                a,2,level,0.700000,0,0,10,60
                b,0,pointer,0.510000,10,10,20,20
                b,1,pointer,0.250000,40,10,20,20
                b,2,level,0.700000,0,0,10,60
                """, "a", "b");
        // The left gauge reads 0.52 (2% / 1% off), the right one fails, the level is not found.
        FoundGauge failed = new FoundGauge(GaugeType.POINTER, new BoundingBox(41, 10, 20, 20), 0.8,
                GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND, 0.1, null), null);
        OfflineReader reader = new OfflineReader(new FixedFrameReader(List.of(pointer(11, 0.52), failed)));

        AccuracyEvaluation.Report stats = AccuracyEvaluation.run(reader, dir, "test", 0, null);

        AccuracyEvaluation.Stats p = stats.get(GaugeType.POINTER);
        assertThat(p.gauges()).isEqualTo(4);
        assertThat(p.detected()).isEqualTo(4);
        assertThat(p.read()).isEqualTo(2);
        assertThat(p.mean()).isCloseTo(0.015, within(1e-9));
        assertThat(p.max()).isCloseTo(0.02, within(1e-9));
        assertThat(p.bias()).as("both read high: the median signed error").isCloseTo(0.015, within(1e-9));
        AccuracyEvaluation.Stats l = stats.get(GaugeType.LEVEL);
        assertThat(l.gauges()).isEqualTo(2);
        assertThat(l.detected()).isZero();
        assertThat(l.mean()).isNaN();
    }

    @Test
    void minConfidence_countsUnsureReadingsAsDetectedButNotRead() throws IOException {
        dataset("a,0,pointer,0.5,10,10,20,20\na,1,pointer,0.2,40,10,20,20\n", "a");
        FoundGauge sure = pointer(11, 0.51);
        FoundGauge unsure = pointer(41, 0.6, 0.3);
        OfflineReader reader = new OfflineReader(new FixedFrameReader(List.of(sure, unsure)));

        AccuracyEvaluation.Stats all = AccuracyEvaluation.run(reader, dir, "test", 0, 0, null).get(GaugeType.POINTER);
        AccuracyEvaluation.Stats gated = AccuracyEvaluation.run(reader, dir, "test", 0, 0.5, null).get(GaugeType.POINTER);

        assertThat(all.read()).isEqualTo(2);
        assertThat(all.max()).isCloseTo(0.4, within(1e-9));
        assertThat(gated.detected()).isEqualTo(2);
        assertThat(gated.read()).isEqualTo(1);
        assertThat(gated.max()).isCloseTo(0.01, within(1e-9));
    }

    @Test
    void detectionOfWrongTypeOrPlace_doesNotMatch() throws IOException {
        dataset("a,0,pointer,0.5,10,10,20,20\n", "a");
        FoundGauge elsewhere = pointer(30, 0.5);
        FoundGauge wrongType = new FoundGauge(GaugeType.LEVEL, new BoundingBox(10, 10, 20, 20), 0.9,
                GaugeMeasurement.ok(GaugeType.LEVEL, 0.5, 0.9, null), null);

        var stats = AccuracyEvaluation.run(new OfflineReader(new FixedFrameReader(List.of(elsewhere, wrongType))), dir,
                "test", 0, null);

        assertThat(stats.get(GaugeType.POINTER).detected()).isZero();
    }

    @Test
    void perGaugeCsv_saysWhatWasFoundOverEachTrueGauge() throws IOException {
        dataset("a,0,pointer,0.5,10,10,20,20\na,1,pointer,0.2,40,10,20,20\na,2,level,0.7,0,0,10,60\n", "a");
        FoundGauge failed = new FoundGauge(GaugeType.POINTER, new BoundingBox(41, 10, 20, 20), 0.8,
                GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.SCALE_NOT_FOUND, 0.1, null), null);
        OfflineReader reader = new OfflineReader(new FixedFrameReader(List.of(pointer(11, 0.53, 0.75), failed)));
        ByteArrayOutputStream csv = new ByteArrayOutputStream();

        AccuracyEvaluation.run(reader, dir, "test", 0, 0, null, new PrintStream(csv, true, StandardCharsets.UTF_8));

        assertThat(csv.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                AccuracyEvaluation.GAUGES_HEADER,
                "a,pointer,0.500000,10.0,10.0,20.0,20.0,11.0,10.0,20.0,20.0,OK,0.7500,0.530000,0.030000,,,,,,,,,,,,0.9000",
                "a,pointer,0.200000,40.0,10.0,20.0,20.0,41.0,10.0,20.0,20.0,SCALE_NOT_FOUND,0.1000,,,,,,,,,,,,,,0.8000",
                "a,level,0.700000,0.0,0.0,10.0,60.0,,,,,MISSED,,,,,,,,,,,,,,,");
    }

    @Test
    void perGaugeCsv_givesTheStatusTheGateShows_withTheFractionUnderItForLookingInto() throws IOException {
        dataset("a,0,pointer,0.5,10,10,20,20\n", "a");
        OfflineReader reader = new OfflineReader(new FixedFrameReader(List.of(pointer(11, 0.53, 0.4))));
        ByteArrayOutputStream csv = new ByteArrayOutputStream();

        AccuracyEvaluation.run(reader, dir, "test", 0, 0.5, null, new PrintStream(csv, true, StandardCharsets.UTF_8));

        assertThat(csv.toString(StandardCharsets.UTF_8).lines().toList()).element(1).asString()
                .contains(",LOW_CONFIDENCE,0.4000,0.530000,0.030000,");
    }

    @Test
    void aDamagedExport_saysWhere() throws IOException {
        OfflineReader reader = new OfflineReader(new FixedFrameReader(List.of()));
        dataset("a,0,pointer,0.5,10,10,20,20\nb,0,pointer,half,10,10,20,20\n", "a", "b");
        assertThatThrownBy(() -> AccuracyEvaluation.run(reader, dir, "test", 0, null))
                .hasMessageContaining("test.csv line 3 is not a truth line").hasMessageContaining("half");
        dataset("a,0,pointer,0.5,10,10,20,20\nc,0,pointer,0.5,10,10,20,20\n", "a");
        assertThatThrownBy(() -> AccuracyEvaluation.run(reader, dir, "test", 0, null))
                .hasMessageContaining("c.jpg is missing").hasMessageContaining("the export is incomplete");
        dataset("");
        assertThatThrownBy(() -> AccuracyEvaluation.run(reader, dir, "test", 0, null))
                .hasMessageContaining("holds no gauges");
    }

    @Test
    void perGaugeCsv_endsWithThePointerReadersConfidenceFactorsAndTheDetectorsScore() throws IOException {
        dataset("a,0,pointer,0.5,10,10,20,20\n", "a");
        PointerEvidence evidence = new PointerEvidence(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 42.5);
        PointerDiagnostics diagnostics = new PointerDiagnostics("rectified", null, null, List.of(), null, null, null,
                null, null, null, 10, 0.5, 0, evidence);
        FoundGauge read = new FoundGauge(GaugeType.POINTER, new BoundingBox(10, 10, 20, 20), 0.85,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.6, diagnostics), null);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();

        AccuracyEvaluation.run(new OfflineReader(new FixedFrameReader(List.of(read))), dir, "test", 0, 0, null,
                new PrintStream(csv, true, StandardCharsets.UTF_8));

        assertThat(csv.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                AccuracyEvaluation.GAUGES_HEADER,
                "a,pointer,0.500000,10.0,10.0,20.0,20.0,10.0,10.0,20.0,20.0,OK,0.6000,0.500000,0.000000,"
                        + "42.50,0.9000,0.8000,0.7000,0.6000,0.5000,0.4000,0.3000,0.2000,0.1000,0.0500,0.8500");
    }

    @Test
    void sizeClasses_splitDialsByWidthAndGlassesByHeight() throws IOException {
        dataset("a,0,pointer,0.5,10,10,20,20\na,1,pointer,0.2,40,10,150,150\na,2,level,0.7,300,0,30,100\n", "a");
        FoundGauge big = new FoundGauge(GaugeType.POINTER, new BoundingBox(41, 10, 150, 150), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.25, 0.9, null), null);
        OfflineReader reader = new OfflineReader(new FixedFrameReader(List.of(pointer(11, 0.5), big)));

        AccuracyEvaluation.Report report = AccuracyEvaluation.run(reader, dir, "test", 0, null);

        var dials = report.bySize().get(GaugeType.POINTER);
        assertThat(dials.keySet()).containsExactly("0-60 px", "130-200 px");
        assertThat(dials.get("0-60 px").max()).isZero();
        assertThat(dials.get("130-200 px").max()).isCloseTo(0.05, within(1e-9));
        assertThat(report.bySize().get(GaugeType.LEVEL).keySet()).containsExactly("90-130 px");
        assertThat(report.bySize().get(GaugeType.LEVEL).get("90-130 px").detected()).isZero();
        assertThat(AccuracyEvaluation.format(report)).contains("pointer 130-200 px").contains("level 90-130 px");
        // a bin with nothing read has no error to give: a dash, not NaN
        assertThat(AccuracyEvaluation.format(report)).doesNotContain("NaN").containsPattern(
                "level 90-130 px +1 +0\\.0% +0\\.0% +- +- +- +- +-\n");
    }

    @Test
    void notADataset_isAClearError() {
        assertThatThrownBy(() -> AccuracyEvaluation.run(new OfflineReader(new FixedFrameReader(List.of())), dir, "test",
                0, null)).isInstanceOf(IOException.class).hasMessageContaining("is not a sim dataset");
    }

    @Test
    void scaleMarks_fromAnExportWithoutThem_isAClearError() throws IOException {
        dataset("a,0,pointer,0.5,0,0,32,32\n", "a");

        assertThatThrownBy(() -> AccuracyEvaluation.run(new OfflineReader(new FixedFrameReader(List.of())), dir, "test",
                0, 0, null, null, true)).isInstanceOf(IOException.class).hasMessageContaining("has no scale marks");
    }

    @Test
    void percentile_isNearestRankOnSortedErrors() {
        double[] e = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

        assertThat(AccuracyEvaluation.percentile(e, 0.95)).isEqualTo(1.0);
        assertThat(AccuracyEvaluation.percentile(e, 0.5)).isEqualTo(0.5);
    }
}
