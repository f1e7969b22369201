package io.meterreader.sim;

import io.meterreader.frame.GaugeType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws a liquid-level sight gauge upright and says exactly where its glass and liquid surface
 * are. The sight glass is the rectangle where liquid can be; fraction 0 puts the surface on its
 * bottom edge, 1 on its top edge. The empty part of a tubular glass is drawn partly transparent,
 * so the scene behind shows through it as it would through real glass.
 */
final class LevelGauge implements Gauge {

    private final LevelStyle style;
    private final double gaugeHeight;
    private final double bodyWidth;
    private final double bodyX;
    private final double bodyY;
    private final Rectangle2D.Double glass;
    private final Rectangle2D.Double tube;
    private final double plateWidth;
    private final double nozzleLength;
    private final int width;
    private final int height;

    LevelGauge(LevelStyle style, double heightPx) {
        this.style = style;
        this.gaugeHeight = heightPx;
        this.bodyWidth = Math.max(12, heightPx * style.aspect);
        double pad = Math.ceil(heightPx * 0.03 + 3);
        boolean sidePlate = style.scale && style.kind != LevelStyle.Kind.WINDOW;
        this.plateWidth = sidePlate ? bodyWidth * (style.kind == LevelStyle.Kind.MAGNETIC ? 0.9 : 0.6) : 0;
        this.nozzleLength = style.nozzles ? bodyWidth * 0.7 : 0;
        double left = pad + (style.scaleLeft ? plateWidth : 0) + (style.nozzleLeft ? nozzleLength : 0);
        this.bodyX = left;
        this.bodyY = pad;
        this.width = (int) Math.ceil(left + bodyWidth + (style.scaleLeft ? 0 : plateWidth)
                + (style.nozzleLeft ? 0 : nozzleLength) + pad);
        this.height = (int) Math.ceil(heightPx + 2 * pad);
        double h = heightPx;
        double w = bodyWidth;
        switch (style.kind) {
            case TUBULAR -> {
                double tw = w * style.tubeWidth;
                tube = new Rectangle2D.Double(bodyX + (w - tw) / 2, bodyY + style.endBlock * h, tw,
                        (1 - 2 * style.endBlock) * h);
                double wall = tw * 0.12;
                glass = new Rectangle2D.Double(tube.x + wall, tube.y + style.tubeInset * h, tw - 2 * wall,
                        tube.height - 2 * style.tubeInset * h);
            }
            case REFLEX -> {
                double sw = w * (Double.isNaN(style.slotWidth) ? 0.3 : style.slotWidth);
                glass = new Rectangle2D.Double(bodyX + (w - sw) / 2, bodyY + style.slotInset * h, sw,
                        (1 - 2 * style.slotInset) * h);
                tube = glass;
            }
            case WINDOW -> {
                double frame = w * style.frame;
                glass = new Rectangle2D.Double(bodyX + frame, bodyY + frame, w - 2 * frame, h - 2 * frame);
                tube = glass;
            }
            default -> {
                double fw = w * (Double.isNaN(style.slotWidth) ? 0.55 : style.slotWidth);
                glass = new Rectangle2D.Double(bodyX + (w - fw) / 2, bodyY + style.slotInset * h, fw,
                        (1 - 2 * style.slotInset) * h);
                tube = glass;
            }
        }
    }

    @Override
    public GaugeType type() {
        return GaugeType.LEVEL;
    }

    @Override
    public ScaleRange range() {
        return style.range;
    }

    @Override
    public int canvasWidth() {
        return width;
    }

    @Override
    public int canvasHeight() {
        return height;
    }

    @Override
    public double anchorX() {
        return glass.getCenterX();
    }

    @Override
    public double anchorY() {
        return glass.getCenterY();
    }

    @Override
    public double nominalSize() {
        return gaugeHeight;
    }

    /** The outer ends of the two nozzles (x, y pairs, canvas pixels), or nothing without nozzles. */
    double[] nozzleEnds() {
        if (!style.nozzles) {
            return new double[0];
        }
        double x = style.nozzleLeft ? bodyX - nozzleLength : bodyX + bodyWidth + nozzleLength;
        return new double[] {x, bodyY + 0.055 * gaugeHeight, x, bodyY + 0.945 * gaugeHeight};
    }

    boolean nozzlesLeft() {
        return style.nozzleLeft;
    }

    private double surfaceY(double fraction) {
        return glass.y + glass.height * (1 - fraction);
    }

