package io.meterreader.sim;

/**
 * A gauge fixed in a scene: its canvas-to-frame homography and the shadow it casts on what is
 * behind it.
 */
record Placement(String meterId, Gauge gauge, Homography toScene, double shadow, double shadowDx, double shadowDy,
                 double shadowBlur) {

    GaugeGeometry geometry(double fraction) {
        return gauge.geometry(fraction).warped(toScene);
    }
}
