package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.cli.Cli;
import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped models on a hard scene video ({@code sim video --wild}: training-like dials, small,
 * tilted, any style), read frame by frame as the service reads a camera, once with the dials
 * calibrated from their ticks and once against their scale marks. Measured 2026-12-05 on this
 * seed: ticks 49 of 100 dial readings OK, marks 96 of 100, p95 1.4% of span. The floors leave room
 * for another CPU's arithmetic; what must hold is that the marks keep their lead and their
 * accuracy (a wrong mask offset, for one, costs them most of it). A third read calibrates from the
 * ticks and learns the marks from them ({@link LearnedMarks}): it needs 15 frames of a dial
 * before it reads against them, so in 20 frames it adds a few readings (52 to 58 of 100 measured
 * 2026-12-05 on a CPU with VNNI), none of them far off.
 */
@Tag("e2e")
class WildVideoReadingTest {

    @TempDir
    Path dir;

    @Test
    void dialsReadAgainstScaleMarks_readFarMoreOften_andStayWithinTwoPercent() throws Exception {
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")) && Files.exists(Path.of("models/meter-seg.onnx")),
                "the shipped models are missing");
        for (String calibration : List.of("ticks", "marks")) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("sim", "video", "--out", dir.resolve("v.mp4").toString(), "--gt",
                    dir.resolve("v.csv").toString(), "--calibration", dir.resolve(calibration).toString(), "--seconds", "20",
                    "--fps", "1", "--meters", "6", "--seed", "4", "--wild"));
            if (calibration.equals("marks")) {
                args.add("--scale-marks");
            }
            assertThat(Cli.runTool(args.toArray(String[]::new), ps, ps).orElseThrow())
                    .as(log.toString(StandardCharsets.UTF_8)).isZero();
        }
        InferenceProperties inference = new InferenceProperties(InferenceBackend.ONNXRUNTIME,
                Path.of("models/meter-det.onnx"), Path.of("models/meter-seg.onnx"), 0.25, 0.1, 0.45, 100, 0, 8,
                Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
        AccuracyEvaluation.Stats ticks;
        AccuracyEvaluation.Stats marks;
        AccuracyEvaluation.Stats learnt;
        try (OfflineReader reader = OfflineReader.open(inference)) {
            ticks = read(reader, "ticks", false);
            marks = read(reader, "marks", false);
            learnt = read(reader, "ticks", true);
        }
        String figures = String.format("ticks %d of %d OK (p95 %.4f), marks %d of %d OK (p95 %.4f, max %.4f), "
                + "learnt marks %d of %d OK (max %.4f)", ticks.read(), ticks.gauges(), ticks.p95(), marks.read(),
                marks.gauges(), marks.p95(), marks.max(), learnt.read(), learnt.gauges(), learnt.max());
        System.out.println("wild video: " + figures);

        assertThat(marks.gauges()).as(figures).isEqualTo(ticks.gauges()).isGreaterThanOrEqualTo(60);
        assertThat(marks.readShare()).as(figures).isGreaterThanOrEqualTo(0.8)
                .isGreaterThanOrEqualTo(ticks.readShare() + 0.2);
        assertThat(marks.p95()).as(figures).isLessThanOrEqualTo(0.02);
        assertThat(marks.max()).as(figures).isLessThanOrEqualTo(0.05);
        assertThat(learnt.read()).as(figures).isGreaterThanOrEqualTo(ticks.read() + 3);
        assertThat(learnt.max()).as(figures).isLessThanOrEqualTo(0.05);
    }

    private AccuracyEvaluation.Stats read(OfflineReader reader, String calibration, boolean learnMarks)
            throws Exception {
        List<MeterCalibration> meters = new CalibrationLoader().load(dir.resolve(calibration), List.of("cam1"));
        List<MeterCalibration> dials = meters.stream().filter(m -> m.type() == GaugeType.POINTER).toList();
        return VideoEvaluation.run(reader, dir.resolve("v.mp4"), dir.resolve("v.csv"), dials, Duration.ZERO, /* alternateViews= */ false,
                learnMarks, null)
                .get(GaugeType.POINTER);
    }
}
