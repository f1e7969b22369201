package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds scene layouts: how many gauges, which kinds, how big, where, how tilted, what stands in
 * front, and how the camera sees it all. Training scenes are as wild as the issue asks (tilt up
 * to 35 degrees, any rotation, occlusion, bad light); video and demo scenes keep to what a fixed
 * plant camera shows.
 */
final class Scenes {

    /** The knobs that tell a training scene from a camera scene. */
    record Spec(int width, int height, int minGauges, int maxGauges, double pointerShare, double minSize,
                double maxSize, double maxTilt, boolean anyRotation, double occlusion, boolean mild, boolean plainGauges,
                double edgeMargin) {
    }

    private Scenes() {
    }

    /** A random training scene: mostly 1280x720, sometimes 1920x1080 or 640x480. */
    static SceneLayout training(Rng rng) {
        int res = rng.weighted(0.8, 0.1, 0.1);
        int w = res == 0 ? 1280 : res == 1 ? 1920 : 640;
        int h = res == 0 ? 720 : res == 1 ? 1080 : 480;
        if (rng.chance(0.1)) {
            // A close-up, as a person with a phone takes it: one gauge filling much of the frame.
            return build(rng, new Spec(w, h, 1, 1, 0.75, 0.4, 0.8, 35, rng.chance(0.2), 0.1, false, false, 0.01), "g");
        }
        int[] counts = {1, 2, 3, 4, 5, 6};
        int n = counts[rng.weighted(0.28, 0.25, 0.18, 0.12, 0.09, 0.08)];
        return build(rng, new Spec(w, h, n, n, 0.7, 0.05, 0.4, 35, rng.chance(0.2), 0.12, false, false, 0.12), "g");
    }

    /**
     * A close-up: one gauge filling most of the frame, as a PTZ camera zoomed onto it or a
     * person with a phone takes it (4:3, square, portrait or 16:9). Detectors trained only on
     * plant scenes never see a dial 400 px or more across in their input and box parts of it.
     */
    static SceneLayout closeUp(Rng rng) {
        int[][] sizes = {{1024, 768}, {960, 960}, {768, 1024}, {1280, 720}};
        int[] size = sizes[rng.weighted(0.4, 0.3, 0.15, 0.15)];
        return build(rng, new Spec(size[0], size[1], 1, 1, 0.8, 0.55, 0.98, 30, rng.chance(0.2), 0.08, false, false,
                0.005), "g");
    }

    /** A fixed camera's scene for videos and sim:// cameras: readable gauges, gentle angles. */
    static SceneLayout camera(Rng rng, int width, int height, int meters, String idPrefix) {
        return build(rng, new Spec(width, height, meters, meters, 0.7, 0.16, 0.38, 14, false, 0, true, true, 0.12), idPrefix);
    }

    /**
     * A camera scene as varied as a training scene: gauges of any style from 5% to 40% of the
     * frame, tilted up to 35 degrees, sometimes rotated, sometimes behind a pipe, in any light;
     * for measuring what the live path makes of hard dials (`sim video --wild`).
     */
    static SceneLayout wildCamera(Rng rng, int width, int height, int meters, String idPrefix) {
        return build(rng, new Spec(width, height, meters, meters, 0.7, 0.05, 0.4, 35, rng.chance(0.2), 0.12, false,
                false, 0.12), idPrefix);
    }

    static SceneLayout build(Rng rng, Spec spec, String idPrefix) {
        Rng backRng = rng.fork();
        Rng lookRng = rng.fork();
        int w = spec.width();
        int h = spec.height();
        BufferedImage back = Backdrop.paint(backRng, w, h);
        Graphics2D g = back.createGraphics();
        Painting.smooth(g);
        List<Placement> placements = new ArrayList<>();
        List<BoundingBox> taken = new ArrayList<>();
        int target = rng.integer(spec.minGauges(), spec.maxGauges());
        int pointers = 0;
        int levels = 0;
        for (int k = 0; k < target; k++) {
            Rng gaugeRng = rng.fork();
            GaugeType type = gaugeRng.chance(spec.pointerShare()) ? GaugeType.POINTER : GaugeType.LEVEL;
            String id = idPrefix + "-" + (type == GaugeType.POINTER ? "pressure-" + (++pointers) : "level-" + (++levels));
            Placement p = place(gaugeRng, spec, type, id, taken);
            if (p == null) {
                if (type == GaugeType.POINTER) {
                    pointers--;
                } else {
                    levels--;
                }
                continue;
            }
            mount(g, gaugeRng, p, w, h);
            placements.add(p);
            taken.add(p.geometry(0.5).box());
        }
        g.dispose();
        List<Occluder> occluders = new ArrayList<>();
        for (Placement p : placements) {
            if (spec.occlusion() > 0 && rng.chance(spec.occlusion())) {
                occluders.addAll(Occluders.around(rng.fork(), p.geometry(0.5), w, h));
            }
        }
        CameraLook look = spec.mild() ? CameraLook.mild(lookRng, w, h) : CameraLook.random(lookRng, w, h);
        byte[] bgr = ((DataBufferByte) back.getRaster().getDataBuffer()).getData();
        return new SceneLayout(w, h, bgr, placements, occluders, look);
    }

