package io.meterreader.sim;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;

/** Something in front of a gauge (a pipe, a cable, a tag): drawn over it, cut from its labels. */
record Occluder(Shape shape, Paint paint) {

    void paint(Graphics2D g) {
        g.setPaint(paint);
        g.fill(shape);
    }
}
