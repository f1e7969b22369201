package io.meterreader.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Polygon;
import java.awt.RadialGradientPaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Paints the plant a gauge hangs in: a wall, sheet metal, concrete, brick, a cabinet or the sky,
 * then pipes, beams, cable trays, cabinets, signs, and round things that are not gauges
 * (handwheels, lamps, clocks without ticks, flange caps, fan guards) so a detector learns what a
 * gauge is not. Everything is drawn with Java2D onto a BGR image whose bytes the compositor then
 * works on directly.
 *
 * <p>Design: one public entry, {@link #paint}, calls small painters in back-to-front order, each
 * taking the generator it draws from; none of them knows where gauges will go (the scene
 * composer draws their mounting pipes afterwards).
 */
final class Backdrop {

    private static final Color[] WALLS = {
        new Color(200, 195, 180), new Color(175, 180, 178), new Color(160, 175, 160), new Color(150, 160, 175),
        new Color(225, 220, 205), new Color(235, 235, 232), new Color(120, 130, 120), new Color(95, 105, 115),
        new Color(205, 185, 150), new Color(70, 75, 80)};
    private static final Color[] PIPES = {
        new Color(150, 150, 150), new Color(190, 190, 185), new Color(60, 110, 60), new Color(200, 170, 40),
        new Color(160, 40, 35), new Color(40, 80, 150), new Color(120, 80, 50), new Color(210, 210, 205),
        new Color(230, 120, 30), new Color(70, 70, 75), new Color(110, 140, 160)};
    private static final String[] SIGN_TEXT = {
        "DANGER", "CAUTION", "HOT SURFACE", "HIGH PRESSURE", "NO SMOKING", "PUMP P-101", "BOILER 2", "STEAM",
        "COOLING WATER", "V-204", "AUTHORIZED ONLY", "EAR PROTECTION", "CONDENSATE", "AIR 6 BAR", "FIRE WATER",
        "TK-301", "N2", "DRAIN", "PI-2207", "LG-114"};

    private Backdrop() {
    }

    /**
     * The plant behind the gauges: painted on a canvas larger than the frame and drawn through an
     * affine view (turned, sheared, stretched) so walls and pipes are not all square to the
     * frame, then stained, grained and sometimes thrown out of focus, as a camera focused on
     * the gauges sees it. The view is a Java2D transform, so it costs no extra pass.
     */
    static BufferedImage paint(Rng rng, int width, int height) {
        int bw = (int) Math.round(width * 1.3);
        int bh = (int) Math.round(height * 1.3);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        Painting.smooth(g);
        g.transform(view(rng, bw, bh, width, height));
        paintFlat(g, rng, bw, bh);
        g.dispose();
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        Texture.blotches(bgr, width, height, rng, rng.uniform(0.04, 0.18));
        Texture.noise(bgr, rng, rng.uniform(1, 5), 0.2);
        if (rng.chance(0.3)) {
            Cv.gaussianBlur(bgr, width, height, 3, rng.uniform(0.8, 2.5) * height / 720.0);
        }
        return img;
    }

    /** A camera turned a little away from square to the wall; the canvas still fills the frame. */
    private static AffineTransform view(Rng rng, int bw, int bh, int width, int height) {
        double roll = Math.toRadians(Math.max(-12, Math.min(12, rng.gaussian(0, 5))));
        double shx = rng.uniform(-0.2, 0.2);
        double shy = rng.uniform(-0.15, 0.15);
        double sx = rng.uniform(0.85, 1.1);
        double sy = rng.uniform(0.85, 1.1);
        for (int attempt = 0; attempt < 8; attempt++) {
            AffineTransform t = new AffineTransform();
            t.translate(width / 2.0, height / 2.0);
            t.rotate(roll);
            t.shear(shx, shy);
            t.scale(sx, sy);
            t.translate(-bw / 2.0, -bh / 2.0);
            try {
                double[] corners = {0, 0, width, 0, width, height, 0, height};
                t.inverseTransform(corners, 0, corners, 0, 4);
                boolean inside = true;
                for (int k = 0; k < corners.length; k += 2) {
                    inside &= corners[k] >= 0 && corners[k] <= bw && corners[k + 1] >= 0 && corners[k + 1] <= bh;
                }
                if (inside) {
                    return t;
                }
            } catch (java.awt.geom.NoninvertibleTransformException e) {
                // A degenerate draw: fall through and try a gentler one.
            }
            roll *= 0.6;
            shx *= 0.6;
            shy *= 0.6;
            sx = (sx + 1) / 2 + 0.05;
            sy = (sy + 1) / 2 + 0.05;
        }
        return AffineTransform.getTranslateInstance(width / 2.0 - bw / 2.0, height / 2.0 - bh / 2.0);
    }

    private static void paintFlat(Graphics2D g, Rng rng, int width, int height) {
        int base = rng.weighted(0.22, 0.14, 0.12, 0.08, 0.14, 0.12, 0.1, 0.08);
        switch (base) {
            case 0 -> paintedWall(g, rng, width, height);
            case 1 -> concrete(g, rng, width, height);
            case 2 -> brick(g, rng, width, height);
            case 3 -> tiles(g, rng, width, height);
            case 4 -> corrugated(g, rng, width, height);
            case 5 -> cabinet(g, rng, width, height);
            case 6 -> darkRoom(g, rng, width, height);
            default -> outdoor(g, rng, width, height);
        }
        int clutter = rng.integer(2, 9);
        for (int i = 0; i < clutter; i++) {
            switch (rng.weighted(0.32, 0.1, 0.08, 0.12, 0.1, 0.09, 0.07, 0.1, 0.06)) {
                case 0 -> pipe(g, rng, width, height);
                case 1 -> beam(g, rng, width, height);
                case 2 -> cableTray(g, rng, width, height);
                case 3 -> box(g, rng, width, height);
                case 4 -> sign(g, rng, width, height);
                case 5 -> handwheel(g, rng, width, height);
                case 6 -> cable(g, rng, width, height);
                case 7 -> roundThing(g, rng, width, height);
                default -> scatter(g, rng, width, height);
            }
        }
    }

    /** Small things all over: stickers, screws, cable ties, scribbles, labels. */
    private static void scatter(Graphics2D g, Rng rng, int w, int h) {
        int n = rng.integer(15, 60);
        for (int i = 0; i < n; i++) {
            double s = h * rng.logUniform(0.004, 0.04);
            double x = rng.uniform(0, w), y = rng.uniform(0, h);
            g.setColor(Colors.jitter(rng, rng.pick(Colors.gray(30), Colors.gray(200), new Color(200, 40, 30),
                    new Color(230, 190, 40), new Color(40, 90, 170), new Color(240, 240, 235), new Color(90, 70, 50)), 25));
            switch (rng.integer(0, 3)) {
                case 0 -> g.fill(new Rectangle2D.Double(x, y, s * rng.uniform(1, 4), s));
                case 1 -> g.fill(new Ellipse2D.Double(x, y, s, s));
                case 2 -> {
                    g.setStroke(new BasicStroke((float) Math.max(1, s * 0.15)));
                    g.draw(new java.awt.geom.Line2D.Double(x, y, x + rng.uniform(-4, 4) * s, y + rng.uniform(-4, 4) * s));
                }
                default -> {
                    g.setFont(Fonts.random(rng, Math.max(6, s * 0.9)));
                    g.drawString(rng.pick(SIGN_TEXT), (float) x, (float) y);
                }
            }
        }
    }

    // ---- base surfaces --------------------------------------------------------------------

    private static void paintedWall(Graphics2D g, Rng rng, int w, int h) {
        Color c = Colors.jitter(rng, rng.pick(WALLS), 12);
        g.setPaint(new LinearGradientPaint(0, 0, (float) rng.uniform(0, w), h, new float[] {0, 1},
                new Color[] {Colors.shade(c, rng.uniform(1.0, 1.2)), Colors.shade(c, rng.uniform(0.7, 0.95))}));
        g.fillRect(0, 0, w, h);
        if (rng.chance(0.4)) {
            // Two-tone wall: darker paint below a dado line.
            int y = (int) (h * rng.uniform(0.3, 0.8));
            Color low = Colors.jitter(rng, rng.pick(WALLS), 20);
            g.setColor(Colors.shade(low, 0.8));
            g.fillRect(0, y, w, h - y);
            g.setColor(Colors.shade(low, 0.5));
            g.fillRect(0, y, w, Math.max(2, h / 150));
        }
    }

    private static void concrete(Graphics2D g, Rng rng, int w, int h) {
        int v = rng.integer(110, 175);
        g.setColor(Colors.jitter(rng, new Color(v, v - 3, v - 8), 8));
        g.fillRect(0, 0, w, h);
        g.setColor(Colors.withAlpha(Color.BLACK, 0.18));
        int panel = (int) (w * rng.uniform(0.25, 0.6));
        for (int x = rng.integer(0, panel); x < w; x += panel) {
            g.fillRect(x, 0, Math.max(1, w / 600), h);
        }
        for (int i = 0; i < 12; i++) {
            double x = rng.uniform(0, w), y = rng.uniform(0, h), r = rng.uniform(1, 3) * w / 640.0;
            g.fill(new Ellipse2D.Double(x, y, r, r));
        }
    }

    private static void brick(Graphics2D g, Rng rng, int w, int h) {
        Color brick = rng.pick(new Color(150, 70, 50), new Color(170, 100, 70), new Color(190, 170, 130),
                new Color(200, 200, 195), new Color(120, 60, 45));
        Color mortar = Colors.gray(rng.integer(150, 200));
        g.setColor(mortar);
        g.fillRect(0, 0, w, h);
        double bh = h * rng.uniform(0.03, 0.07);
        double bw = bh * rng.uniform(2.2, 3);
        double gap = Math.max(1, bh * 0.12);
        int row = 0;
        for (double y = 0; y < h; y += bh, row++) {
            double off = (row % 2) * bw / 2;
            for (double x = -off; x < w; x += bw) {
                g.setColor(Colors.shade(brick, rng.uniform(0.82, 1.12)));
                g.fill(new Rectangle2D.Double(x + gap / 2, y + gap / 2, bw - gap, bh - gap));
            }
        }
    }

    private static void tiles(Graphics2D g, Rng rng, int w, int h) {
        Color tile = Colors.jitter(rng, rng.pick(new Color(235, 235, 230), new Color(200, 210, 215), new Color(215, 205, 185)), 8);
        g.setColor(tile);
        g.fillRect(0, 0, w, h);
        double s = h * rng.uniform(0.06, 0.15);
        g.setColor(Colors.shade(tile, 0.75));
        for (double x = rng.uniform(0, s); x < w; x += s) {
            g.fill(new Rectangle2D.Double(x, 0, Math.max(1, s * 0.04), h));
        }
        for (double y = rng.uniform(0, s); y < h; y += s) {
            g.fill(new Rectangle2D.Double(0, y, w, Math.max(1, s * 0.04)));
        }
    }

    private static void corrugated(Graphics2D g, Rng rng, int w, int h) {
        Color c = rng.chance(0.5) ? Colors.gray(rng.integer(140, 200)) : Colors.jitter(rng, rng.pick(WALLS), 20);
        double pitch = w * rng.uniform(0.015, 0.04);
        boolean vertical = rng.chance(0.75);
        int n = (int) Math.ceil((vertical ? w : h) / pitch) + 1;
        for (int i = 0; i < n; i++) {
            double p = i * pitch;
            if (vertical) {
                g.setPaint(new LinearGradientPaint((float) p, 0, (float) (p + pitch), 0, new float[] {0, 0.5f, 1},
                        new Color[] {Colors.shade(c, 0.7), Colors.shade(c, 1.15), Colors.shade(c, 0.7)}));
                g.fill(new Rectangle2D.Double(p, 0, pitch + 1, h));
            } else {
                g.setPaint(new LinearGradientPaint(0, (float) p, 0, (float) (p + pitch), new float[] {0, 0.5f, 1},
                        new Color[] {Colors.shade(c, 0.7), Colors.shade(c, 1.15), Colors.shade(c, 0.7)}));
                g.fill(new Rectangle2D.Double(0, p, w, pitch + 1));
            }
        }
    }

    private static void cabinet(Graphics2D g, Rng rng, int w, int h) {
        Color c = Colors.jitter(rng, rng.pick(new Color(200, 200, 195), new Color(215, 210, 190), new Color(90, 95, 100),
                new Color(60, 90, 130), new Color(225, 120, 40)), 10);
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        int doors = rng.integer(1, 4);
        double dw = (double) w / doors;
        for (int i = 0; i < doors; i++) {
            double x = i * dw;
            g.setColor(Colors.shade(c, 0.6));
            g.fill(new Rectangle2D.Double(x, 0, Math.max(2, w / 300.0), h));
            g.setPaint(new LinearGradientPaint((float) x, 0, (float) (x + dw), (float) h, new float[] {0, 1},
                    new Color[] {Colors.withAlpha(Color.WHITE, 0.12), Colors.withAlpha(Color.BLACK, 0.12)}));
            g.fill(new Rectangle2D.Double(x + 3, 0, dw - 6, h));
            if (rng.chance(0.5)) {
                g.setColor(Colors.shade(c, 0.45));
                double lx = x + dw * rng.uniform(0.2, 0.5);
                for (int k = 0; k < 6; k++) {
                    g.fill(new Rectangle2D.Double(lx, h * 0.8 + k * h * 0.02, dw * 0.3, Math.max(1, h * 0.008)));
                }
            }
        }
    }

    private static void darkRoom(Graphics2D g, Rng rng, int w, int h) {
        int v = rng.integer(20, 60);
        g.setPaint(new RadialGradientPaint(new Point2D.Double(rng.uniform(0, w), rng.uniform(0, h)), (float) (w * rng.uniform(0.5, 1.2)),
                new float[] {0, 1}, new Color[] {Colors.gray(v + 50), Colors.gray(v / 2)}));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < rng.integer(2, 6); i++) {
            g.setColor(Colors.gray(rng.integer(10, 70)));
            double x = rng.uniform(0, w), y = rng.uniform(0, h);
            g.fill(new Rectangle2D.Double(x, y, rng.uniform(0.1, 0.5) * w, rng.uniform(0.1, 0.5) * h));
        }
    }

    private static void outdoor(Graphics2D g, Rng rng, int w, int h) {
        Color sky = rng.pick(new Color(150, 185, 225), new Color(190, 200, 210), new Color(225, 225, 228), new Color(120, 150, 200));
        g.setPaint(new LinearGradientPaint(0, 0, 0, h, new float[] {0, 1},
                new Color[] {Colors.shade(sky, 0.9), Colors.shade(sky, 1.1)}));
        g.fillRect(0, 0, w, h);
        // Steelwork and far-off tanks of a process plant.
        for (int i = 0; i < rng.integer(2, 5); i++) {
            Color c = Colors.gray(rng.integer(120, 220));
            double tw = w * rng.uniform(0.1, 0.35);
            double tx = rng.uniform(-0.1, 1) * w;
            double top = h * rng.uniform(0.1, 0.6);
            Rectangle2D tank = new Rectangle2D.Double(tx, top, tw, h - top);
            g.setPaint(Painting.cylinder(tank, c, true));
            g.fill(tank);
        }
        g.setColor(Colors.gray(rng.integer(70, 110)));
        for (int i = 0; i < rng.integer(1, 4); i++) {
            double x = rng.uniform(0, w);
            g.fill(new Rectangle2D.Double(x, 0, w * 0.012, h));
        }
        g.fill(new Rectangle2D.Double(0, h * rng.uniform(0.1, 0.5), w, h * 0.012));
    }

    // ---- clutter --------------------------------------------------------------------------

    static void pipe(Graphics2D g, Rng rng, int w, int h) {
        Color c = Colors.jitter(rng, rng.pick(PIPES), 12);
        double d = h * rng.logUniform(0.03, 0.2);
        boolean vertical = rng.chance(0.4);
        Rectangle2D body = vertical
                ? new Rectangle2D.Double(rng.uniform(-d, w), 0, d, h)
                : new Rectangle2D.Double(0, rng.uniform(-d, h), w, d);
        boolean insulated = rng.chance(0.2);
        if (insulated) {
            c = Colors.gray(rng.integer(185, 225));
        }
        g.setPaint(Painting.cylinder(body, c, vertical));
        g.fill(body);
        if (insulated) {
            g.setColor(Colors.withAlpha(Color.BLACK, 0.25));
            double step = d * rng.uniform(1.5, 3);
            for (double t = rng.uniform(0, step); t < (vertical ? h : w); t += step) {
                g.fill(vertical ? new Rectangle2D.Double(body.getX(), t, d, Math.max(1, d * 0.04))
                        : new Rectangle2D.Double(t, body.getY(), Math.max(1, d * 0.04), d));
            }
            return;
        }
        int flanges = rng.integer(0, 2);
        for (int i = 0; i < flanges; i++) {
            double t = rng.uniform(0.05, 0.95) * (vertical ? h : w);
            double fl = d * 0.35;
            Rectangle2D f = vertical
                    ? new Rectangle2D.Double(body.getX() - d * 0.2, t, d * 1.4, fl)
                    : new Rectangle2D.Double(t, body.getY() - d * 0.2, fl, d * 1.4);
            g.setPaint(Painting.cylinder(f, Colors.shade(c, 0.95), vertical));
            g.fill(f);
        }
        if (rng.chance(0.3) && d > 20) {
            // A painted identification band with the medium's name and a flow arrow.
            double t = rng.uniform(0.1, 0.8) * (vertical ? h : w);
            Color band = rng.pick(new Color(230, 200, 30), new Color(40, 120, 60), new Color(200, 40, 40), new Color(40, 90, 170));
            g.setColor(band);
            Rectangle2D r = vertical ? new Rectangle2D.Double(body.getX(), t, d, d * 2.5) : new Rectangle2D.Double(t, body.getY(), d * 3, d);
            g.fill(r);
            g.setColor(Colors.luminance(band) > 140 ? Color.BLACK : Color.WHITE);
            Font font = Fonts.random(rng, d * 0.5);
            g.setFont(font);
            String text = rng.pick(SIGN_TEXT);
            if (!vertical) {
                g.drawString(text, (float) (t + d * 0.2), (float) (body.getY() + d * 0.68));
            }
        }
    }

    private static void beam(Graphics2D g, Rng rng, int w, int h) {
        Color c = rng.pick(new Color(230, 190, 30), Colors.gray(90), new Color(40, 80, 140), new Color(150, 60, 40), Colors.gray(160));
        double t = h * rng.uniform(0.04, 0.12);
        boolean vertical = rng.chance(0.5);
        Rectangle2D r = vertical ? new Rectangle2D.Double(rng.uniform(0, w), 0, t, h) : new Rectangle2D.Double(0, rng.uniform(0, h), w, t);
        g.setColor(c);
        g.fill(r);
        g.setColor(Colors.shade(c, 0.6));
        double f = t * 0.15;
        if (vertical) {
            g.fill(new Rectangle2D.Double(r.getX(), 0, f, h));
            g.fill(new Rectangle2D.Double(r.getMaxX() - f, 0, f, h));
        } else {
            g.fill(new Rectangle2D.Double(0, r.getY(), w, f));
            g.fill(new Rectangle2D.Double(0, r.getMaxY() - f, w, f));
        }
    }

    private static void cableTray(Graphics2D g, Rng rng, int w, int h) {
        double y = rng.uniform(0, h * 0.9);
        double t = h * rng.uniform(0.03, 0.07);
        Color c = Colors.gray(rng.integer(150, 200));
        g.setColor(Colors.shade(c, 0.8));
        g.fill(new Rectangle2D.Double(0, y, w, t));
        g.setColor(c);
        for (double x = 0; x < w; x += t * 1.5) {
            g.fill(new Rectangle2D.Double(x, y, t * 0.25, t));
        }
        for (int i = 0; i < rng.integer(2, 6); i++) {
            g.setColor(rng.pick(Colors.gray(20), new Color(220, 120, 30), Colors.gray(60), new Color(30, 60, 140)));
            g.fill(new Rectangle2D.Double(0, y + t * rng.uniform(0.1, 0.8), w, t * 0.12));
        }
    }

    private static void box(Graphics2D g, Rng rng, int w, int h) {
        double bw = w * rng.uniform(0.06, 0.25);
        double bh = bw * rng.uniform(0.6, 1.6);
        double x = rng.uniform(-0.05, 1) * w, y = rng.uniform(-0.05, 1) * h;
        Color c = Colors.jitter(rng, rng.pick(new Color(200, 200, 195), Colors.gray(110), new Color(220, 120, 40),
                new Color(60, 100, 150), new Color(230, 220, 200)), 10);
        RoundRectangle2D r = new RoundRectangle2D.Double(x, y, bw, bh, bw * 0.05, bw * 0.05);
        g.setPaint(new LinearGradientPaint((float) x, (float) y, (float) (x + bw), (float) (y + bh), new float[] {0, 1},
                new Color[] {Colors.shade(c, 1.1), Colors.shade(c, 0.8)}));
        g.fill(r);
        g.setColor(Colors.shade(c, 0.55));
        g.setStroke(new BasicStroke((float) Math.max(1, bw * 0.01)));
        g.draw(new Rectangle2D.Double(x + bw * 0.06, y + bh * 0.06, bw * 0.88, bh * 0.88));
        if (rng.chance(0.6)) {
            // A name plate, some indicator lamps or a digital display: things that are not gauges.
            int kind = rng.integer(0, 2);
            if (kind == 0) {
                g.setColor(Colors.gray(240));
                g.fill(new Rectangle2D.Double(x + bw * 0.2, y + bh * 0.1, bw * 0.6, bh * 0.12));
                g.setColor(Color.BLACK);
                g.setFont(Fonts.random(rng, bh * 0.07));
                g.drawString(rng.pick(SIGN_TEXT), (float) (x + bw * 0.23), (float) (y + bh * 0.19));
            } else if (kind == 1) {
                for (int i = 0; i < 3; i++) {
                    double r2 = bw * 0.06;
                    g.setColor(rng.pick(new Color(40, 200, 60), new Color(230, 40, 30), new Color(250, 200, 40), Colors.gray(230)));
                    g.fill(new Ellipse2D.Double(x + bw * (0.25 + 0.25 * i) - r2, y + bh * 0.3, 2 * r2, 2 * r2));
                }
            } else {
                g.setColor(Colors.gray(25));
                g.fill(new Rectangle2D.Double(x + bw * 0.15, y + bh * 0.15, bw * 0.7, bh * 0.22));
                g.setColor(rng.pick(new Color(255, 60, 40), new Color(80, 255, 80), new Color(120, 200, 255)));
                g.setFont(Fonts.face(5, bh * 0.16));
                g.drawString(String.format(java.util.Locale.ROOT, "%.1f", rng.uniform(0, 999)), (float) (x + bw * 0.2),
                        (float) (y + bh * 0.33));
            }
        }
    }

    private static void sign(Graphics2D g, Rng rng, int w, int h) {
        double s = h * rng.uniform(0.05, 0.15);
        double x = rng.uniform(0, w - s), y = rng.uniform(0, h - s);
        int kind = rng.integer(0, 2);
        if (kind == 0) {
            Polygon tri = new Polygon(new int[] {(int) (x + s / 2), (int) (x + s), (int) x},
                    new int[] {(int) y, (int) (y + s * 0.87), (int) (y + s * 0.87)}, 3);
            g.setColor(new Color(245, 200, 20));
            g.fill(tri);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke((float) Math.max(1, s * 0.05)));
            g.draw(tri);
            g.setFont(Fonts.face(1, s * 0.5));
            g.drawString("!", (float) (x + s * 0.45), (float) (y + s * 0.75));
        } else {
            double sw = s * rng.uniform(1.5, 3);
            Color bg = rng.pick(Color.WHITE, new Color(245, 200, 20), new Color(30, 110, 60), new Color(30, 70, 150), new Color(200, 30, 30));
            g.setColor(bg);
            g.fill(new Rectangle2D.Double(x, y, sw, s * 0.6));
            g.setColor(Colors.luminance(bg) > 140 ? Color.BLACK : Color.WHITE);
            Font font = Fonts.random(rng, s * 0.22);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            String text = rng.pick(SIGN_TEXT);
            g.drawString(text, (float) (x + (sw - fm.stringWidth(text)) / 2), (float) (y + s * 0.38));
        }
    }

    private static void handwheel(Graphics2D g, Rng rng, int w, int h) {
        double r = h * rng.uniform(0.03, 0.12);
        double x = rng.uniform(0, w), y = rng.uniform(0, h);
        Color c = rng.pick(new Color(200, 30, 30), Colors.gray(60), new Color(40, 90, 170), Colors.gray(170), new Color(230, 190, 30));
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.scale(1, rng.uniform(0.6, 1));
        g.setColor(c);
        g.setStroke(new BasicStroke((float) (r * 0.16)));
        g.draw(new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
        int spokes = rng.integer(3, 6);
        double start = rng.uniform(0, Math.PI);
        g.setStroke(new BasicStroke((float) (r * 0.1)));
        for (int i = 0; i < spokes; i++) {
            double a = start + 2 * Math.PI * i / spokes;
            g.draw(new java.awt.geom.Line2D.Double(0, 0, r * Math.cos(a), r * Math.sin(a)));
        }
        g.setColor(Colors.shade(c, 0.7));
        g.fill(new Ellipse2D.Double(-r * 0.2, -r * 0.2, r * 0.4, r * 0.4));
        g.setTransform(saved);
    }

    private static void cable(Graphics2D g, Rng rng, int w, int h) {
        g.setColor(rng.pick(Colors.gray(20), new Color(220, 120, 30), Colors.gray(70), new Color(30, 60, 140), new Color(200, 200, 40)));
        g.setStroke(new BasicStroke((float) (h * rng.uniform(0.005, 0.015)), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new CubicCurve2D.Double(rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0, h),
                rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0, h)));
    }

    /** Round objects that are not gauges. */
    private static void roundThing(Graphics2D g, Rng rng, int w, int h) {
        double r = h * rng.uniform(0.03, 0.12);
        double x = rng.uniform(r, w - r), y = rng.uniform(r, h - r);
        Ellipse2D outer = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        switch (rng.integer(0, 4)) {
            case 0 -> {
                // Clock face: numerals and hands but no scale arc.
                g.setColor(Colors.gray(60));
                g.fill(outer);
                g.setColor(Colors.gray(245));
                g.fill(new Ellipse2D.Double(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8));
                g.setColor(Color.BLACK);
                g.setFont(Fonts.random(rng, r * 0.3));
                FontMetrics fm = g.getFontMetrics();
                for (int k = 1; k <= 12; k += rng.chance(0.5) ? 1 : 3) {
                    double a = Math.toRadians(k * 30);
                    String s = Integer.toString(k);
                    g.drawString(s, (float) (x + r * 0.7 * Math.sin(a) - fm.stringWidth(s) / 2.0),
                            (float) (y - r * 0.7 * Math.cos(a) + fm.getAscent() / 3.0));
                }
                g.setStroke(new BasicStroke((float) (r * 0.06)));
                double a1 = rng.uniform(0, 2 * Math.PI), a2 = rng.uniform(0, 2 * Math.PI);
                g.draw(new java.awt.geom.Line2D.Double(x, y, x + r * 0.5 * Math.sin(a1), y - r * 0.5 * Math.cos(a1)));
                g.draw(new java.awt.geom.Line2D.Double(x, y, x + r * 0.75 * Math.sin(a2), y - r * 0.75 * Math.cos(a2)));
            }
            case 1 -> {
                // Indicator lamp.
                g.setColor(Colors.gray(40));
                g.fill(outer);
                Color lamp = rng.pick(new Color(40, 200, 60), new Color(230, 40, 30), new Color(250, 200, 40), new Color(250, 250, 240));
                g.setPaint(new RadialGradientPaint(new Point2D.Double(x - r * 0.2, y - r * 0.2), (float) (r * 0.8), new float[] {0, 1},
                        new Color[] {Colors.shade(lamp, 1.3), Colors.shade(lamp, 0.6)}));
                g.fill(new Ellipse2D.Double(x - r * 0.7, y - r * 0.7, r * 1.4, r * 1.4));
            }
            case 2 -> {
                // Blind flange with bolts.
                g.setPaint(new LinearGradientPaint((float) (x - r), (float) (y - r), (float) (x + r), (float) (y + r), new float[] {0, 1},
                        new Color[] {Colors.gray(190), Colors.gray(90)}));
                g.fill(outer);
                g.setColor(Colors.gray(60));
                int bolts = rng.integer(4, 8);
                for (int k = 0; k < bolts; k++) {
                    double a = 2 * Math.PI * k / bolts;
                    double br = r * 0.09;
                    g.fill(new Ellipse2D.Double(x + r * 0.75 * Math.cos(a) - br, y + r * 0.75 * Math.sin(a) - br, 2 * br, 2 * br));
                }
            }
            case 3 -> {
                // Fan guard.
                g.setColor(Colors.gray(40));
                g.fill(outer);
                g.setColor(Colors.gray(170));
                g.setStroke(new BasicStroke((float) Math.max(1, r * 0.03)));
                for (double k = 0.2; k <= 1; k += 0.16) {
                    g.draw(new Ellipse2D.Double(x - r * k, y - r * k, 2 * r * k, 2 * r * k));
                }
            }
            default -> {
                // Round sign.
                g.setColor(rng.pick(new Color(200, 30, 30), new Color(30, 80, 170)));
                g.fill(outer);
                g.setColor(Color.WHITE);
                g.fill(new Ellipse2D.Double(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6));
                g.setColor(Colors.gray(20));
                g.setFont(Fonts.random(rng, r * 0.5));
                FontMetrics fm = g.getFontMetrics();
                String s = rng.pick("P", "30", "!", "N2", "H2O", "5");
                g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), (float) (y + fm.getAscent() / 3.0));
            }
        }
    }
}
