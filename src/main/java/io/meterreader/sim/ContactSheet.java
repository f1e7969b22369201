package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A grid of samples to look at: whole training scenes with each gauge's box and fraction, or
 * pointer-gauge crops with their needle and tick polygons drawn over the pixels, which is the
 * quickest way to see that labels and pixels agree.
 */
public final class ContactSheet {

    private static final int TILE_WIDTH = 480;

    private ContactSheet() {
    }

    /**
     * Renders {@code count} samples of the training distribution seeded with {@code seed} and
     * writes the sheet as PNG.
     *
     * @param crops pointer-gauge crops with polygons instead of whole scenes
     */
    public static void write(Path out, long seed, int count, int columns, boolean crops) throws IOException {
        if (count < 1 || columns < 1) {
            throw new IllegalArgumentException("count and columns must be positive");
        }
        List<BufferedImage> tiles = IntStream.range(0, count).parallel()
                .mapToObj(i -> crops ? cropTile(seed, i) : sceneTile(seed, i)).toList();
        int tileHeight = tiles.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int rows = (count + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * (TILE_WIDTH + 4), rows * (tileHeight + 4), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), (i % columns) * (TILE_WIDTH + 4) + 2, (i / columns) * (tileHeight + 4) + 2, null);
        }
        g.dispose();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] bgr = ((DataBufferByte) sheet.getRaster().getDataBuffer()).getData();
        Files.write(out, Cv.png(bgr, sheet.getWidth(), sheet.getHeight()));
    }

    private static BufferedImage sceneTile(long seed, int index) {
        SceneFrame frame = TrainingSamples.render(seed, index);
        int tileHeight = TILE_WIDTH * 9 / 16;
        double s = Math.min((double) TILE_WIDTH / frame.width(), (double) tileHeight / frame.height());
        int th = (int) Math.round(frame.height() * s);
        BufferedImage tile = new BufferedImage(TILE_WIDTH, tileHeight, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = tile.createGraphics();
        Painting.smooth(g);
        g.drawImage(toImage(frame.bgr(), frame.width(), frame.height()).getScaledInstance((int) Math.round(frame.width() * s), th,
                Image.SCALE_SMOOTH), 0, 0, null);
        g.setFont(Fonts.face(1, 13));
        for (SceneGauge gauge : frame.gauges()) {
            BoundingBox b = gauge.box();
            g.setColor(gauge.type() == GaugeType.POINTER ? new Color(0, 255, 0) : new Color(0, 200, 255));
            g.setStroke(new BasicStroke(1.5f));
            g.drawRect((int) (b.x() * s), (int) (b.y() * s), (int) (b.width() * s), (int) (b.height() * s));
            if (gauge.type() == GaugeType.LEVEL) {
                BoundingBox l = gauge.geometry().levelBox();
                g.setColor(Color.RED);
                g.drawRect((int) (l.x() * s), (int) (l.y() * s), (int) Math.max(1, l.width() * s), (int) Math.max(1, l.height() * s));
            }
            String label = String.format(Locale.ROOT, "%.2f", gauge.fraction());
            g.setColor(Color.BLACK);
            g.drawString(label, (float) (b.x() * s) + 1, (float) (b.y() * s) - 2);
            g.setColor(Color.YELLOW);
            g.drawString(label, (float) (b.x() * s), (float) (b.y() * s) - 3);
        }
        g.setColor(Color.WHITE);
        g.drawString("#" + index + " " + frame.width() + "x" + frame.height() + " q" + frame.jpegQuality(), 4, th - 4);
        g.dispose();
        return tile;
    }

    private static BufferedImage cropTile(long seed, int index) {
        SceneFrame frame = TrainingSamples.render(seed, index);
        List<SceneGauge> pointers = new ArrayList<>();
        for (SceneGauge gauge : frame.gauges()) {
            if (gauge.type() == GaugeType.POINTER) {
                pointers.add(gauge);
            }
        }
        BufferedImage tile = new BufferedImage(TILE_WIDTH, TILE_WIDTH, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = tile.createGraphics();
        Painting.smooth(g);
        if (pointers.isEmpty()) {
            g.setColor(Color.WHITE);
            g.drawString("#" + index + ": no pointer gauge", 10, 20);
            g.dispose();
            return tile;
        }
        SceneGauge gauge = pointers.get(0);
        SegCrop crop = SegCrop.of(gauge, frame.width(), frame.height(), Rng.forItem(seed, index));
        double s = (double) TILE_WIDTH / Math.max(crop.width(), crop.height());
        g.drawImage(toImage(crop.pixels(frame), crop.width(), crop.height())
                .getScaledInstance((int) (crop.width() * s), (int) (crop.height() * s), Image.SCALE_SMOOTH), 0, 0, null);
        AffineTransform t = AffineTransform.getScaleInstance(s, s);
        g.setStroke(new BasicStroke(1.2f));
        g.setColor(new Color(255, 0, 255));
        g.draw(t.createTransformedShape(Polygons.path(crop.needle())));
        g.setColor(new Color(0, 255, 255));
        for (double[] tick : crop.ticks()) {
            g.draw(t.createTransformedShape(Polygons.path(tick)));
        }
        g.setColor(Color.YELLOW);
        g.setFont(Fonts.face(1, 16));
        g.drawString(String.format(Locale.ROOT, "#%d f=%.3f %dx%d", index, gauge.fraction(), crop.width(), crop.height()), 6, 18);
        g.dispose();
        return tile;
    }

    static BufferedImage toImage(byte[] bgr, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        System.arraycopy(bgr, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, bgr.length);
        return img;
    }
}
