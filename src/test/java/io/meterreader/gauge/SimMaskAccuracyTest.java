package io.meterreader.gauge;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import io.meterreader.sim.DatasetExport;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The geometry on the synthetic renderer's own exact masks (the segmentation labels of
 * {@code sim dataset}, rasterised): the renderer's gauges, not the geometry's own fixture. The
 * test asserts the targets on a small seeded export; {@link #main} prints the table for a large
 * one, the original algorithm beside the standard reader.
 */
class SimMaskAccuracyTest {

    @TempDir
    Path dir;

    record Result(int crops, int read, double mean, double p99, double max) {
        String row(String name) {
            return String.format(Locale.ROOT, "%-9s %6d crops  %5.1f%% read  mean %.3f%%  p99 %.3f%%  max %.3f%%",
                    name, crops, 100.0 * read / crops, 100 * mean, 100 * p99, 100 * max);
        }
    }

    /**
     * How the label polygons become masks: exactly, or as coarse as a segmentation model makes
     * them. YOLOv8-seg builds each instance's mask from prototypes at a quarter of its input's
     * resolution and scales it up; the project's segmenter takes crops at 320 pixels (the longer
     * side), so its prototypes are 80 cells across whatever the crop's size: a small crop, scaled
     * up to the input, loses nothing, a 320-pixel crop is seen at a quarter of its resolution.
     */
    enum Masks {
        /** The polygons filled and outlined at the crop's own resolution. */
        EXACT,
        /** At the segmenter's prototype resolution, 80 cells across the crop's longer side. */
        PROTOTYPES,
        /** At a quarter of the crop's own resolution, whatever its size (harsher for small crops). */
        QUARTER;

        static final int PROTOTYPE_CELLS = 320 / 4;

        /** The cell size in crop pixels (1 for exact masks). */
        double cell(int width, int height) {
            return switch (this) {
                case EXACT -> 1;
                case PROTOTYPES -> Math.max(1, Math.max(width, height) / (double) PROTOTYPE_CELLS);
                case QUARTER -> 4;
            };
        }
    }

    /** Reads every crop of a seg export's split with a reader, from its label polygons, as exact masks. */
    static Result measure(Path dataset, String split, PointerReader reader) throws IOException {
        return measure(dataset, split, reader, Masks.EXACT);
    }

    /** Reads every crop of a seg export's split with a reader, from its label polygons made into masks. */
    static Result measure(Path dataset, String split, PointerReader reader, Masks masks) throws IOException {
        List<String> rows = Files.readAllLines(dataset.resolve("seg/fractions/" + split + ".csv"));
        List<Double> errors = new ArrayList<>();
        int crops = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] p = row.split(",");
            Path image = dataset.resolve("seg/images/" + split + "/" + p[0] + ".jpg");
            BufferedImage img = javax.imageio.ImageIO.read(image.toFile());
            List<Detection> segments = segments(dataset.resolve("seg/labels/" + split + "/" + p[0] + ".txt"),
                    img.getWidth(), img.getHeight());
            double cell = masks.cell(img.getWidth(), img.getHeight());
            if (cell > 1) {
                segments = coarse(segments, cell);
            }
            crops++;
            GaugeMeasurement m = reader.read(segments, img.getWidth(), img.getHeight());
            if (m.isOk()) {
                errors.add(Math.abs(m.fraction() - Double.parseDouble(p[1])));
            }
        }
        double[] e = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(e).average().orElse(Double.NaN);
        double p99 = e.length == 0 ? Double.NaN : e[Math.max(0, (int) Math.ceil(0.99 * e.length) - 1)];
        return new Result(crops, e.length, mean, p99, e.length == 0 ? Double.NaN : e[e.length - 1]);
    }

    /** One detection per label polygon, its mask the polygon filled at the crop's size. */
    static List<Detection> segments(Path labels, int w, int h) throws IOException {
        List<Detection> out = new ArrayList<>();
        for (String line : Files.readAllLines(labels)) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 7) {
                continue;
            }
            int cls = Integer.parseInt(t[0]);
            Path2D.Double poly = new Path2D.Double();
            for (int i = 1; i + 1 < t.length; i += 2) {
                double x = Double.parseDouble(t[i]) * w;
                double y = Double.parseDouble(t[i + 1]) * h;
                if (i == 1) {
                    poly.moveTo(x, y);
                } else {
                    poly.lineTo(x, y);
                }
            }
            poly.closePath();
            BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = mask.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            // Filled and outlined: a needle or tick thinner than a pixel still covers the pixels it
            // crosses, as a segmentation model's mask would.
            g.fill(poly);
            g.draw(poly);
            g.dispose();
            byte[] px = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData().clone();
            var b = poly.getBounds();
            out.add(new Detection(cls, cls == 0 ? "pointer" : "scale", 0.9,
                    new BoundingBox(b.x, b.y, Math.max(1, b.width), Math.max(1, b.height)), new Mask(w, h, px)));
        }
        return out;
    }

    /**
     * Masks as a segmentation model makes them: YOLOv8-seg builds each instance's mask from
     * prototypes at a quarter of the crop's resolution and scales it up, so here each exact mask
     * is averaged over blocks of {@code factor} x {@code factor} pixels, scaled back up bilinearly
     * and cut at one half. Thin ticks thin out or vanish, corners round off; instances left empty
     * are dropped, and each box is its mask's tight box.
     */
    static List<Detection> coarse(List<Detection> segments, double factor) {
        List<Detection> out = new ArrayList<>();
        for (Detection d : segments) {
            Mask mask = coarse(d.mask(), factor);
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = -1;
            int y1 = -1;
            for (int y = 0; y < mask.height(); y++) {
                for (int x = 0; x < mask.width(); x++) {
                    if (mask.get(x, y)) {
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x);
                        y1 = Math.max(y1, y);
                    }
                }
            }
            if (x1 >= 0) {
                out.add(new Detection(d.classId(), d.label(), d.confidence(),
                        new BoundingBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1), mask));
            }
        }
        return out;
    }

    /**
     * A mask averaged over square cells {@code factor} pixels wide (any factor of 1 or more;
     * pixels shared by two cells count in each by their overlap), scaled back up bilinearly
     * between the cells' centres and cut at one half.
     */
    static Mask coarse(Mask mask, double factor) {
        int w = mask.width();
        int h = mask.height();
        int cw = (int) Math.ceil(w / factor);
        int ch = (int) Math.ceil(h / factor);
        double[] low = new double[cw * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!mask.get(x, y)) {
                    continue;
                }
                // The pixel [x, x+1) x [y, y+1) spread over the cells it overlaps.
                for (int cy = (int) (y / factor); cy < ch && cy * factor < y + 1; cy++) {
                    double oy = Math.min(y + 1, (cy + 1) * factor) - Math.max(y, cy * factor);
                    for (int cx = (int) (x / factor); cx < cw && cx * factor < x + 1; cx++) {
                        double ox = Math.min(x + 1, (cx + 1) * factor) - Math.max(x, cx * factor);
                        low[cy * cw + cx] += ox * oy;
                    }
                }
            }
        }
        for (int k = 0; k < low.length; k++) {
            low[k] /= factor * factor;
        }
        Mask out = Mask.empty(w, h);
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, Math.min(ch - 1, (y + 0.5) / factor - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(ch - 1, y0 + 1);
            double ty = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, Math.min(cw - 1, (x + 0.5) / factor - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(cw - 1, x0 + 1);
                double tx = fx - x0;
                double v = (1 - ty) * ((1 - tx) * low[y0 * cw + x0] + tx * low[y0 * cw + x1])
                        + ty * ((1 - tx) * low[y1 * cw + x0] + tx * low[y1 * cw + x1]);
                if (v >= 0.5) {
                    out.set(x, y, true);
                }
            }
        }
        return out;
    }

    @Test
    void standardReader_onRendererMasks_meetsTargets_andBeatsTheOriginal() throws IOException {
        DatasetExport.write(dir, 120, 424242L, null);

        Result standard = measure(dir, "train", PointerReader.standard());
        Result original = measure(dir, "train", PointerReader.original());
        System.out.println(standard.row("standard"));
        System.out.println(original.row("original"));

        assertThat(standard.crops()).isGreaterThan(80);
        assertThat((double) standard.read() / standard.crops()).isGreaterThanOrEqualTo(0.97);
        assertThat(standard.mean()).isLessThanOrEqualTo(0.002);
        assertThat(standard.p99()).isLessThanOrEqualTo(0.005);
        assertThat(standard.mean()).isLessThan(original.mean());
    }

    /** {@code SimMaskAccuracyTest DATASET_DIR [split]}: the table over an existing export. */
    public static void main(String[] args) throws IOException {
        Path dataset = Path.of(args[0]);
        String split = args.length > 1 ? args[1] : "test";
        PrintStream out = System.out;
        out.println("exact masks");
        out.println(measure(dataset, split, PointerReader.standard()).row("standard"));
        out.println(measure(dataset, split, PointerReader.original()).row("original"));
        for (Masks masks : new Masks[] {Masks.PROTOTYPES, Masks.QUARTER}) {
            out.println(masks == Masks.PROTOTYPES ? "masks at the segmenter's prototype resolution (80 cells across), scaled up"
                    : "masks at a quarter of the crop's resolution, scaled up");
            out.println(measure(dataset, split, PointerReader.standard(), masks).row("standard"));
            out.println(measure(dataset, split, PointerReader.original(), masks).row("original"));
        }
    }
}