    static Gauge gauge(Rng rng, GaugeType type, double size, boolean plain) {
        if (type == GaugeType.POINTER) {
            PointerStyle style;
            if (plain) {
                ScaleRange range = rng.pick(ScaleRange.POINTER);
                style = PointerStyle.plain(rng, range, rng.pick(range.majorCounts()));
            } else {
                style = PointerStyle.random(rng);
            }
            return new PointerGauge(style, size);
        }
        return new LevelGauge(plain ? LevelStyle.plain(rng, rng.pick(ScaleRange.LEVEL)) : LevelStyle.random(rng), size);
    }

    private static Placement place(Rng rng, Spec spec, GaugeType type, String id, List<BoundingBox> taken) {
        int w = spec.width();
        int h = spec.height();
        double lo = type == GaugeType.LEVEL ? Math.max(spec.minSize(), 0.12) * 1.2 : spec.minSize();
        double hi = type == GaugeType.LEVEL ? Math.min(0.9, spec.maxSize() * 1.25) : spec.maxSize();
        double size = h * rng.logUniform(lo, hi);
        Gauge gauge = gauge(rng.fork(), type, size, spec.plainGauges());
        for (int attempt = 0; attempt < 40; attempt++) {
            if (attempt > 0 && attempt % 10 == 0) {
                size *= 0.75;
                if (size < h * 0.04) {
                    return null;
                }
                gauge = gauge(rng.fork(), type, size, spec.plainGauges());
            }
            double tilt = rng.chance(0.3) ? rng.uniform(0, Math.min(8, spec.maxTilt())) : rng.uniform(0, spec.maxTilt());
            double dir = rng.uniform(0, 2 * Math.PI);
            double roll;
            if (type == GaugeType.LEVEL) {
                roll = Math.max(-8, Math.min(8, rng.gaussian(0, 3)));
            } else if (spec.anyRotation()) {
                roll = rng.uniform(-180, 180);
            } else {
                roll = Math.max(-25, Math.min(25, rng.gaussian(0, spec.mild() ? 3 : 8)));
            }
            double distance = Math.max(gauge.canvasWidth(), gauge.canvasHeight()) * rng.uniform(1.6, 6);
            // Anchor positions that keep the untilted gauge inside the frame.
            BoundingBox flat = gauge.geometry(0.5).box();
            double x = span(rng, gauge.anchorX() - flat.x(), w - (flat.x2() - gauge.anchorX()), w);
            double y = span(rng, gauge.anchorY() - flat.y(), h - (flat.y2() - gauge.anchorY()), h);
            Placement.Pose pose = new Placement.Pose(tilt * Math.cos(dir), tilt * Math.sin(dir), roll, distance, x, y);
            Homography toScene = pose.toScene(gauge, 0);
            BoundingBox box = gauge.geometry(0.5).warped(toScene).box();
            double mx = box.width() * spec.edgeMargin() + 2;
            double my = box.height() * spec.edgeMargin() + 2;
            if (box.x() < mx || box.y() < my || box.x2() > w - mx || box.y2() > h - my) {
                continue;
            }
            BoundingBox guard = new BoundingBox(box.x() - mx, box.y() - my, box.width() + 2 * mx, box.height() + 2 * my);
            boolean free = true;
            for (BoundingBox other : taken) {
                BoundingBox otherGuard = new BoundingBox(other.x() - other.width() * 0.12, other.y() - other.height() * 0.12,
                        other.width() * 1.24, other.height() * 1.24);
                if (guard.intersectionArea(otherGuard) > 0) {
                    free = false;
                    break;
                }
            }
            if (!free) {
                continue;
            }
            double s = gauge.nominalSize();
            double shadow = spec.mild() ? 0.35 : rng.uniform(0.1, 0.6);
            return new Placement(id, gauge, pose, shadow, s * rng.uniform(-0.04, 0.05), s * rng.uniform(0.01, 0.06),
                    s * rng.uniform(0.01, 0.04));
        }
        return null;
    }

    private static double span(Rng rng, double lo, double hi, double size) {
        return lo < hi ? rng.uniform(lo, hi) : size / 2;
    }

