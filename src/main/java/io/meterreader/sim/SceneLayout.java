package io.meterreader.sim;

import io.meterreader.frame.GaugeType;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Area;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed scene: the painted plant behind, the gauges placed in it, what stands in front of
 * them, and the camera's look. Rendering a frame only needs the gauges' fractions, so the same
 * layout serves one dataset image or every frame of a video or live camera.
 */
final class SceneLayout {

    final int width;
    final int height;
    private final byte[] backdrop;
    final List<Placement> placements;
    private final List<Occluder> occluders;
    private final Area occluded;
    final CameraLook look;

    SceneLayout(int width, int height, byte[] backdrop, List<Placement> placements, List<Occluder> occluders,
                CameraLook look) {
        this.width = width;
        this.height = height;
        this.backdrop = backdrop;
        this.placements = List.copyOf(placements);
        this.occluders = List.copyOf(occluders);
        this.occluded = new Area();
        for (Occluder o : occluders) {
            occluded.add(new Area(o.shape()));
        }
        this.look = look;
    }

    /** The frame with each gauge at its fraction (one per placement, in order). */
    SceneFrame render(double[] fractions, Rng noise) {
        if (fractions.length != placements.size()) {
            throw new IllegalArgumentException("need " + placements.size() + " fractions, got " + fractions.length);
        }
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        System.arraycopy(backdrop, 0, bgr, 0, bgr.length);
        List<SceneGauge> truth = new ArrayList<>(placements.size());
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            Compositor.composite(p.gauge().render(fractions[i]), p.toScene(), bgr, width, height, p.shadow(),
                    p.shadowDx(), p.shadowDy(), p.shadowBlur());
            GaugeGeometry whole = p.geometry(fractions[i]);
            truth.add(new SceneGauge(p.meterId(), p.gauge().range(), visible(whole),
                    whole.type() == GaugeType.POINTER ? whole.scaleMarks() : null));
        }
        if (!occluders.isEmpty()) {
            Graphics2D g = frame.createGraphics();
            Painting.smooth(g);
            for (Occluder o : occluders) {
                o.paint(g);
            }
            g.dispose();
        }
        look.apply(frame, bgr, noise);
        return new SceneFrame(width, height, bgr, truth, look.jpegQuality);
    }

    /** The truth with whatever the occluders hide cut out of the needle and tick polygons. */
    private GaugeGeometry visible(GaugeGeometry g) {
        if (occluders.isEmpty() || g.type() != GaugeType.POINTER) {
            return g;
        }
        Rectangle near = toRect(g);
        if (!occluded.intersects(near)) {
            return g;
        }
        double[] needle = cut(g.needle(), /* merge= */ true);
        List<double[]> ticks = new ArrayList<>();
        for (double[] tick : g.ticks()) {
            double[] part = cut(tick, false);
            if (part.length >= 6) {
                ticks.add(part);
            }
        }
        return new GaugeGeometry(g.type(), g.fraction(), g.outline(), needle, ticks, g.center(), g.surface(),
                g.arcStartDeg(), g.arcSpanDeg());
    }

    private static Rectangle toRect(GaugeGeometry g) {
        var b = g.box();
        return new Rectangle((int) Math.floor(b.x()), (int) Math.floor(b.y()), (int) Math.ceil(b.width()) + 1,
                (int) Math.ceil(b.height()) + 1);
    }

    private double[] cut(double[] polygon, boolean merge) {
        if (polygon.length < 6) {
            return polygon;
        }
        var path = Polygons.path(polygon);
        if (!occluded.intersects(path.getBounds2D())) {
            return polygon;
        }
        Area a = new Area(path);
        a.subtract(occluded);
        List<double[]> pieces = Polygons.of(a, 0.2);
        if (pieces.isEmpty()) {
            return new double[0];
        }
        if (merge) {
            return Polygons.single(pieces);
        }
        double[] best = pieces.get(0);
        for (double[] p : pieces) {
            if (Math.abs(Polygons.area(p)) > Math.abs(Polygons.area(best))) {
                best = p;
            }
        }
        return best;
    }

    /** Fraction of the original needle area still visible (1 when nothing is in front). */
    static double visibleShare(double[] original, double[] visible) {
        double a = Math.abs(Polygons.area(original));
        return a <= 0 ? 0 : Math.abs(Polygons.area(visible)) / a;
    }
}
