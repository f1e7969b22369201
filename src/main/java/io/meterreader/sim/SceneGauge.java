package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;

/**
 * One gauge of a rendered frame with its ground truth in frame pixels: what the detector should
 * find there, and for pointer gauges what the segmenter should find in its crop. The needle and
 * tick polygons leave out what an occluder in front of the gauge hides.
 *
 * @param scaleMarks pointer gauges: the scale marks of the whole dial, hidden parts included, as
 *                   {@link GaugeGeometry#scaleMarks()} gives them (an engineer marks where a
 *                   scale ends even when a pipe hides its end); null for level gauges
 */
record SceneGauge(String meterId, ScaleRange range, GaugeGeometry geometry, double[] scaleMarks) {

    GaugeType type() {
        return geometry.type();
    }

    double fraction() {
        return geometry.fraction();
    }

    BoundingBox box() {
        return geometry.box();
    }

    double value() {
        return range.valueAt(geometry.fraction());
    }
}
