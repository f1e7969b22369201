package io.meterreader.sim;

import io.meterreader.frame.GaugeType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a pointer gauge flat, facing the camera, and says exactly where its needle and ticks
 * are.
 *
 * <p>Design: everything that does not move (case, bezel, face, bands, ticks, print) is drawn
 * once into a cached layer; each {@link #render} copies that layer and adds the needle, its
 * shadow, the cap and the glass on top, so a live camera re-renders a gauge cheaply. Ticks and
 * the needle are filled polygons, and the very same polygons are the ground truth, so labels
 * and pixels cannot disagree. Angles are degrees clockwise from 12 o'clock on the canvas.
 */
final class PointerGauge implements Gauge {

    private final PointerStyle style;
    private final double outerRadius;
    private final double faceRadius;
    private final double cx;
    private final double cy;
    private final int width;
    private final int height;
    private final List<double[]> ticks;
    private BufferedImage staticLayer;

    PointerGauge(PointerStyle style, double diameterPx) {
        this.style = style;
        this.outerRadius = diameterPx / 2;
        this.faceRadius = outerRadius * (1 - style.bezelWidth);
        double halfExtent = outerRadius * (style.flange ? 1.12 : 1.0);
        double pad = Math.ceil(outerRadius * 0.04 + 3);
        this.width = (int) Math.ceil(2 * (halfExtent + pad));
        this.cx = width / 2.0;
        this.cy = halfExtent + pad;
        double bottom = style.stem ? cy + outerRadius * 1.55 : cy + halfExtent + pad;
        this.height = (int) Math.ceil(bottom);
        this.ticks = buildTicks();
    }

    @Override
    public GaugeType type() {
        return GaugeType.POINTER;
    }

    @Override
    public ScaleRange range() {
        return style.range;
    }

    PointerStyle style() {
        return style;
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
        return cx;
    }

    @Override
    public double anchorY() {
        return cy;
    }

    @Override
    public double nominalSize() {
        return 2 * outerRadius;
    }

    /** The needle's angle at {@code fraction}, degrees clockwise from 12 o'clock. */
    double angleAt(double fraction) {
        return style.arcStart + fraction * style.arcSpan;
    }

    double outerRadius() {
        return outerRadius;
    }

    /** Whether the gauge has a round case behind its bezel (a panel flange hides it). */
    boolean hasCase() {
        return !style.flange;
    }

    Color caseColor() {
        return style.bezel == PointerStyle.Bezel.BRASS || style.bezel == PointerStyle.Bezel.PAINTED
                ? Colors.shade(style.bezelColor, 0.8) : Colors.shade(style.bezelColor, 0.7);
    }

    boolean hasStem() {
        return style.stem;
    }

    /** The stem pipe's width in canvas pixels. */
    double stemWidth() {
        return outerRadius * 0.2;
    }

    double faceRadius() {
        return faceRadius;
    }

    double tipRadius() {
        return style.tip * faceRadius;
    }

    private Point2D.Double polar(double radius, double angleDeg) {
        double a = Math.toRadians(angleDeg);
        return new Point2D.Double(cx + radius * Math.sin(a), cy - radius * Math.cos(a));
    }

    // ---- geometry -------------------------------------------------------------------------

    private List<double[]> buildTicks() {
        int count = style.majors * style.subdivisions;
        List<double[]> out = new ArrayList<>(count + 1);
        double rf = faceRadius;
        double outer = style.tickOuter * rf;
        double major = style.majorLength * rf;
        for (int i = 0; i <= count; i++) {
            boolean isMajor = i % style.subdivisions == 0;
            boolean isMid = !isMajor && style.midTicks && i % style.subdivisions == style.subdivisions / 2;
            double length = isMajor ? major : isMid ? (major + style.minorLength * rf) / 2 : style.minorLength * rf;
            double w = (isMajor ? style.majorWidth : isMid ? (style.majorWidth + style.minorWidth) / 2 : style.minorWidth) * rf;
            double r1;
            double r2;
            switch (style.align) {
                case INNER -> {
                    r1 = outer - major;
                    r2 = r1 + length;
                }
                case CENTER -> {
                    r1 = outer - major / 2 - length / 2;
                    r2 = r1 + length;
                }
                default -> {
                    r2 = outer;
                    r1 = outer - length;
                }
            }
            double angle = angleAt((double) i / count);
            double a = Math.toRadians(angle);
            double ux = Math.sin(a), uy = -Math.cos(a);
            double nx = Math.cos(a) * w / 2, ny = Math.sin(a) * w / 2;
            out.add(new double[] {
                cx + ux * r1 - nx, cy + uy * r1 - ny,
                cx + ux * r2 - nx, cy + uy * r2 - ny,
                cx + ux * r2 + nx, cy + uy * r2 + ny,
                cx + ux * r1 + nx, cy + uy * r1 + ny});
        }
        return out;
    }

    /** The whole needle, tail to tip, as drawn. */
    Shape needleShape(double fraction) {
        double rf = faceRadius;
        double length = style.tip * rf;
        double w = style.needleWidth * rf;
        double tail = style.tail > 0 ? style.tail * rf : style.capRadius * rf * 0.6;
        List<double[]> local = new ArrayList<>();
        Area extra = null;
        switch (style.needle) {
            case ARROW -> {
                double head = Math.min(length * 0.25, rf * 0.13);
                double headWidth = Math.max(w * 3, rf * 0.06);
                local.add(new double[] {length, 0});
                local.add(new double[] {length - head, headWidth / 2});
                local.add(new double[] {length - head, w / 2});
                local.add(new double[] {-tail, w / 2});
                local.add(new double[] {-tail, -w / 2});
                local.add(new double[] {length - head, -w / 2});
                local.add(new double[] {length - head, -headWidth / 2});
            }
            case BLADE -> {
                double tipWidth = w * 0.22;
                local.add(new double[] {length, tipWidth / 2});
                local.add(new double[] {0, w / 2});
                local.add(new double[] {-tail, w * 0.4});
                local.add(new double[] {-tail, -w * 0.4});
                local.add(new double[] {0, -w / 2});
                local.add(new double[] {length, -tipWidth / 2});
            }
            case THIN -> {
                local.add(new double[] {length, w * 0.2});
                local.add(new double[] {0, w / 2});
                local.add(new double[] {-tail, w / 2});
                local.add(new double[] {-tail, -w / 2});
                local.add(new double[] {0, -w / 2});
                local.add(new double[] {length, -w * 0.2});
            }
            case COUNTERWEIGHT -> {
                local.add(new double[] {length, 0});
                local.add(new double[] {0, w / 2});
                local.add(new double[] {-tail, w * 0.35});
                local.add(new double[] {-tail, -w * 0.35});
                local.add(new double[] {0, -w / 2});
                double disc = Math.max(w * 1.2, rf * 0.06);
                Point2D.Double c = polar(-tail, angleAt(fraction));
                extra = new Area(new Ellipse2D.Double(c.x - disc, c.y - disc, 2 * disc, 2 * disc));
            }
            default -> {
                local.add(new double[] {length, 0});
                local.add(new double[] {0, w / 2});
                local.add(new double[] {-tail, w * 0.3});
                local.add(new double[] {-tail, -w * 0.3});
                local.add(new double[] {0, -w / 2});
            }
        }
        Path2D.Double path = placed(local, fraction);
        if (extra == null) {
            return path;
        }
        Area union = new Area(path);
        union.add(extra);
        return union;
    }

    /**
     * A polygon given along the pointer's axis ({along, across} from the pivot, along towards the
     * tip) turned to point at {@code fraction} of the scale.
     */
    private Path2D.Double placed(List<double[]> local, double fraction) {
        double a = Math.toRadians(angleAt(fraction));
        double ux = Math.sin(a), uy = -Math.cos(a);
        double nx = Math.cos(a), ny = Math.sin(a);
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < local.size(); i++) {
            double[] p = local.get(i);
            double x = cx + ux * p[0] + nx * p[1];
            double y = cy + uy * p[0] + ny * p[1];
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }

    /** The drag or set-point pointer: a narrow taper as long as the needle, with a short tail. */
    Shape dragShape() {
        double rf = faceRadius;
        double length = style.tip * rf;
        double w = Math.max(0.022, style.needleWidth * 0.8) * rf;
        double tail = 0.1 * rf;
        return placed(List.of(new double[] {length, w * 0.15}, new double[] {0, w / 2}, new double[] {-tail, w / 2},
                new double[] {-tail, -w / 2}, new double[] {0, -w / 2}, new double[] {length, -w * 0.15}),
                style.dragFraction);
    }

    private void paintDragPointer(Graphics2D g) {
        if (style.dragColor == null) {
            return;
        }
        Shape drag = dragShape();
        double rf = faceRadius;
        AffineTransform saved = g.getTransform();
        g.translate(rf * 0.015, rf * 0.02);
        g.setColor(Colors.withAlpha(Color.BLACK, style.shadow));
        g.fill(drag);
        g.setTransform(saved);
        g.setColor(style.dragColor);
        g.fill(drag);
    }

    private Ellipse2D capShape() {
        double r = style.capRadius * faceRadius;
        return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    }

    @Override
    public GaugeGeometry geometry(double fraction) {
        Area visible = new Area(needleShape(fraction));
        visible.subtract(new Area(capShape()));
        double[] needle = Polygons.single(Polygons.of(visible, 0.2));
        double[] outline = new double[144];
        for (int i = 0; i < 72; i++) {
            double a = 2 * Math.PI * i / 72;
            outline[2 * i] = cx + outerRadius * Math.cos(a);
            outline[2 * i + 1] = cy + outerRadius * Math.sin(a);
        }
        return new GaugeGeometry(GaugeType.POINTER, fraction, outline, needle, ticks, new double[] {cx, cy},
                new double[0], style.arcStart, style.arcSpan);
    }

    // ---- drawing --------------------------------------------------------------------------

    @Override
    public BufferedImage render(double fraction) {
        BufferedImage base = staticLayer();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = out.createGraphics();
        g.drawImage(base, 0, 0, null);
        Painting.smooth(g);
        paintNeedle(g, fraction);
        paintGlass(g);
        g.dispose();
        return out;
    }

    private synchronized BufferedImage staticLayer() {
        if (staticLayer == null) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
            Graphics2D g = img.createGraphics();
            Painting.smooth(g);
            paintCase(g);
            paintFace(g);
            paintBands(g);
            paintTicks(g);
            paintNumerals(g);
            paintPrint(g);
            paintDragPointer(g);
            g.dispose();
            staticLayer = img;
        }
        return staticLayer;
    }

    private void paintCase(Graphics2D g) {
        double r = outerRadius;
        if (style.stem) {
            Color c = style.stemColor;
            double stemW = r * 0.2;
            double top = cy + r * 0.9;
            Rectangle2D pipe = new Rectangle2D.Double(cx - stemW / 2, top, stemW, height - top);
            g.setPaint(Painting.cylinder(pipe, c, true));
            g.fill(pipe);
            double hexW = r * 0.42;
            double hexTop = cy + r * 0.96;
            double hexH = r * 0.26;
            Rectangle2D hex = new Rectangle2D.Double(cx - hexW / 2, hexTop, hexW, hexH);
            g.setPaint(new LinearGradientPaint((float) hex.getMinX(), 0, (float) hex.getMaxX(), 0,
                    new float[] {0, 0.33f, 0.34f, 0.66f, 0.67f, 1},
                    new Color[] {Colors.shade(c, 0.7), Colors.shade(c, 0.95), Colors.shade(c, 1.2),
                        Colors.shade(c, 1.1), Colors.shade(c, 0.8), Colors.shade(c, 0.6)}));
            g.fill(hex);
            g.setColor(Colors.withAlpha(Color.BLACK, 0.25));
            for (double y = hexTop + hexH + r * 0.04; y < height; y += r * 0.05) {
                g.fill(new Rectangle2D.Double(cx - stemW / 2, y, stemW, Math.max(1, r * 0.012)));
            }
        }
        if (style.flange) {
            double h = r * 1.12;
            RoundRectangle2D plate = new RoundRectangle2D.Double(cx - h, cy - h, 2 * h, 2 * h, r * 0.3, r * 0.3);
            g.setPaint(new LinearGradientPaint((float) (cx - h), (float) (cy - h), (float) (cx + h), (float) (cy + h),
                    new float[] {0, 1}, new Color[] {Colors.shade(style.flangeColor, 1.25), Colors.shade(style.flangeColor, 0.8)}));
            g.fill(plate);
            g.setColor(Colors.shade(style.flangeColor, 0.4));
            for (int k = 0; k < 3; k++) {
                Point2D.Double p = polar(r * 1.02, k * 120.0);
                double hr = r * 0.05;
                g.fill(new Ellipse2D.Double(p.x - hr, p.y - hr, 2 * hr, 2 * hr));
            }
        }
        Ellipse2D outer = circle(r);
        Color b = style.bezelColor;
        MultipleGradientPaint bezelPaint = switch (style.bezel) {
            case CHROME -> new LinearGradientPaint((float) (cx - r), (float) (cy - r), (float) (cx + r), (float) (cy + r),
                    new float[] {0, 0.25f, 0.45f, 0.6f, 0.8f, 1},
                    new Color[] {Colors.shade(b, 1.25), Colors.shade(b, 0.6), Colors.shade(b, 1.3),
                        Colors.shade(b, 0.85), Colors.shade(b, 0.45), Colors.shade(b, 1.0)});
            case BRASS -> new LinearGradientPaint((float) (cx - r), (float) (cy - r), (float) (cx + r), (float) (cy + r),
                    new float[] {0, 0.4f, 0.6f, 1},
                    new Color[] {Colors.shade(b, 1.25), Colors.shade(b, 0.8), Colors.shade(b, 1.1), Colors.shade(b, 0.55)});
            default -> new LinearGradientPaint((float) cx, (float) (cy - r), (float) cx, (float) (cy + r),
                    new float[] {0, 1}, new Color[] {Colors.shade(b, 1.35), Colors.shade(b, 0.7)});
        };
        g.setPaint(bezelPaint);
        g.fill(outer);
        if (style.bezel == PointerStyle.Bezel.CHROME || style.bezel == PointerStyle.Bezel.STEEL) {
            // A second, inner rim with the light the other way makes the bezel read as a rounded ring.
            double inner = faceRadius + (r - faceRadius) * 0.45;
            g.setPaint(new LinearGradientPaint((float) (cx - r), (float) (cy - r), (float) (cx + r), (float) (cy + r),
                    new float[] {0, 0.5f, 1}, new Color[] {Colors.shade(b, 0.55), Colors.shade(b, 1.2), Colors.shade(b, 1.3)}));
            g.fill(circle(inner));
        }
        g.setColor(Colors.withAlpha(Color.BLACK, 0.45));
        g.setStroke(new BasicStroke((float) Math.max(0.8, r * 0.012)));
        g.draw(circle(r - r * 0.006));
    }

    private void paintFace(Graphics2D g) {
        double rf = faceRadius;
        Ellipse2D face = circle(rf);
        if (style.faceGradient) {
            g.setPaint(new RadialGradientPaint(new Point2D.Double(cx - rf * 0.2, cy - rf * 0.25), (float) (rf * 1.3),
                    new float[] {0, 1}, new Color[] {Colors.shade(style.face, 1.06), Colors.shade(style.face, 0.86)}));
        } else {
            g.setColor(style.face);
        }
        g.fill(face);
        // The bezel's lip throws a soft shadow onto the dial's rim.
        g.setPaint(new RadialGradientPaint(new Point2D.Double(cx + rf * 0.05, cy + rf * 0.08), (float) rf,
                new float[] {0.78f, 1}, new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 90)}));
        g.fill(face);
    }

    private void paintBands(Graphics2D g) {
        for (PointerStyle.Band band : style.bands) {
            double a0 = angleAt(band.from());
            double a1 = angleAt(band.to());
            double ro = band.outer() * faceRadius;
            double ri = band.inner() * faceRadius;
            Area ring = new Area(new Arc2D.Double(cx - ro, cy - ro, 2 * ro, 2 * ro, 90 - a0, -(a1 - a0), Arc2D.PIE));
            ring.subtract(new Area(circle(ri)));
            g.setColor(band.color());
            g.fill(ring);
        }
    }

    private void paintTicks(Graphics2D g) {
        g.setColor(style.marks);
        if (style.arcLine) {
            double rf = faceRadius;
            double lineR = switch (style.align) {
                case INNER -> (style.tickOuter - style.majorLength) * rf;
                case CENTER -> (style.tickOuter - style.majorLength / 2) * rf;
                default -> style.tickOuter * rf;
            };
            float w = (float) Math.max(0.7, style.minorWidth * rf * 0.8);
            g.setStroke(new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(new Arc2D.Double(cx - lineR, cy - lineR, 2 * lineR, 2 * lineR, 90 - style.arcStart, -style.arcSpan,
                    Arc2D.OPEN));
        }
        for (double[] tick : ticks) {
            g.fill(Polygons.path(tick));
        }
    }

    private void paintNumerals(Graphics2D g) {
        double rf = faceRadius;
        int count = style.majors;
        double step = style.arcSpan / count;
        // Shrink the print until neighbouring numbers cannot touch.
        double size = style.numeralSize * rf;
        Font font = Fonts.face(style.font, size);
        FontMetrics fm = g.getFontMetrics(font);
        double widest = 0;
        for (int i = 0; i <= count; i++) {
            widest = Math.max(widest, fm.stringWidth(label(i)));
        }
        double tickInner = (style.tickOuter - style.majorLength) * rf;
        double radius = style.numeralsOutside ? style.tickOuter * rf : tickInner;
        double spacing = 2 * Math.PI * Math.max(radius - size, rf * 0.3) * step * style.labelEvery / 360;
        if (widest > spacing * 0.85) {
            size *= spacing * 0.85 / widest;
            font = Fonts.face(style.font, size);
            fm = g.getFontMetrics(font);
        }
        g.setFont(font);
        g.setColor(style.marks);
        double gap = rf * 0.035;
        for (int i = 0; i <= count; i += style.labelEvery) {
            String text = label(i);
            double angle = angleAt((double) i / count);
            drawRadialText(g, text, fm, angle, radius, gap, style.numeralsOutside);
        }
        if (style.secondaryScale) {
            paintSecondaryScale(g, tickInner - size * 1.3 - gap);
        }
    }

    private void drawRadialText(Graphics2D g, String text, FontMetrics fm, double angle, double edgeRadius, double gap,
                                boolean outward) {
        double tw = fm.stringWidth(text);
        double th = fm.getAscent() * 0.78;
        double a = Math.toRadians(angle);
        double ux = Math.sin(a), uy = -Math.cos(a);
        if (style.numeralsRotated) {
            double r = outward ? edgeRadius + gap + th / 2 : edgeRadius - gap - th / 2;
            AffineTransform saved = g.getTransform();
            g.translate(cx + ux * r, cy + uy * r);
            g.rotate(a);
            g.drawString(text, (float) (-tw / 2), (float) (th / 2));
            g.setTransform(saved);
            return;
        }
        double extent = tw / 2 * Math.abs(ux) + th / 2 * Math.abs(uy);
        double r = outward ? edgeRadius + gap + extent : edgeRadius - gap - extent;
        g.drawString(text, (float) (cx + ux * r - tw / 2), (float) (cy + uy * r + th / 2));
    }

    private String label(int major) {
        ScaleRange range = style.range;
        return ScaleRange.format(range.min() + range.span() * major / style.majors, style.decimals);
    }

    /**
     * A second scale in another unit (psi beside bar, kPa beside psi, °F beside °C), as dual-scale
     * gauges print it: a ring of its own ticks inside the main numbers, in its own colour, with its
     * numbers inside that. Its ticks are not the scale's: the truth holds only the main ticks, so a
     * segmenter learns to tell the ring a reading is taken on from the other.
     */
    private void paintSecondaryScale(Graphics2D g, double radius) {
        String unit = style.range.unit();
        double factor;
        String other;
        switch (unit) {
            case "bar" -> { factor = 14.5038; other = "psi"; }
            case "MPa" -> { factor = 145.038; other = "psi"; }
            case "kPa" -> { factor = 0.145038; other = "psi"; }
            case "psi" -> { factor = 1 / 14.5038; other = "bar"; }
            case "°C" -> { factor = Double.NaN; other = "°F"; }
            default -> { return; }
        }
        double lo = Double.isNaN(factor) ? style.range.min() * 9 / 5 + 32 : style.range.min() * factor;
        double hi = Double.isNaN(factor) ? style.range.max() * 9 / 5 + 32 : style.range.max() * factor;
        double rawStep = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(rawStep)));
        double step = rawStep / mag < 1.5 ? mag : rawStep / mag < 3.5 ? 2 * mag : rawStep / mag < 7.5 ? 5 * mag : 10 * mag;
        int minors = Math.abs(step / mag - 2) < 1e-9 ? 4 : 5;
        double rf = faceRadius;
        double major = style.majorLength * rf * 0.6;
        double minor = major * 0.55;
        g.setColor(style.secondaryColor);
        BasicStroke majorStroke = new BasicStroke((float) Math.max(0.8, style.majorWidth * rf * 0.8));
        BasicStroke minorStroke = new BasicStroke((float) Math.max(0.6, style.minorWidth * rf * 0.8));
        double first = Math.ceil(lo / (step / minors) - 1e-9);
        for (double k = first; k * step / minors <= hi + 1e-9; k++) {
            double v = k * step / minors;
            boolean isMajor = Math.abs(k % minors) < 1e-9;
            double angle = angleAt((v - lo) / (hi - lo));
            g.setStroke(isMajor ? majorStroke : minorStroke);
            g.draw(new Line2D.Double(polar(radius, angle), polar(radius - (isMajor ? major : minor), angle)));
        }
        Font font = Fonts.face(style.font, style.numeralSize * faceRadius * 0.6);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int decimals = step < 1 ? 1 : 0;
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
            double fraction = (v - lo) / (hi - lo);
            drawRadialText(g, ScaleRange.format(v, decimals), fm, angleAt(fraction), radius - major - rf * 0.02, 0, false);
        }
        double ur = faceRadius * 0.28;
        Point2D.Double p = polar(ur, style.unitAbove ? 180 : 0);
        g.drawString(other, (float) (p.x - fm.stringWidth(other) / 2.0), (float) (p.y + fm.getAscent() / 3.0));
    }

    private void paintPrint(Graphics2D g) {
        double rf = faceRadius;
        double mid = style.arcStart + style.arcSpan / 2;
        Font unitFont = Fonts.face(style.font + 1, style.unitSize * rf);
        g.setFont(unitFont);
        g.setColor(style.marks);
        FontMetrics fm = g.getFontMetrics();
        // Text sits along the line through the gap of the arc, upright.
        double towardArc = style.unitAbove ? mid : mid + 180;
        Point2D.Double u = polar(rf * (style.unitAbove ? 0.38 : 0.45), towardArc);
        g.drawString(style.unitText, (float) (u.x - fm.stringWidth(style.unitText) / 2.0), (float) (u.y + fm.getAscent() / 3.0));
        double otherSide = style.unitAbove ? mid + 180 : mid;
        if (!style.brand.isEmpty()) {
            Font brandFont = Fonts.face(style.font + 3, rf * 0.075);
            g.setFont(brandFont);
            FontMetrics bm = g.getFontMetrics();
            Point2D.Double p = polar(rf * 0.36, otherSide);
            g.drawString(style.brand, (float) (p.x - bm.stringWidth(style.brand) / 2.0), (float) (p.y + bm.getAscent() / 3.0));
        }
        if (!style.note.isEmpty()) {
            Font noteFont = Fonts.face(style.font + 5, rf * 0.06);
            g.setFont(noteFont);
            FontMetrics nm = g.getFontMetrics();
            Point2D.Double p = polar(rf * 0.22, style.unitAbove ? otherSide : towardArc + 180);
            Color noteColor = style.note.startsWith("OXYGEN") ? new Color(200, 30, 30) : style.marks;
            g.setColor(noteColor);
            g.drawString(style.note, (float) (p.x - nm.stringWidth(style.note) / 2.0), (float) (p.y + nm.getAscent() / 3.0));
        }
        if (style.logo) {
            Point2D.Double p = polar(rf * 0.55, otherSide);
            double s = rf * 0.06;
            g.setColor(style.marks);
            g.setStroke(new BasicStroke((float) Math.max(0.7, rf * 0.012)));
            g.draw(new Ellipse2D.Double(p.x - s, p.y - s, 2 * s, 2 * s));
            g.fill(new Ellipse2D.Double(p.x - s / 3, p.y - s / 3, 2 * s / 3, 2 * s / 3));
        }
    }

    private void paintNeedle(Graphics2D g, double fraction) {
        double rf = faceRadius;
        Shape needle = needleShape(fraction);
        AffineTransform saved = g.getTransform();
        g.translate(rf * 0.025, rf * 0.035);
        g.setColor(Colors.withAlpha(Color.BLACK, style.shadow));
        g.fill(needle);
        g.fill(capShape());
        g.setTransform(saved);
        g.setColor(style.needleColor);
        g.fill(needle);
        Ellipse2D cap = capShape();
        double cr = cap.getWidth() / 2;
        if (style.capMetal) {
            g.setPaint(new RadialGradientPaint(new Point2D.Double(cx - cr * 0.35, cy - cr * 0.35), (float) (cr * 1.4),
                    new float[] {0, 1}, new Color[] {Colors.shade(style.capColor, 1.35), Colors.shade(style.capColor, 0.55)}));
        } else {
            g.setPaint(new RadialGradientPaint(new Point2D.Double(cx - cr * 0.3, cy - cr * 0.3), (float) (cr * 1.5),
                    new float[] {0, 1}, new Color[] {Colors.shade(style.capColor, 1.25), Colors.shade(style.capColor, 0.8)}));
        }
        g.fill(cap);
        if (cr > 4) {
            g.setColor(Colors.withAlpha(Color.BLACK, 0.35));
            g.setStroke(new BasicStroke((float) Math.max(0.6, cr * 0.08)));
            g.draw(cap);
        }
    }

    private void paintGlass(Graphics2D g) {
        double rf = faceRadius;
        Shape saved = g.getClip();
        g.clip(circle(rf));
        if (style.fog > 0) {
            g.setColor(Colors.withAlpha(new Color(235, 235, 230), style.fog));
            g.fill(circle(rf));
        }
        if (style.dirt > 0) {
            Rng rng = new Rng(style.detailSeed);
            for (int i = 0; i < style.dirt; i++) {
                double r = rf * rng.uniform(0.1, 0.4);
                Point2D.Double p = polar(rf * rng.uniform(0, 0.9), rng.uniform(0, 360));
                Color c = rng.pick(new Color(90, 70, 40), new Color(60, 60, 60), new Color(200, 200, 190));
                g.setPaint(new RadialGradientPaint(p, (float) r, new float[] {0, 1},
                        new Color[] {Colors.withAlpha(c, rng.uniform(0.1, 0.35)), Colors.withAlpha(c, 0)}));
                g.fill(new Ellipse2D.Double(p.x - r, p.y - r, 2 * r, 2 * r));
            }
        }
        double s = style.glareStrength;
        Color white = Color.WHITE;
        switch (style.glare) {
            case 1 -> {
                // A crescent of reflected sky along one side of the glass.
                Point2D.Double off = polar(rf * 0.25, style.glareAngle);
                Area crescent = new Area(circle(rf * 0.98));
                crescent.subtract(new Area(new Ellipse2D.Double(off.x - rf * 1.02, off.y - rf * 1.02, rf * 2.04, rf * 2.04)));
                Point2D.Double far = polar(rf, style.glareAngle + 180);
                Point2D.Double near = polar(rf, style.glareAngle);
                g.setPaint(new LinearGradientPaint(far, near, new float[] {0.4f, 1},
                        new Color[] {Colors.withAlpha(white, 0), Colors.withAlpha(white, Math.min(0.9, s * 1.6))}));
                g.fill(crescent);
            }
            case 2 -> {
                // A broad diagonal sheen across the glass.
                AffineTransform t = g.getTransform();
                g.translate(cx, cy);
                g.rotate(Math.toRadians(style.glareAngle));
                double bw = rf * 0.5;
                g.setPaint(new LinearGradientPaint((float) (-bw), 0, (float) bw, 0, new float[] {0, 0.5f, 1},
                        new Color[] {Colors.withAlpha(white, 0), Colors.withAlpha(white, s), Colors.withAlpha(white, 0)}));
                g.fill(new Rectangle2D.Double(-bw, -rf, 2 * bw, 2 * rf));
                g.setTransform(t);
            }
            case 3 -> {
                // A bright specular spot from a lamp.
                Point2D.Double p = polar(rf * 0.55, style.glareAngle);
                double r = rf * 0.28;
                g.setPaint(new RadialGradientPaint(p, (float) r, new float[] {0, 0.35f, 1},
                        new Color[] {Colors.withAlpha(white, Math.min(0.95, s * 1.8)), Colors.withAlpha(white, s * 0.8),
                            Colors.withAlpha(white, 0)}));
                g.fill(new Ellipse2D.Double(p.x - r, p.y - r * 0.7, 2 * r, 1.4 * r));
            }
            default -> {
            }
        }
        g.setClip(saved);
    }

    private Ellipse2D circle(double r) {
        return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    }
}
