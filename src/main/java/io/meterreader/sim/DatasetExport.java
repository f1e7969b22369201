package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.bytedeco.opencv.global.opencv_core;

/**
 * Writes the training data for both models, in the Ultralytics YOLO layouts:
 *
 * <pre>
 * DIR/det/images/{train,val,test}/imgNNNNNN.jpg   scenes
 * DIR/det/labels/{split}/imgNNNNNN.txt            class cx cy w h (meter 0, water 1, level 2)
 * DIR/det/truth/{split}.csv                       image,gauge_index,type,fraction,x,y,width,height,
 *                                                 pivot_x,pivot_y,min_x,min_y,max_x,max_y (pointer gauges:
 *                                                 the pivot and the first and last ticks' centres)
 * DIR/det/data.yaml
 * DIR/seg/images/{split}/imgNNNNNN_G.jpg          pointer-gauge crops
 * DIR/seg/labels/{split}/imgNNNNNN_G.txt          class x1 y1 x2 y2 ... (pointer 0, scale 1: one per tick)
 * DIR/seg/fractions/{split}.csv                   image,fraction,type,arc_start_deg,arc_span_deg,center_x,center_y
 * DIR/seg/data.yaml
 * </pre>
 *
 * Image {@code i} goes to val when {@code i % 10 == 8}, to test when {@code i % 10 == 9}, else
 * to train. Each image draws from its own generator seeded by (seed, i), so images render in
 * parallel and the same seed always gives byte-identical labels.
 */
public final class DatasetExport {

    /** Crops of gauges smaller than this (pixels, box side) are left out: nothing on them is legible. */
    static final int MIN_CROP_SIDE = 40;
    private static final long CROP_SALT = 0x6372_6F70L;
    private static final String[] SPLITS = {"train", "val", "test"};
    private static final String MARKER = "# Written by meter-reader sim dataset.";

    /** What an export wrote. */
    public record Summary(int images, int meters, int levelGauges, int crops) {
    }

    /** The columns of {@code det/truth/{split}.csv}. */
    public static final String TRUTH_HEADER =
            "image,gauge_index,type,fraction,x,y,width,height,pivot_x,pivot_y,min_x,min_y,max_x,max_y";

    private record Rows(int index, List<String> truth, List<String> fractions, int meters, int levels, int crops) {
    }

    private DatasetExport() {
    }

    static String split(int index) {
        return switch (index % 10) {
            case 8 -> "val";
            case 9 -> "test";
            default -> "train";
        };
    }

    static String imageName(int index) {
        return String.format(Locale.ROOT, "img%06d", index);
    }

    /**
     * Renders {@code images} scenes into {@code out}.
     *
     * @param progress advanced once per image; may be null
     */
    public static Summary write(Path out, int images, long seed, ProgressBar progress) throws IOException {
        return write(out, images, seed, 0, progress);
    }

