package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.cli.Cli;
import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sim} command line, driven through the real entry point. */
class SimCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.runTool(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).orElseThrow();
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dataset_writesTheRequestedNumberOfScenes() throws Exception {
        Path dir = temp.resolve("data");
        assertThat(run("sim", "dataset", "--out", dir.toString(), "--images", "3", "--seed", "5")).isEqualTo(Cli.EXIT_OK);
        try (Stream<Path> images = Files.walk(dir.resolve("det/images"))) {
            assertThat(images.filter(p -> p.toString().endsWith(".jpg")).count()).isEqualTo(3);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote 3 scenes");
        assertThat(errors()).contains("sim dataset [", "3/3 100%");
    }

    @Test
    void dataset_acceptsEqualsSyntaxAndDefaultsTheSeed() throws Exception {
        Path dir = temp.resolve("eq");
        assertThat(run("sim", "dataset", "--out=" + dir, "--images=1")).isEqualTo(Cli.EXIT_OK);
        assertThat(dir.resolve("det/labels/train/img000000.txt")).exists();
    }

    @Test
    void video_calibratesASightGlassWithItsEmptyAndFullRows() throws Exception {
        Path cal = temp.resolve("lv/cal");
        int code = run("sim", "video", "--out", temp.resolve("lv/scene.mp4").toString(), "--gt",
                temp.resolve("lv/gt.csv").toString(), "--calibration", cal.toString(), "--seconds", "1", "--fps", "2",
                "--meters", "3", "--seed", "11", "--camera", "cam1");
        assertThat(code).as(errors()).isEqualTo(Cli.EXIT_OK);

        MeterCalibration level = new CalibrationLoader().load(cal, List.of("cam1")).stream()
                .filter(m -> m.type() == GaugeType.LEVEL).findFirst().orElseThrow();
        MeterCalibration.LevelMarks marks = level.levelMarks();
        assertThat(marks).isNotNull();
        // The glass fills the region but for 6% of its height above and below.
        double glass = level.region().height() / 1.12;
        assertThat(marks.empty() - marks.full()).isBetween(0.9 * glass, 1.01 * glass);
        assertThat(marks.empty()).isLessThanOrEqualTo(level.region().y() + level.region().height());
        assertThat(marks.full()).isGreaterThanOrEqualTo(level.region().y());
    }

    @Test
    void video_scaleMarks_putEveryDialsMarksInForce_andWildScenesDiffer() throws Exception {
        Path plain = temp.resolve("sm/plain");
        Path marked = temp.resolve("sm/marked");
        for (Path cal : List.of(plain, marked)) {
            List<String> args = new ArrayList<>(List.of("sim", "video", "--out", cal + ".mp4", "--gt", cal + ".csv",
                    "--calibration", cal.toString(), "--seconds", "1", "--fps", "1", "--meters", "3", "--seed", "11"));
            if (cal == marked) {
                args.add("--scale-marks");
            }
            assertThat(run(args.toArray(String[]::new))).as(errors()).isEqualTo(Cli.EXIT_OK);
        }
        int code = run("sim", "video", "--out", temp.resolve("sm/wild.mp4").toString(), "--gt",
                temp.resolve("sm/wild.csv").toString(), "--calibration", temp.resolve("sm/wild").toString(), "--seconds",
                "1", "--fps", "1", "--meters", "3", "--seed", "11", "--wild");
        assertThat(code).as(errors()).isEqualTo(Cli.EXIT_OK);

        List<MeterCalibration> without = new CalibrationLoader().load(plain, List.of("cam1"));
        List<MeterCalibration> with = new CalibrationLoader().load(marked, List.of("cam1"));
        assertThat(without).allSatisfy(m -> assertThat(m.scaleMarks()).isNull());
        assertThat(with).filteredOn(m -> m.type() == GaugeType.POINTER).isNotEmpty()
                .allSatisfy(m -> assertThat(m.scaleMarks()).as(m.id()).isNotNull());
        // the same scene either way; a wild scene is another
        assertThat(Files.readAllBytes(Path.of(marked + ".mp4"))).isEqualTo(Files.readAllBytes(Path.of(plain + ".mp4")));
        assertThat(Files.readAllBytes(temp.resolve("sm/wild.mp4"))).isNotEqualTo(Files.readAllBytes(Path.of(plain + ".mp4")));
    }

    @Test
    void video_writesVideoGroundTruthAndCalibration() throws Exception {
        Path video = temp.resolve("v/scene.mp4");
        Path gt = temp.resolve("v/gt.csv");
        Path cal = temp.resolve("v/cal");
        int code = run("sim", "video", "--out", video.toString(), "--gt", gt.toString(), "--calibration", cal.toString(),
                "--seconds", "2", "--fps", "3", "--meters", "2", "--seed", "4", "--camera", "line-7", "--size", "1280x720");
        assertThat(code).as(errors()).isEqualTo(Cli.EXIT_OK);

        List<String> rows = Files.readAllLines(gt);
        assertThat(rows.get(0)).isEqualTo("frame,time,meter_id,fraction,value");
        assertThat(rows).hasSize(1 + 6 * 2);
        List<MeterCalibration> meters = new CalibrationLoader().load(cal, List.of("line-7"));
        assertThat(meters).hasSize(2);
        for (String row : rows.subList(1, rows.size())) {
            String[] v = row.split(",");
            MeterCalibration m = meters.stream().filter(c -> c.id().equals(v[2])).findFirst().orElseThrow();
            // Both columns are printed to 6 decimals; the value's rounding scales with the range.
            assertThat(m.valueAt(Double.parseDouble(v[3]))).isCloseTo(Double.parseDouble(v[4]), within(1e-6 * m.range().span() + 1e-6));
        }
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.start();
            assertThat(grabber.getImageWidth()).isEqualTo(1280);
            assertThat(grabber.getImageHeight()).isEqualTo(720);
            assertThat(grabber.getVideoCodecName()).contains("264");
            int frames = 0;
            int keys = 0;
            Frame f;
            while ((f = grabber.grabImage()) != null) {
                frames++;
                if (f.keyFrame) {
                    keys++;
                }
            }
            assertThat(frames).isEqualTo(6);
            assertThat(keys).isEqualTo(2);
        }
    }

    @Test
    void video_driftPeriod_setsHowFastTheValuesMove() throws Exception {
        double[] steps = new double[2];
        String[] periods = {"60", "6000"};
        for (int k = 0; k < 2; k++) {
            Path gt = temp.resolve("d" + k + "/gt.csv");
            int code = run("sim", "video", "--out", temp.resolve("d" + k + "/v.mp4").toString(), "--gt", gt.toString(),
                    "--calibration", temp.resolve("d" + k + "/cal").toString(), "--seconds", "4", "--fps", "1",
                    "--meters", "2", "--seed", "4", "--drift-period", periods[k]);
            assertThat(code).as(errors()).isEqualTo(Cli.EXIT_OK);
            Map<String, Double> last = new HashMap<>();
            for (String row : Files.readAllLines(gt).subList(1, 9)) {
                String[] v = row.split(",");
                Double before = last.put(v[2], Double.parseDouble(v[3]));
                if (before != null) {
                    steps[k] = Math.max(steps[k], Math.abs(Double.parseDouble(v[3]) - before));
                }
            }
        }
        // the slowest of three waves a hundred times as long: the values move far less a second
        assertThat(steps[0]).isGreaterThan(0.002);
        assertThat(steps[1]).isLessThan(steps[0] / 10);
    }

    @Test
    void sheet_writesPngsOfScenesAndOfCrops() throws Exception {
        Path scenes = temp.resolve("s.png");
        Path crops = temp.resolve("c.png");
        assertThat(run("sim", "sheet", "--out", scenes.toString(), "--count", "2", "--columns", "2", "--seed", "3"))
                .isEqualTo(Cli.EXIT_OK);
        assertThat(run("sim", "sheet", "--out", crops.toString(), "--count", "1", "--crops")).isEqualTo(Cli.EXIT_OK);
        for (Path png : List.of(scenes, crops)) {
            byte[] head = Files.readAllBytes(png);
            assertThat(head).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
        var image = javax.imageio.ImageIO.read(scenes.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * 484);
    }

    @Test
    void badUsage_exitsWithTheUsageCodeAndSaysWhy() {
        String dir = temp.resolve("x").toString();
        String[][] cases = {
            {"sim"},
            {"sim", "paint"},
            {"sim", "dataset"},
            {"sim", "dataset", "--out", dir, "--images", "lots"},
            {"sim", "dataset", "--out", dir, "--images", "0"},
            {"sim", "dataset", "--out", dir, "--colour", "red"},
            {"sim", "dataset", "--out", dir, "stray"},
            {"sim", "dataset", "--out"},
            {"sim", "dataset", "--out", dir, "--out", dir},
            {"sim", "video", "--out", dir + ".mp4", "--gt", dir + ".csv"},
            {"sim", "video", "--out", dir + ".mp4", "--gt", dir + ".csv", "--calibration", dir, "--size", "800x600"},
            {"sim", "video", "--out", dir + ".mp4", "--gt", dir + ".csv", "--calibration", dir, "--camera", "bad id"},
            {"sim", "video", "--out", dir + ".mp4", "--gt", dir + ".csv", "--calibration", dir, "--meters", "7"},
            {"sim", "video", "--out", dir + ".mp4", "--gt", dir + ".csv", "--calibration", dir, "--seconds", "-1"},
            {"sim", "video", "--out", dir + ".mp4", "--gt", dir + ".csv", "--calibration", dir, "--drift-period", "0"},
            {"sim", "sheet", "--count", "2"},
            {"sim", "sheet", "--out", dir, "--columns", "0"},
        };
        for (String[] args : cases) {
            err.reset();
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(Cli.EXIT_USAGE);
            assertThat(errors()).as(String.join(" ", args)).startsWith("meter-reader sim: ").contains("--help");
        }
        assertThat(Files.exists(temp.resolve("x"))).isFalse();
    }

    @Test
    void help_listsEveryOption() {
        assertThat(run("sim", "--help")).isEqualTo(Cli.EXIT_OK);
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("dataset", "video", "sheet", "--out", "--images", "--seed", "--gt", "--calibration",
                "--seconds", "--fps", "--meters", "--camera", "--size", "--drift-period", "--count", "--columns", "--crops")) {
            assertThat(help).contains(option);
        }
    }
}
