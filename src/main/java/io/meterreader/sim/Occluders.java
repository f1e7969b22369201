package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Things that get between a camera and a gauge: a pipe, a cable, a paper tag. Each covers at
 * most about a third of the gauge and never its centre, so the gauge stays readable, as a
 * reading system would need it to be.
 */
final class Occluders {

    private static final double MAX_COVER = 0.3;

    private Occluders() {
    }

    /** Something in front of the gauge, or {@code null} when no try stayed within the limits. */
    static List<Occluder> around(Rng rng, GaugeGeometry g, int width, int height) {
        BoundingBox box = g.box();
        for (int attempt = 0; attempt < 6; attempt++) {
            List<Occluder> parts = switch (rng.integer(0, 2)) {
                case 0 -> pipe(rng, box, width, height);
                case 1 -> cable(rng, box);
                default -> tag(rng, box);
            };
            Area all = new Area();
            for (Occluder o : parts) {
                all.add(new Area(o.shape()));
            }
            if (acceptable(all, g)) {
                return parts;
            }
        }
        return List.of();
    }

    private static boolean acceptable(Area a, GaugeGeometry g) {
        BoundingBox b = g.box();
        if (a.contains(g.center()[0], g.center()[1])) {
            return false;
        }
        int hits = 0;
        int n = 16;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (a.contains(b.x() + b.width() * (i + 0.5) / n, b.y() + b.height() * (j + 0.5) / n)) {
                    hits++;
                }
            }
        }
        if (hits > MAX_COVER * n * n) {
            return false;
        }
        if (g.type() == GaugeType.LEVEL) {
            BoundingBox level = g.levelBox();
            return !a.intersects(level.x(), level.y(), level.width(), level.height());
        }
        return true;
    }

    private static List<Occluder> pipe(Rng rng, BoundingBox box, int width, int height) {
        boolean vertical = rng.chance(0.6);
        double size = vertical ? box.width() : box.height();
        double t = size * rng.uniform(0.12, 0.3);
        double overlap = size * rng.uniform(0.05, 0.25);
        Rectangle2D r;
        if (vertical) {
            double x = rng.chance(0.5) ? box.x() + overlap - t : box.x2() - overlap;
            r = new Rectangle2D.Double(x, 0, t, height);
        } else {
            double y = rng.chance(0.5) ? box.y() + overlap - t : box.y2() - overlap;
            r = new Rectangle2D.Double(0, y, width, t);
        }
        Color c = rng.pick(Colors.gray(150), new Color(60, 110, 60), new Color(200, 170, 40), new Color(160, 40, 35),
                Colors.gray(200), new Color(40, 80, 150));
        return List.of(new Occluder(r, Painting.cylinder(r, c, vertical)));
    }

    private static List<Occluder> cable(Rng rng, BoundingBox box) {
        double s = Math.max(box.width(), box.height());
        boolean fromLeft = rng.chance(0.5);
        double y0 = box.y() + box.height() * rng.uniform(-0.3, 0.2);
        double y1 = box.y() + box.height() * rng.uniform(0.8, 1.3);
        double xa = fromLeft ? box.x() - s * 0.5 : box.x2() + s * 0.5;
        double xb = box.x() + box.width() * (fromLeft ? rng.uniform(0.0, 0.3) : rng.uniform(0.7, 1.0));
        CubicCurve2D curve = new CubicCurve2D.Double(xa, y0, xb, y0 + s * 0.2, xb, y1 - s * 0.2, xa, y1 + s * 0.3);
        Shape stroke = new BasicStroke((float) Math.max(2, s * rng.uniform(0.03, 0.07)), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND).createStrokedShape(curve);
        Color c = rng.pick(Colors.gray(20), new Color(220, 120, 30), Colors.gray(70), new Color(30, 60, 140), new Color(200, 200, 40));
        return List.of(new Occluder(stroke, c));
    }

    private static List<Occluder> tag(Rng rng, BoundingBox box) {
        double s = Math.max(box.width(), box.height());
        double tw = s * rng.uniform(0.18, 0.3);
        double th = tw * rng.uniform(1.3, 1.8);
        double x = box.x() + box.width() * rng.uniform(-0.1, 0.75);
        double y = rng.chance(0.6) ? box.y2() - th * rng.uniform(0.3, 0.7) : box.y() - th * rng.uniform(0.3, 0.6);
        Shape card = AffineTransform.getRotateInstance(Math.toRadians(rng.uniform(-20, 20)), x + tw / 2, y)
                .createTransformedShape(new Rectangle2D.Double(x, y, tw, th));
        Color c = rng.pick(new Color(245, 240, 220), new Color(250, 220, 60), new Color(220, 60, 50), new Color(240, 240, 240));
        Shape string = new BasicStroke((float) Math.max(1, s * 0.008)).createStrokedShape(
                new java.awt.geom.Line2D.Double(x + tw / 2, y, x + tw / 2 + rng.uniform(-0.1, 0.1) * s, y - s * 0.25));
        return List.of(new Occluder(card, c), new Occluder(string, Colors.gray(40)));
    }
}
