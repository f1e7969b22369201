package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Frame;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.ImagePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws a snapshot's boxes, meter ids, values and statuses, and the ticks each dial's scale was
 * read against, onto its frame and encodes a JPEG: a camera's snapshot for the API, an image
 * read offline for {@code read --annotate}.
 */
public final class SnapshotRenderer {

    private static final Color OK = new Color(63, 185, 80);
    private static final Color WARN = new Color(230, 170, 40);
    private static final Color BAD = new Color(240, 70, 60);
    private static final Color UNCALIBRATED = new Color(88, 166, 255);
    private static final Color OUT_OF_SERVICE = new Color(139, 148, 158);
    /** A meter's calibrated region, dashed: white, apart from every status's colour. */
    private static final Color REGION = new Color(255, 255, 255, 200);

    private SnapshotRenderer() {
    }

    public static byte[] jpeg(CameraSnapshot snapshot, float quality) {
        Frame f = snapshot.frame();
        return encode(annotated(snapshot, new Rectangle(0, 0, f.width(), f.height())), quality);
    }

    /**
     * The annotated snapshot scaled down to {@code width} pixels across (no larger than the frame):
     * what a dashboard tile shows 380 pixels wide, a fraction of the bytes of the whole frame,
     * which every open dashboard asked for every 3 s.
     */
    public static byte[] jpeg(CameraSnapshot snapshot, float quality, int width) {
        Frame f = snapshot.frame();
        BufferedImage whole = annotated(snapshot, new Rectangle(0, 0, f.width(), f.height()));
        if (width >= f.width()) {
            return encode(whole, quality);
        }
        int height = Math.max(1, Math.round((float) f.height() * width / f.width()));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(whole, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return encode(small, quality);
    }

    /** The margin around a meter's box in its picture: a share of the box's longer side, at least MIN_MARGIN px. */
    static final double MARGIN = 0.2;
    static final double MIN_MARGIN = 24;

    /**
     * The part of a snapshot that shows one meter: its calibrated {@code region} (null: none) and
     * every box its gauge was found in, with a margin, so that its needle and ticks can be seen;
     * empty where the meter has neither.
     */
    public static Optional<BoundingBox> meterCrop(CameraSnapshot snapshot, String meterId,
                                                            BoundingBox region) {
        BoundingBox box = region;
        for (Annotation a : snapshot.annotations()) {
            if (meterId.equals(a.meterId())) {
                box = box == null ? a.box() : BoundingBox.ofCorners(Math.min(box.x(), a.box().x()),
                        Math.min(box.y(), a.box().y()), Math.max(box.x2(), a.box().x2()),
                        Math.max(box.y2(), a.box().y2()));
            }
        }
        if (box == null) {
            return Optional.empty();
        }
        double margin = Math.max(MIN_MARGIN, MARGIN * Math.max(box.width(), box.height()));
        return Optional.of(BoundingBox.ofCorners(box.x() - margin, box.y() - margin, box.x2() + margin,
                box.y2() + margin));
    }

    /**
     * The part of the annotated snapshot within {@code crop} (clipped to the frame; image pixels):
     * one gauge as the camera sees it and as it was read, for its meter's page. Only the gauges
     * whose middle lies in the part are drawn, their labels moved into it where they would run off.
     *
     * @throws IllegalArgumentException the crop lies outside the frame
     */
    public static byte[] jpeg(CameraSnapshot snapshot, float quality, BoundingBox crop) {
        return jpeg(snapshot, quality, crop, null);
    }

    /**
     * As {@link #jpeg(CameraSnapshot, float, BoundingBox)}, with a meter's calibrated region drawn
     * dashed: where the service looks for its gauge, seen even when no gauge was found there.
     */
    public static byte[] jpeg(CameraSnapshot snapshot, float quality, BoundingBox crop, BoundingBox region) {
        Frame f = snapshot.frame();
        int x0 = Math.max(0, (int) Math.floor(crop.x()));
        int y0 = Math.max(0, (int) Math.floor(crop.y()));
        int x1 = Math.min(f.width(), (int) Math.ceil(crop.x2()));
        int y1 = Math.min(f.height(), (int) Math.ceil(crop.y2()));
        if (x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("the crop " + crop + " lies outside the " + f.width() + "x"
                    + f.height() + " frame");
        }
        return encode(annotated(snapshot, new Rectangle(x0, y0, x1 - x0, y1 - y0), region), quality);
    }

    /** The part {@code visible} of the snapshot's frame (image pixels), with its annotations drawn. */
    private static BufferedImage annotated(CameraSnapshot snapshot, Rectangle visible) {
        return annotated(snapshot, visible, null);
    }

    /** As {@link #annotated(CameraSnapshot, Rectangle)}, with {@code region} (null: none) drawn dashed. */
    private static BufferedImage annotated(CameraSnapshot snapshot, Rectangle visible, BoundingBox region) {
        Frame frame = snapshot.frame();
        boolean whole = visible.width == frame.width() && visible.height == frame.height();
        // a part copies only its own pixels: a meter's page asks for its gauge every few seconds
        BufferedImage image = whole ? toImage(frame) : toImage(frame, visible);
        Graphics2D g = image.createGraphics();
        try {
            if (!whole) {
                g.translate(-visible.x, -visible.y);
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // sized by the whole frame's height, so a part shows its labels as the whole frame does
            float scale = Math.max(1f, frame.height() / 720f);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(16 * scale)));
            if (region != null) {
                g.setColor(REGION);
                g.setStroke(new BasicStroke(1.5f * scale, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {8 * scale, 6 * scale}, 0f));
                g.drawRect((int) Math.round(region.x()), (int) Math.round(region.y()), (int) Math.round(region.width()),
                        (int) Math.round(region.height()));
            }
            for (Annotation a : snapshot.annotations()) {
                // a part shows the gauges whose middle it holds: another's label pulled in without its box misleads
                if (visible.contains(a.box().centerX(), a.box().centerY())) {
                    draw(g, a, scale, visible);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * The snapshot's frame as the camera delivered it, nothing drawn: what to upload to the offline
     * read, whose reader would take a drawn needle for a second pointer.
     */
    public static byte[] rawJpeg(CameraSnapshot snapshot, float quality) {
        return encode(toImage(snapshot.frame()), quality);
    }

    private static void draw(Graphics2D g, Annotation a, float scale, Rectangle visible) {
        Color color = a.meterId() == null ? UNCALIBRATED
                : a.status() == ReadingStatus.OK ? OK
                : a.status() == ReadingStatus.OUT_OF_SERVICE ? OUT_OF_SERVICE
                : a.status() == ReadingStatus.LOW_CONFIDENCE || a.status() == ReadingStatus.IMPLAUSIBLE ? WARN : BAD;
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f * scale));
        int x = (int) Math.round(a.box().x());
        int y = (int) Math.round(a.box().y());
        int w = (int) Math.round(a.box().width());
        int h = (int) Math.round(a.box().height());
        g.drawRect(x, y, w, h);
        if (a.needle() != null) {
            double[] n = a.needle();
            g.drawLine((int) Math.round(n[0]), (int) Math.round(n[1]), (int) Math.round(n[2]), (int) Math.round(n[3]));
        }
        // The scale's ticks as dots, its first and last tick (the span's ends) ringed.
        List<ImagePoint> ticks = a.ticks();
        double dot = 2.5 * scale;
        for (int i = 0; i < ticks.size(); i++) {
            ImagePoint t = ticks.get(i);
            if (i == 0 || i == ticks.size() - 1) {
                g.draw(new Ellipse2D.Double(t.x() - 3 * dot, t.y() - 3 * dot, 6 * dot, 6 * dot));
            }
            g.fill(new Ellipse2D.Double(t.x() - dot, t.y() - dot, 2 * dot, 2 * dot));
        }
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(a.text()) + 8;
        int th = fm.getHeight();
        // Above the box; below it when the box touches the top; inside it when it fills the picture;
        // moved left where it would run off the picture's right edge.
        int top = visible.y;
        int bottom = visible.y + visible.height;
        int ty = y - th >= top ? y - th : y + h + th <= bottom ? y + h : Math.max(top, y);
        int tx = Math.max(visible.x, Math.min(x, visible.x + visible.width - tw));
        g.fillRect(tx, ty, tw, th);
        g.setColor(Color.BLACK);
        g.drawString(a.text(), tx + 4, ty + fm.getAscent());
    }

    /** The part {@code r} of the frame (inside it), row by row. */
    private static BufferedImage toImage(Frame frame, Rectangle r) {
        BufferedImage image = new BufferedImage(r.width, r.height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int row = 0; row < r.height; row++) {
            System.arraycopy(frame.bgr(), ((r.y + row) * frame.width() + r.x) * 3, target, row * r.width * 3,
                    r.width * 3);
        }
        return image;
    }

    private static BufferedImage toImage(Frame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(frame.bgr(), 0, target, 0, target.length);
        return image;
    }

    private static byte[] encode(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 8);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
