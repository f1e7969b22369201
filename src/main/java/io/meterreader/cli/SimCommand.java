package io.meterreader.cli;

import io.meterreader.sim.ContactSheet;
import io.meterreader.sim.DatasetExport;
import io.meterreader.sim.ProgressBar;
import io.meterreader.sim.SceneVideo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code sim dataset | video | sheet}: the synthetic gauge tools. */
final class SimCommand implements Command {

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public String summary() {
        return "render synthetic gauges: YOLO datasets, scene videos with ground truth, contact sheets";
    }

    @Override
    public String usage() {
        return """
                Usage: java -jar meter-reader.jar sim dataset --out DIR [--images N] [--seed S] [--close-ups SHARE]
                       java -jar meter-reader.jar sim video --out FILE.mp4 --gt FILE.csv --calibration DIR
                              [--seconds T] [--fps F] [--meters M] [--seed S] [--camera ID] [--size WxH] [--wild]
                              [--scale-marks] [--drift-period T]
                       java -jar meter-reader.jar sim sheet --out FILE.png [--count N] [--columns C] [--seed S] [--crops]

                dataset   detection and segmentation training sets in the Ultralytics YOLO layout
                  --out DIR        folder to write det/ and seg/ into (created if missing)
                  --images N       number of scenes (default 1000); split 80/10/10 train/val/test
                  --seed S         random seed (default 1); the same seed gives the same files
                  --close-ups SHARE  share of scenes that are close-ups of one gauge filling most of
                                   the frame, 0 to 1 (default 0; the other scenes stay as without)
                video     an H.264 MP4 of a fixed camera watching drifting gauges, with ground truth
                  --out FILE.mp4   the video (key frame every second)
                  --gt FILE.csv    ground truth: frame,time,meter_id,fraction,value
                  --calibration DIR  one calibration file per meter, for camera ID
                  --seconds T      length (default 10)
                  --fps F          frames per second (default 5)
                  --meters M       gauges in the scene, 1 to 6 (default 3)
                  --seed S         random seed (default 1)
                  --camera ID      camera id the calibration files name (default cam1)
                  --size WxH       1280x720 (default) or 1920x1080
                  --wild           gauges as varied as the training scenes' (small, tilted,
                                   rotated, occluded, any style and light), not a plant camera's
                  --scale-marks    the dials' calibration files read them against their scale
                                   marks (without, the marks are written commented out)
                  --drift-period T the slowest period of the gauges' drifting values, seconds
                                   (default 60, so that short videos show values moving; a
                                   plant's gauges mostly move far slower)
                sheet     a PNG grid of samples to look at, with boxes and fractions drawn
                  --out FILE.png   where to write it
                  --count N        number of samples (default 16)
                  --columns C      samples per row (default 4)
                  --seed S         random seed (default 1)
                  --crops          show pointer-gauge crops with their needle and tick polygons
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("name a tool: dataset, video or sheet");
        }
        String tool = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (tool) {
            case "dataset" -> dataset(Options.parse(rest, Set.of("out", "images", "seed", "close-ups"), Set.of()), out, err);
            case "video" -> video(Options.parse(rest, Set.of("out", "gt", "calibration", "seconds", "fps", "meters", "seed",
                    "camera", "size", "drift-period"), Set.of("wild", "scale-marks")), out, err);
            case "sheet" -> sheet(Options.parse(rest, Set.of("out", "count", "columns", "seed"), Set.of("crops")), out);
            default -> throw new UsageException("unknown tool '" + tool + "' (expected dataset, video or sheet)");
        };
    }

    private static int dataset(Options o, PrintStream out, PrintStream err) throws Exception {
        Path dir = Path.of(o.required("out"));
        int images = o.integer("images", 1000, 1, 10_000_000);
        long seed = o.longValue("seed", 1);
        double closeUps = o.number("close-ups", 0, 0, 1);
        ProgressBar bar = new ProgressBar(err, "sim dataset", images);
        DatasetExport.Summary s = DatasetExport.write(dir, images, seed, closeUps, bar);
        double seconds = bar.finish();
        out.printf(Locale.ROOT, "wrote %d scenes (%d pointer gauges, %d level gauges) and %d pointer crops to %s in %.1f s%n",
                s.images(), s.meters(), s.levelGauges(), s.crops(), dir, seconds);
        return Cli.EXIT_OK;
    }

    private static int video(Options o, PrintStream out, PrintStream err) throws Exception {
        Path video = Path.of(o.required("out"));
        Path gt = Path.of(o.required("gt"));
        Path calibration = Path.of(o.required("calibration"));
        double seconds = o.number("seconds", 10, 0.1, 86_400);
        int fps = o.integer("fps", 5, 1, 60);
        int meters = o.integer("meters", 3, 1, 6);
        long seed = o.longValue("seed", 1);
        String camera = o.text("camera", "cam1");
        if (!camera.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new UsageException("--camera must be 1 to 64 letters, digits, '-', '_' or '.', got '" + camera + "'");
        }
        String size = o.text("size", "1280x720");
        int width;
        int height;
        switch (size) {
            case "1280x720" -> { width = 1280; height = 720; }
            case "1920x1080" -> { width = 1920; height = 1080; }
            default -> throw new UsageException("--size must be 1280x720 or 1920x1080, got '" + size + "'");
        }
        double driftPeriod = o.number("drift-period", SceneVideo.DRIFT_PERIOD, 1, 1e9);
        SceneVideo.Spec spec = new SceneVideo.Spec(camera, seconds, fps, meters, seed, width, height, o.flag("wild"),
                driftPeriod);
        ProgressBar bar = new ProgressBar(err, "sim video", spec.frames());
        int frames = SceneVideo.write(spec, video, gt, calibration, bar, o.flag("scale-marks"));
        double took = bar.finish();
        out.printf(Locale.ROOT, "wrote %d frames to %s, ground truth to %s, calibration to %s in %.1f s%n", frames, video, gt,
                calibration, took);
        return Cli.EXIT_OK;
    }

    private static int sheet(Options o, PrintStream out) throws Exception {
        Path file = Path.of(o.required("out"));
        int count = o.integer("count", 16, 1, 1000);
        int columns = o.integer("columns", 4, 1, 100);
        long seed = o.longValue("seed", 1);
        ContactSheet.write(file, seed, count, columns, o.flag("crops"));
        out.println("wrote " + file);
        return Cli.EXIT_OK;
    }

    /** {@code --name value}, {@code --name=value} and bare {@code --flag} options. */
    record Options(Map<String, String> values, Set<String> flags) {

        static Options parse(List<String> args, Set<String> valued, Set<String> flagNames) {
            Map<String, String> values = new HashMap<>();
            Set<String> flags = new java.util.HashSet<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + a + "'");
                }
                String key = a.substring(2);
                String value = null;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                }
                if (flagNames.contains(key) && value == null) {
                    flags.add(key);
                    continue;
                }
                if (!valued.contains(key)) {
                    throw new UsageException("unknown option --" + key);
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + key + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (values.put(key, value) != null) {
                    throw new UsageException("--" + key + " is given twice");
                }
            }
            return new Options(values, flags);
        }

        String required(String key) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                throw new UsageException("--" + key + " is required");
            }
            return v;
        }

        String text(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        boolean flag(String key) {
            return flags.contains(key);
        }

        int integer(String key, int fallback, int min, int max) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new UsageException("--" + key + " must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException("--" + key + " must be a whole number, got '" + v + "'");
            }
        }

        long longValue(String key, long fallback) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + key + " must be a whole number, got '" + v + "'");
            }
        }

        double number(String key, double fallback, double min, double max) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                double n = Double.parseDouble(v.trim());
                if (!(n >= min && n <= max)) {
                    throw new UsageException("--" + key + " must be between " + min + " and " + max + ", got " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException("--" + key + " must be a number, got '" + v + "'");
            }
        }
    }
}
