package io.meterreader.sim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;

/** Drawing helpers shared by the gauge and scene painters. */
final class Painting {

    private Painting() {
    }

    static void smooth(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** Shading across a cylinder (a pipe) lying along the rectangle's long side. */
    static LinearGradientPaint cylinder(Rectangle2D r, Color c, boolean vertical) {
        float x1 = (float) r.getMinX(), y1 = (float) r.getMinY();
        float x2 = vertical ? (float) r.getMaxX() : x1;
        float y2 = vertical ? y1 : (float) r.getMaxY();
        if (x1 == x2 && y1 == y2) {
            x2 += 1;
        }
        return new LinearGradientPaint(x1, y1, x2, y2, new float[] {0, 0.3f, 0.45f, 0.75f, 1},
                new Color[] {Colors.shade(c, 0.45), Colors.shade(c, 1.05), Colors.shade(c, 1.3), Colors.shade(c, 0.8),
                    Colors.shade(c, 0.35)});
    }
}
