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

    /** Reads every crop of a seg export's split with a reader, from its label polygons. */
    static Result measure(Path dataset, String split, PointerReader reader) throws IOException {
        List<String> rows = Files.readAllLines(dataset.resolve("seg/fractions/" + split + ".csv"));
        List<Double> errors = new ArrayList<>();
        int crops = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] p = row.split(",");
            Path image = dataset.resolve("seg/images/" + split + "/" + p[0] + ".jpg");
            BufferedImage img = javax.imageio.ImageIO.read(image.toFile());
            List<Detection> segments = segments(dataset.resolve("seg/labels/" + split + "/" + p[0] + ".txt"),
                    img.getWidth(), img.getHeight());
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
        out.println(measure(dataset, split, PointerReader.standard()).row("standard"));
        out.println(measure(dataset, split, PointerReader.original()).row("original"));
    }
}