    /**
     * The side of the gauge's cylindrical case, which a tilted view shows beyond the bezel: the
     * convex hull of the front and back rims, shaded from the lit rim to the far one.
     */
    private static void drawCase(Graphics2D g, Rng rng, Placement p, PointerGauge gauge) {
        double r = gauge.outerRadius();
        double depth = r * rng.uniform(0.25, 0.55);
        Homography back = p.pose().toScene(gauge, depth);
        double backR = r * rng.uniform(0.9, 1.0);
        int n = 64;
        double[] rims = new double[4 * n];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            Point2D.Double f = p.toScene().apply(gauge.anchorX() + r * 0.98 * Math.cos(a), gauge.anchorY() + r * 0.98 * Math.sin(a));
            Point2D.Double b = back.apply(gauge.anchorX() + backR * Math.cos(a), gauge.anchorY() + backR * Math.sin(a));
            rims[4 * i] = f.x;
            rims[4 * i + 1] = f.y;
            rims[4 * i + 2] = b.x;
            rims[4 * i + 3] = b.y;
        }
        Point2D.Double front = p.toScene().apply(gauge.anchorX(), gauge.anchorY());
        Point2D.Double rear = back.apply(gauge.anchorX(), gauge.anchorY());
        if (front.distance(rear) < 1) {
            return;
        }
        // Shade across the visible side: from the near rim (lit) to the far rim of the back (dark).
        double ux = (rear.x - front.x) / front.distance(rear);
        double uy = (rear.y - front.y) / front.distance(rear);
        double rs = p.toScene().apply(gauge.anchorX() + r, gauge.anchorY()).distance(front);
        Point2D.Double from = new Point2D.Double(front.x + ux * rs * 0.9, front.y + uy * rs * 0.9);
        Point2D.Double to = new Point2D.Double(rear.x + ux * rs * 1.05, rear.y + uy * rs * 1.05);
        if (from.distance(to) < 1) {
            return;
        }
        Color c = gauge.caseColor();
        g.setPaint(new LinearGradientPaint(from, to, new float[] {0, 0.5f, 1},
                new Color[] {Colors.shade(c, 1.1), Colors.shade(c, 0.75), Colors.shade(c, 0.4)}));
        g.fill(Polygons.path(Polygons.hull(rims)));
    }

    /** Draws what holds the gauge up: the pipe below a stem, the vessel beside a level gauge's nozzles. */
    static void mount(Graphics2D g, Rng rng, Placement p, int w, int h) {
        Homography toScene = p.toScene();
        if (p.gauge() instanceof PointerGauge pg && pg.hasCase()) {
            drawCase(g, rng, p, pg);
        }
        if (p.gauge() instanceof PointerGauge pg && pg.hasStem()) {
            double cx = pg.anchorX();
            double bottom = pg.canvasHeight() - 1;
            Point2D.Double a = toScene.apply(cx, bottom);
            Point2D.Double b = toScene.apply(cx, bottom - 10);
            Point2D.Double l = toScene.apply(cx - pg.stemWidth() / 2, bottom);
            Point2D.Double r = toScene.apply(cx + pg.stemWidth() / 2, bottom);
            double pipeWidth = l.distance(r) * rng.uniform(1.0, 1.3);
            double angle = Math.atan2(a.y - b.y, a.x - b.x);
            double length = pg.nominalSize() * rng.uniform(0.15, 1.5);
            Color c = rng.pick(Colors.gray(150), Colors.gray(190), new Color(180, 140, 70), new Color(60, 110, 60),
                    new Color(40, 80, 150), new Color(160, 40, 35));
            AffineTransform saved = g.getTransform();
            g.translate(a.x, a.y);
            g.rotate(angle);
            Rectangle2D stub = new Rectangle2D.Double(-2, -pipeWidth / 2, length, pipeWidth);
            g.setPaint(Painting.cylinder(stub, c, false));
            g.fill(stub);
            if (rng.chance(0.5)) {
                // A header pipe across the end of the stub.
                double d = pipeWidth * rng.uniform(1.5, 4);
                Rectangle2D header = new Rectangle2D.Double(length - d * 0.2, -Math.max(w, h) * 2, d, Math.max(w, h) * 4);
                g.setPaint(Painting.cylinder(header, Colors.jitter(rng, c, 20), true));
                g.fill(header);
            }
            g.setTransform(saved);
        } else if (p.gauge() instanceof LevelGauge lg) {
            double[] ends = lg.nozzleEnds();
            if (ends.length == 0) {
                return;
            }
            double[] at = toScene.apply(ends);
            double tankWidth = lg.nominalSize() * rng.uniform(0.4, 1.5);
            double x = lg.nozzlesLeft() ? Math.min(at[0], at[2]) - tankWidth : Math.max(at[0], at[2]);
            Color c = Colors.jitter(rng, rng.pick(Colors.gray(170), new Color(200, 200, 195), new Color(60, 100, 140),
                    new Color(90, 120, 90)), 15);
            Rectangle2D tank = new Rectangle2D.Double(x, 0, tankWidth, h);
            g.setPaint(new LinearGradientPaint((float) x, 0, (float) (x + tankWidth), 0, new float[] {0, 0.4f, 1},
                    new Color[] {Colors.shade(c, 0.6), Colors.shade(c, 1.15), Colors.shade(c, 0.5)}));
            g.fill(tank);
        }
    }
}
