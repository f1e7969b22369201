package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.cli.Cli;
import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.GaugeMeasurement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video evaluation's bookkeeping, with a frame reader that finds the same gauges in every frame. */
class VideoEvaluationTest {

    @TempDir
    static Path dir;
    static List<MeterCalibration> meters;
    static List<String> truth;

    @BeforeAll
    static void video() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
        int code = Cli.runTool(new String[] {"sim", "video", "--out", dir.resolve("v.mp4").toString(), "--gt",
            dir.resolve("v.csv").toString(), "--calibration", dir.resolve("cal").toString(), "--seconds", "3", "--fps",
            "1", "--meters", "2", "--seed", "11"}, ps, ps).orElseThrow();
        assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
        meters = new CalibrationLoader().load(dir.resolve("cal"), List.of("cam1"));
        truth = Files.readAllLines(dir.resolve("v.csv"));
    }

    @Test
    void aVideoWhoseFramesAreNotAtTheirTruthsTimes_isRefused_notComparedWithAnotherFramesTruth() throws IOException {
        // the truth of a video with every other frame lost, as a damaged one decodes: frame 1 is 2 s in
        List<String> shifted = new java.util.ArrayList<>(List.of(truth.get(0)));
        truth.stream().skip(1).map(l -> l.split(",", -1)).forEach(p -> {
            p[1] = String.format(java.util.Locale.ROOT, "%.3f", 2 * Double.parseDouble(p[1]));
            shifted.add(String.join(",", p));
        });
        Path gt = Files.write(dir.resolve("shifted.csv"), shifted);
        OfflineReader reader = new OfflineReader(new FixedFrameReader());

        assertThatThrownBy(() -> VideoEvaluation.run(reader, dir.resolve("v.mp4"), gt, meters, Duration.ZERO, false,
                false, null, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("frame 1 of " + dir.resolve("v.mp4") + " is at 1.00 s, its ground truth's frame 1 "
                        + "at 2.00 s: frames of the video could not be decoded");
    }

    @Test
    void everyMeterInEveryFrame_countsOnce_andOkReadingsAreComparedWithTheTruthOfTheirFrame() throws IOException {
        // a dial found where the first pointer meter is, always at 0.5, sure of it
        MeterCalibration dial = meters.stream().filter(m -> m.type() == GaugeType.POINTER).findFirst().orElseThrow();
        FoundGauge found = new FoundGauge(GaugeType.POINTER, dial.region().toBox(), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null), null);
        OfflineReader reader = new OfflineReader(new FixedFrameReader(found));
        ByteArrayOutputStream csv = new ByteArrayOutputStream();

        AccuracyEvaluation.Report report = VideoEvaluation.run(reader, dir.resolve("v.mp4"), dir.resolve("v.csv"), meters,
                Duration.ZERO, /* alternateViews= */ false, /* learnMarks= */ false, null,
                new PrintStream(csv, true, StandardCharsets.UTF_8));

        AccuracyEvaluation.Stats pointers = report.get(GaugeType.POINTER);
        long dials = meters.stream().filter(m -> m.type() == GaugeType.POINTER).count();
        assertThat(pointers.gauges()).isEqualTo(3 * dials);
        assertThat(pointers.detected()).isEqualTo(3);
        assertThat(pointers.read()).isEqualTo(3);
        double expected = truth.stream().skip(1).map(l -> l.split(",")).filter(p -> p[2].equals(dial.id()))
                .mapToDouble(p -> Math.abs(0.5 - Double.parseDouble(p[3]))).average().orElseThrow();
        assertThat(pointers.mean()).isCloseTo(expected, within(1e-9));
        double[] signed = truth.stream().skip(1).map(l -> l.split(",")).filter(p -> p[2].equals(dial.id()))
                .mapToDouble(p -> 0.5 - Double.parseDouble(p[3])).sorted().toArray();
        assertThat(pointers.bias()).as("the median signed error of the three").isCloseTo(signed[1], within(1e-9));
        // the meters nothing was found for: a line each frame, with no reading
        List<String[]> missed = csv.toString(StandardCharsets.UTF_8).lines().skip(1).map(l -> l.split(",", -1))
                .filter(p -> !p[2].equals(dial.id())).toList();
        assertThat(missed).hasSize(3 * (meters.size() - 1)).allSatisfy(p -> {
            assertThat(p).hasSize(15);
            assertThat(p[5]).isEqualTo("NOT_DETECTED");
            assertThat(p[6]).isEmpty();
            assertThat(p[14]).isEqualTo("true");
        });
    }

    @Test
    void readingsFile_hasEveryMeterInEveryFrame_withTheAssignedGaugesScoreAndError() throws IOException {
        // every meter found where it is, at 0.5 and sure of it, so that the boxes may be reused;
        // the dial's box with a detector score no other column holds
        MeterCalibration dial = meters.stream().filter(m -> m.type() == GaugeType.POINTER).findFirst().orElseThrow();
        BoundingBox box = dial.region().toBox();
        List<FoundGauge> found = meters.stream().map(m -> new FoundGauge(m.type(), m.region().toBox(),
                m == dial ? 0.85 : 0.8, GaugeMeasurement.ok(m.type(), 0.5, 0.9, null), null)).toList();
        OfflineReader reader = new OfflineReader(new FixedFrameReader(found));
        ByteArrayOutputStream csv = new ByteArrayOutputStream();

        VideoEvaluation.run(reader, dir.resolve("v.mp4"), dir.resolve("v.csv"), meters, Duration.ofMillis(1500),
                /* alternateViews= */ false, /* learnMarks= */ false, null,
                new PrintStream(csv, true, StandardCharsets.UTF_8));

        List<String> lines = csv.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo(VideoEvaluation.READINGS_HEADER);
        assertThat(lines).hasSize(1 + 3 * meters.size());
        List<String[]> dialLines = lines.stream().skip(1).map(l -> l.split(",", -1))
                .filter(p -> p[2].equals(dial.id())).toList();
        assertThat(dialLines).hasSize(3);
        for (String[] p : dialLines) {
            int frame = Integer.parseInt(p[0]);
            double expected = truth.stream().skip(1).map(l -> l.split(",")).filter(t -> t[2].equals(dial.id())
                    && Integer.parseInt(t[0]) == frame).mapToDouble(t -> Double.parseDouble(t[3])).findFirst()
                    .orElseThrow();
            assertThat(p).hasSize(15);
            assertThat(p[3]).isEqualTo("pointer");
            assertThat(Double.parseDouble(p[4])).isCloseTo(expected, within(1e-6));
            assertThat(p[5]).isEqualTo("OK");
            assertThat(Double.parseDouble(p[7])).isEqualTo(0.5);
            assertThat(Double.parseDouble(p[8])).isCloseTo(Math.abs(0.5 - expected), within(1e-6));
            assertThat(Double.parseDouble(p[9])).isEqualTo(0.85);
            assertThat(Double.parseDouble(p[10])).isCloseTo(box.x(), within(0.05));
            assertThat(Double.parseDouble(p[13])).isCloseTo(box.height(), within(0.05));
            // the boxes are found in frame 0 and kept for 1.5 s of video: the detector looks again at frame 2
            assertThat(p[14]).isEqualTo(String.valueOf(frame != 1));
        }
    }

    @Test
    void aMeterWithoutTruth_isAClearError() throws IOException {
        Path gt = dir.resolve("short.csv");
        Files.writeString(gt, "frame,time,meter_id,fraction,value\n0,0.0,elsewhere,0.5,1\n");
        OfflineReader reader = new OfflineReader(new FixedFrameReader());

        assertThatThrownBy(() -> VideoEvaluation.run(reader, dir.resolve("v.mp4"), gt, meters, Duration.ZERO, /* alternateViews= */ false, /* learnMarks= */ false, null))
                .isInstanceOf(IOException.class).hasMessageContaining("has no truth for meter");
        Files.writeString(gt, "a,b\n");
        assertThatThrownBy(() -> VideoEvaluation.run(reader, dir.resolve("v.mp4"), gt, meters, Duration.ZERO, /* alternateViews= */ false, /* learnMarks= */ false, null))
                .isInstanceOf(IOException.class).hasMessageContaining("is not a sim video's ground truth");
    }

    @Test
    void aTruthRowThatIsNoNumber_isNamedByItsLine() throws IOException {
        Path gt = dir.resolve("typo.csv");
        for (String row : List.of("3,1.5,cam1-gauge-1,0.4x,12", "3,1.5,cam1-gauge-1", "-1,0,cam1-gauge-1,0.4,1",
                "3,1.5,cam1-gauge-1,NaN,1")) {
            Files.writeString(gt, "frame,time,meter_id,fraction,value\n0,0.0,cam1-gauge-1,0.5,1\n\n" + row + "\n");

            assertThatThrownBy(() -> VideoEvaluation.truth(gt)).as(row).isInstanceOf(IOException.class)
                    .hasMessage(gt + " line 4 is not a frame, time, meter and fraction: '" + row + "'");
        }
        Files.writeString(gt, "frame,time,meter_id,fraction,value\n0,0.0,cam1-gauge-1,0.5,1\n\n");
        assertThat(VideoEvaluation.truth(gt)).containsOnlyKeys("cam1-gauge-1");
    }
}
