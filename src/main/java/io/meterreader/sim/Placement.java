package io.meterreader.sim;

/**
 * A gauge fixed in a scene: its canvas-to-frame homography and the shadow it casts on what is
 * behind it.
 */
record Placement(String meterId, Gauge gauge, Pose pose, Homography toScene, double shadow, double shadowDx,
                 double shadowDy, double shadowBlur) {

    /** How a gauge canvas sits in front of the camera. */
    record Pose(double yaw, double pitch, double roll, double distance, double x, double y) {

        Homography toScene(Gauge gauge, double depth) {
            return Homography.pose(gauge.anchorX(), gauge.anchorY(), 1, yaw, pitch, roll, distance, x, y, depth);
        }
    }

    Placement(String meterId, Gauge gauge, Pose pose, double shadow, double shadowDx, double shadowDy, double shadowBlur) {
        this(meterId, gauge, pose, pose.toScene(gauge, 0), shadow, shadowDx, shadowDy, shadowBlur);
    }

    GaugeGeometry geometry(double fraction) {
        return gauge.geometry(fraction).warped(toScene);
    }
}