    @Override
    public GaugeGeometry geometry(double fraction) {
        double[] outline = {glass.x, glass.y, glass.x + glass.width, glass.y, glass.x + glass.width, glass.y + glass.height,
            glass.x, glass.y + glass.height};
        double y = surfaceY(fraction);
        return new GaugeGeometry(GaugeType.LEVEL, fraction, outline, new double[0], List.of(),
                new double[] {glass.getCenterX(), glass.getCenterY()}, new double[] {glass.x, y, glass.x + glass.width, y},
                0, 0);
    }

    @Override
    public BufferedImage render(double fraction) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        Painting.smooth(g);
        paintNozzles(g);
        paintBody(g);
        paintContents(g, fraction);
        paintFront(g);
        if (style.scale) {
            paintScale(g);
        }
        g.dispose();
        return img;
    }

    private void paintNozzles(Graphics2D g) {
        if (!style.nozzles) {
            return;
        }
        double h = gaugeHeight;
        double d = bodyWidth * 0.35;
        Color c = style.metalBody ? style.body : Colors.gray(150);
        // into the end blocks' middles on a tubular gauge, as the process connections are
        double at = style.kind == LevelStyle.Kind.TUBULAR ? style.endBlock / 2 : 0.055;
        for (double y : new double[] {bodyY + at * h, bodyY + (1 - at) * h}) {
            double x0 = style.nozzleLeft ? bodyX - nozzleLength : bodyX + bodyWidth;
            Rectangle2D pipe = new Rectangle2D.Double(x0, y - d / 2, nozzleLength, d);
            g.setPaint(Painting.cylinder(pipe, c, false));
            g.fill(pipe);
            double fx = style.nozzleLeft ? bodyX - nozzleLength * 0.55 : bodyX + bodyWidth + nozzleLength * 0.45;
            Rectangle2D flange = new Rectangle2D.Double(fx, y - d, d * 0.35, 2 * d);
            g.setPaint(Painting.cylinder(flange, Colors.shade(c, 0.9), true));
            g.fill(flange);
        }
    }

    private void paintBody(Graphics2D g) {
        double h = gaugeHeight;
        double w = bodyWidth;
        Color b = style.body;
        switch (style.kind) {
            case TUBULAR -> {
                double end = style.endBlock * h;
                for (double top : new double[] {bodyY, bodyY + h - end}) {
                    Rectangle2D block = new Rectangle2D.Double(bodyX, top, w, end);
                    g.setPaint(Painting.cylinder(block, b, true));
                    g.fill(new RoundRectangle2D.Double(block.getX(), block.getY(), block.getWidth(), block.getHeight(),
                            w * 0.2, w * 0.2));
                    bolt(g, bodyX + w * 0.22, top + end / 2, w * 0.08);
                    bolt(g, bodyX + w * 0.78, top + end / 2, w * 0.08);
                }
                if (style.backing) {
                    // The white strip behind the tube that many tubular gauges carry, for contrast.
                    Rectangle2D back = new Rectangle2D.Double(tube.x - tube.width * 0.15, tube.y, tube.width * 1.3, tube.height);
                    g.setColor(Colors.gray(232));
                    g.fill(back);
                }
            }
            case REFLEX -> {
                Rectangle2D rect = new Rectangle2D.Double(bodyX, bodyY, w, h);
                g.setPaint(Painting.cylinder(rect, b, true));
                g.fill(rect);
                g.setColor(Colors.shade(b, 0.6));
                g.setStroke(new BasicStroke((float) Math.max(1, w * 0.02)));
                g.draw(new Rectangle2D.Double(bodyX + w * 0.12, bodyY + 0.03 * h, w * 0.76, 0.94 * h));
                for (double y = bodyY + 0.05 * h; y < bodyY + 0.96 * h; y += Math.max(w * 0.55, h * 0.06)) {
                    bolt(g, bodyX + w * 0.13, y, w * 0.075);
                    bolt(g, bodyX + w * 0.87, y, w * 0.075);
                }
            }
            case WINDOW -> {
                RoundRectangle2D frame = new RoundRectangle2D.Double(bodyX, bodyY, w, h, w * 0.15, w * 0.15);
                g.setPaint(new LinearGradientPaint((float) bodyX, (float) bodyY, (float) (bodyX + w), (float) (bodyY + h),
                        new float[] {0, 1}, new Color[] {Colors.shade(b, 1.25), Colors.shade(b, 0.7)}));
                g.fill(frame);
                double f = w * 0.065;
                int nx = Math.max(2, (int) (w / (w * 0.28)));
                int ny = Math.max(3, (int) (h / (w * 0.28)));
                for (int i = 0; i <= nx; i++) {
                    double x = bodyX + f + (w - 2 * f) * i / nx;
                    bolt(g, x, bodyY + f, w * 0.035);
                    bolt(g, x, bodyY + h - f, w * 0.035);
                }
                for (int j = 1; j < ny; j++) {
                    double y = bodyY + f + (h - 2 * f) * j / ny;
                    bolt(g, bodyX + f, y, w * 0.035);
                    bolt(g, bodyX + w - f, y, w * 0.035);
                }
            }
            default -> {
                Rectangle2D housing = new Rectangle2D.Double(bodyX, bodyY, w, h);
                g.setPaint(Painting.cylinder(housing, Colors.gray(190), true));
                g.fill(housing);
                for (double top : new double[] {bodyY - w * 0.05, bodyY + h - w * 0.2}) {
                    Rectangle2D cap = new Rectangle2D.Double(bodyX - w * 0.1, top, w * 1.2, w * 0.25);
                    g.setPaint(Painting.cylinder(cap, Colors.gray(160), true));
                    g.fill(cap);
                }
            }
        }
    }

    private void bolt(Graphics2D g, double x, double y, double r) {
        g.setPaint(new RadialGradientPaint(new Point2D.Double(x - r * 0.3, y - r * 0.3), (float) (r * 1.4),
                new float[] {0, 1}, new Color[] {Colors.gray(225), Colors.gray(80)}));
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
    }

    private void paintContents(Graphics2D g, double fraction) {
        Rectangle2D.Double gl = glass;
        double ys = surfaceY(fraction);
        if (style.kind == LevelStyle.Kind.MAGNETIC) {
            paintFlaps(g, ys);
            return;
        }
        Rectangle2D emptyPart = new Rectangle2D.Double(gl.x, gl.y, gl.width, ys - gl.y);
        Rectangle2D liquidPart = new Rectangle2D.Double(gl.x, ys, gl.width, gl.y + gl.height - ys);
        if (style.kind == LevelStyle.Kind.TUBULAR) {
            g.setColor(Colors.withAlpha(Colors.gray(215), 0.35));
            g.fill(tube);
        }
        g.setColor(Colors.withAlpha(style.empty, style.emptyOpacity));
        g.fill(emptyPart);
        Color liquid = Colors.withAlpha(style.liquid, style.liquidOpacity);
        g.setPaint(new LinearGradientPaint((float) gl.x, 0, (float) (gl.x + gl.width + 0.01), 0, new float[] {0, 0.5f, 1},
                new Color[] {Colors.shade(liquid, 0.75), Colors.shade(liquid, 1.1), Colors.shade(liquid, 0.7)}));
        g.fill(liquidPart);
        if (style.meniscus && liquidPart.getHeight() > 1 && emptyPart.getHeight() > 1) {
            // Liquid climbs the wall a little: a thin curved band lighter than the liquid.
            double rise = Math.min(Math.min(gl.width * 0.12, gl.height * 0.02 + 2), emptyPart.getHeight());
            Path2D.Double m = new Path2D.Double();
            m.moveTo(gl.x, ys - rise);
            m.quadTo(gl.x + gl.width / 2, ys + rise, gl.x + gl.width, ys - rise);
            m.lineTo(gl.x + gl.width, ys);
            m.lineTo(gl.x, ys);
            m.closePath();
            g.setColor(Colors.withAlpha(style.liquid, style.liquidOpacity * 0.8));
            g.fill(m);
            g.setColor(Colors.withAlpha(Colors.shade(style.liquid, 0.5), Math.min(1, style.liquidOpacity + 0.2)));
            g.setStroke(new BasicStroke((float) Math.max(1, gl.height * 0.006)));
            g.draw(new Line2D.Double(gl.x, ys, gl.x + gl.width, ys));
        }
        if (style.floatBall) {
            double r = gl.width * 0.42;
            g.setPaint(new RadialGradientPaint(new Point2D.Double(gl.getCenterX() - r * 0.3, ys - r * 0.3), (float) (r * 1.3),
                    new float[] {0, 1}, new Color[] {Colors.shade(style.floatColor, 1.3), Colors.shade(style.floatColor, 0.6)}));
            g.fill(new Ellipse2D.Double(gl.getCenterX() - r, ys - r, 2 * r, 2 * r));
        }
    }

    private void paintFlaps(Graphics2D g, double ys) {
        Rectangle2D.Double gl = glass;
        g.setColor(Colors.gray(25));
        g.fill(gl);
        double pitch = Math.max(2, gl.width * 0.3);
        for (double y = gl.y; y < gl.y + gl.height; y += pitch) {
            double y2 = Math.min(y + pitch * 0.85, gl.y + gl.height);
            // The flap straddling the surface is split exactly there, so the colour edge is the truth.
            if (ys > y && ys < y2) {
                g.setColor(style.empty);
                g.fill(new Rectangle2D.Double(gl.x, y, gl.width, ys - y));
                g.setColor(style.liquid);
                g.fill(new Rectangle2D.Double(gl.x, ys, gl.width, y2 - ys));
            } else {
                g.setColor(y >= ys ? style.liquid : style.empty);
                g.fill(new Rectangle2D.Double(gl.x, y, gl.width, y2 - y));
            }
        }
    }

    private void paintFront(Graphics2D g) {
        Rectangle2D.Double gl = glass;
        if (style.dirt > 0) {
            Rng rng = new Rng(style.detailSeed);
            for (int i = 0; i < 4; i++) {
                double r = gl.width * rng.uniform(0.4, 1.2);
                Point2D.Double p = new Point2D.Double(gl.x + rng.uniform(0, gl.width), gl.y + rng.uniform(0, gl.height));
                Color c = rng.pick(new Color(90, 70, 40), new Color(60, 60, 60));
                g.setPaint(new RadialGradientPaint(p, (float) r, new float[] {0, 1},
                        new Color[] {Colors.withAlpha(c, style.dirt), Colors.withAlpha(c, 0)}));
                Shape saved = g.getClip();
                g.clip(gl);
                g.fill(new Ellipse2D.Double(p.x - r, p.y - r, 2 * r, 2 * r));
                g.setClip(saved);
            }
        }
        for (int i = 0; i < style.highlights; i++) {
            double x = gl.x + gl.width * (0.12 + 0.3 * i);
            double w = gl.width * 0.14;
            g.setPaint(new LinearGradientPaint((float) x, 0, (float) (x + w), 0, new float[] {0, 0.5f, 1},
                    new Color[] {Colors.withAlpha(Color.WHITE, 0), Colors.withAlpha(Color.WHITE, 0.45), Colors.withAlpha(Color.WHITE, 0)}));
            g.fill(new Rectangle2D.Double(x, gl.y, w, gl.height));
        }
        if (style.kind == LevelStyle.Kind.TUBULAR) {
            double rod = bodyWidth * 0.07;
            for (double x : new double[] {tube.x - rod * 0.9, tube.x + tube.width - rod * 0.1}) {
                Rectangle2D r = new Rectangle2D.Double(x, tube.y, rod, tube.height);
                g.setPaint(Painting.cylinder(r, Colors.gray(185), true));
                g.fill(r);
            }
        }
    }

    private void paintScale(Graphics2D g) {
        Rectangle2D.Double gl = glass;
        boolean onGlass = style.kind == LevelStyle.Kind.WINDOW;
        double tickBase;
        double dir;
        if (onGlass) {
            tickBase = style.scaleLeft ? gl.x : gl.x + gl.width;
            dir = style.scaleLeft ? 1 : -1;
        } else {
            double plateX = style.scaleLeft ? bodyX - plateWidth : bodyX + bodyWidth;
            Rectangle2D plate = new Rectangle2D.Double(plateX, gl.y - gl.width * 0.3, plateWidth, gl.height + gl.width * 0.6);
            g.setColor(style.plate);
            g.fill(plate);
            g.setColor(Colors.withAlpha(Color.BLACK, 0.3));
            g.setStroke(new BasicStroke(1f));
            g.draw(plate);
            tickBase = style.scaleLeft ? plateX + plateWidth : plateX;
            dir = style.scaleLeft ? -1 : 1;
        }
        int n = style.scaleDivisions;
        int labelEvery = n >= 10 ? n / 5 : 1;
        double major = (onGlass ? gl.width * 0.12 : plateWidth * 0.28);
        Color ink = onGlass ? Colors.gray(235) : style.scaleColor;
        g.setColor(ink);
        double fontSize = Math.min(onGlass ? gl.width * 0.09 : plateWidth * 0.3, gl.height / n * 1.6);
        Font font = Fonts.face(style.font, fontSize);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int decimals = style.range.decimals(n / labelEvery);
        for (int i = 0; i <= n; i++) {
            double y = gl.y + gl.height * (1 - (double) i / n);
            boolean isMajor = i % labelEvery == 0;
            double len = isMajor ? major : major * 0.55;
            double th = Math.max(1, gl.height * 0.004 * (isMajor ? 1.4 : 1));
            g.fill(new Rectangle2D.Double(Math.min(tickBase, tickBase + dir * len), y - th / 2, len, th));
            if (isMajor && fontSize >= 3) {
                String text = ScaleRange.format(style.range.valueAt((double) i / n), decimals);
                double tx = tickBase + dir * (len + fontSize * 0.25);
                if (dir < 0) {
                    tx -= fm.stringWidth(text);
                }
                g.drawString(text, (float) tx, (float) (y + fm.getAscent() * 0.35));
            }
        }
    }
}