    /**
     * As {@link #write(Path, int, long, ProgressBar)}, with a share {@code closeUps} of the scenes
     * close-ups of one gauge; the others are the scenes a run without close-ups renders.
     */
    public static Summary write(Path out, int images, long seed, double closeUps, ProgressBar progress)
            throws IOException {
        if (images < 1) {
            throw new IllegalArgumentException("images must be at least 1, got " + images);
        }
        if (!(closeUps >= 0 && closeUps <= 1)) {
            throw new IllegalArgumentException("close-ups must be a share from 0 to 1, got " + closeUps);
        }
        clearPreviousExport(out);
        for (String part : new String[] {"det/images", "det/labels", "seg/images", "seg/labels"}) {
            for (String split : SPLITS) {
                Files.createDirectories(out.resolve(part).resolve(split));
            }
        }
        Files.createDirectories(out.resolve("det/truth"));
        Files.createDirectories(out.resolve("seg/fractions"));
        Path abs = out.toAbsolutePath().normalize();
        Files.writeString(out.resolve("det/data.yaml"), dataYaml(abs.resolve("det"), "{0: meter, 1: water, 2: level}"));
        Files.writeString(out.resolve("seg/data.yaml"), dataYaml(abs.resolve("seg"), "{0: pointer, 1: scale}"));

        int threads = opencv_core.getNumThreads();
        // The images already run in parallel; OpenCV's own threads would only fight them for the cores.
        opencv_core.setNumThreads(1);
        List<Rows> rows;
        try {
            rows = IntStream.range(0, images).parallel().mapToObj(i -> {
                Rows r = writeImage(out, seed, i, closeUps);
                if (progress != null) {
                    progress.advance();
                }
                return r;
            }).sorted(Comparator.comparingInt(Rows::index)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            opencv_core.setNumThreads(threads);
        }
        int meters = 0, levels = 0, crops = 0;
        for (String split : SPLITS) {
            StringBuilder truth = new StringBuilder(TRUTH_HEADER + "\n");
            StringBuilder fractions = new StringBuilder("image,fraction,type,arc_start_deg,arc_span_deg,center_x,center_y\n");
            for (Rows r : rows) {
                if (split(r.index()).equals(split)) {
                    r.truth().forEach(line -> truth.append(line).append('\n'));
                    r.fractions().forEach(line -> fractions.append(line).append('\n'));
                }
            }
            Files.writeString(out.resolve("det/truth/" + split + ".csv"), truth);
            Files.writeString(out.resolve("seg/fractions/" + split + ".csv"), fractions);
        }
        for (Rows r : rows) {
            meters += r.meters();
            levels += r.levels();
            crops += r.crops();
        }
        return new Summary(images, meters, levels, crops);
    }

    /**
     * Removes an earlier export from {@code out}, so no stale image of a larger run is left to
     * train on; refuses to touch a det/ or seg/ folder that an export did not write.
     */
    private static void clearPreviousExport(Path out) throws IOException {
        for (String part : new String[] {"det", "seg"}) {
            Path dir = out.resolve(part);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Path yaml = dir.resolve("data.yaml");
            boolean ours = Files.isRegularFile(yaml) && Files.readString(yaml).startsWith(MARKER);
            if (!ours) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IOException(dir + " exists and was not written by sim dataset; choose another --out");
                    }
                }
                continue;
            }
            for (String sub : new String[] {"images", "labels", "truth", "fractions"}) {
                Path tree = dir.resolve(sub);
                if (Files.isDirectory(tree)) {
                    try (var walk = Files.walk(tree)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }

    private static String dataYaml(Path root, String names) {
        return MARKER + "\n"
                + "path: " + root.toString().replace('\\', '/') + "\n"
                + "train: images/train\nval: images/val\ntest: images/test\n"
                + "names: " + names + "\n";
    }

    private static Rows writeImage(Path out, long seed, int index, double closeUps) {
        SceneFrame frame = TrainingSamples.render(seed, index, closeUps);
        String split = split(index);
        String name = imageName(index);
        int w = frame.width();
        int h = frame.height();
        StringBuilder labels = new StringBuilder();
        List<String> truth = new ArrayList<>();
        List<String> fractions = new ArrayList<>();
        int meters = 0, levels = 0, crops = 0;
        try {
            Files.write(out.resolve("det/images/" + split + "/" + name + ".jpg"), Cv.jpeg(frame.bgr(), w, h, frame.jpegQuality()));
            List<SceneGauge> gauges = frame.gauges();
            for (int gi = 0; gi < gauges.size(); gi++) {
                SceneGauge gauge = gauges.get(gi);
                BoundingBox box = gauge.box().clip(w, h);
                boolean pointer = gauge.type() == GaugeType.POINTER;
                labels.append(yoloBox(pointer ? 0 : 1, box, w, h));
                if (!pointer) {
                    labels.append(yoloBox(2, gauge.geometry().levelBox().clip(w, h), w, h));
                    levels++;
                } else {
                    meters++;
                }
                truth.add(String.format(Locale.ROOT, "%s,%d,%s,%.6f,%.2f,%.2f,%.2f,%.2f,%s", name, gi,
                        pointer ? "pointer" : "level", gauge.fraction(), box.x(), box.y(), box.width(), box.height(),
                        pointer ? marks(gauge.scaleMarks()) : ",,,,,"));
                if (pointer && Math.min(box.width(), box.height()) >= MIN_CROP_SIDE && gauge.geometry().needle().length >= 6) {
                    String cropName = name + "_" + gi;
                    SegCrop crop = SegCrop.of(gauge, w, h, Rng.forItem(seed ^ CROP_SALT, index * 16L + gi));
                    Files.write(out.resolve("seg/images/" + split + "/" + cropName + ".jpg"),
                            Cv.jpeg(crop.pixels(frame), crop.width(), crop.height(), frame.jpegQuality()));
                    Files.writeString(out.resolve("seg/labels/" + split + "/" + cropName + ".txt"), segLabels(crop),
                            StandardCharsets.US_ASCII);
                    GaugeGeometry g = gauge.geometry();
                    fractions.add(String.format(Locale.ROOT, "%s,%.6f,pointer,%.3f,%.3f,%.2f,%.2f", cropName, gauge.fraction(),
                            g.arcStartDeg(), g.arcSpanDeg(), crop.center()[0], crop.center()[1]));
                    crops++;
                }
            }
            Files.writeString(out.resolve("det/labels/" + split + "/" + name + ".txt"), labels, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rows(index, truth, fractions, meters, levels, crops);
    }

    private static String marks(double[] m) {
        return String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    static String yoloBox(int cls, BoundingBox b, int w, int h) {
        return String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", cls, unit(b.centerX() / w), unit(b.centerY() / h),
                unit(b.width() / w), unit(b.height() / h));
    }

    /**
     * One polygon of a segmentation label file, as {@link #segLabels} writes it: its class and
     * its points {@code x0, y0, x1, y1, ...} in the pixels of its crop.
     */
    public record LabelPolygon(int classId, double[] points) {
        /** The closed outline through the points. */
        public Path2D.Double path() {
            return Polygons.path(points);
        }
    }

    /**
     * A label line ({@code class x0 y0 x1 y1 ...}, coordinates normalised to the crop) in the
     * pixels of a {@code width x height} crop; null for a line with fewer than three points.
     */
    public static LabelPolygon labelPolygon(String line, int width, int height) {
        String[] t = line.trim().split("\\s+");
        if (t.length < 7) {
            return null;
        }
        double[] points = new double[(t.length - 1) / 2 * 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = Double.parseDouble(t[i + 1]) * (i % 2 == 0 ? width : height);
        }
        return new LabelPolygon(Integer.parseInt(t[0]), points);
    }

    static String segLabels(SegCrop crop) {
        StringBuilder sb = new StringBuilder();
        if (crop.needle().length >= 6) {
            sb.append(polygonLine(0, crop.needle(), crop.width(), crop.height()));
        }
        for (double[] tick : crop.ticks()) {
            sb.append(polygonLine(1, tick, crop.width(), crop.height()));
        }
        return sb.toString();
    }

    private static String polygonLine(int cls, double[] xy, int w, int h) {
        StringBuilder sb = new StringBuilder().append(cls);
        for (int k = 0; k < xy.length; k += 2) {
            sb.append(String.format(Locale.ROOT, " %.6f %.6f", unit(xy[k] / w), unit(xy[k + 1] / h)));
        }
        return sb.append('\n').toString();
    }

    private static double unit(double v) {
        return v < 0 ? 0 : Math.min(1, v);
    }
}
