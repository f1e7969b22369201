package io.meterreader.sim;

import io.meterreader.frame.GaugeType;
import java.awt.image.BufferedImage;

/**
 * A gauge drawn flat on its own transparent canvas, at the pixel size it will have in the scene,
 * together with the exact geometry of what it drew.
 */
interface Gauge {

    GaugeType type();

    /** The scale printed on it. */
    ScaleRange range();

    int canvasWidth();

    int canvasHeight();

    /** The canvas point that a layout places: the dial's pivot, or the sight glass's centre. */
    double anchorX();

    double anchorY();

    /** The size a layout reasons with: the dial's diameter, or the whole gauge's height. */
    double nominalSize();

    /** The gauge showing {@code fraction}, premultiplied ARGB on a transparent canvas. */
    BufferedImage render(double fraction);

    /** What {@link #render} draws at {@code fraction}, in canvas pixels. */
    GaugeGeometry geometry(double fraction);
}
