package io.meterreader.gauge;

/**
 * An ellipse in image pixels, for drawing the ring a reader fitted to a gauge's ticks.
 *
 * @param angleDegrees the major axis's direction, clockwise from the image's x axis (y points down)
 */
public record Ellipse(double centerX, double centerY, double semiMajor, double semiMinor, double angleDegrees) {

    static Ellipse circle(double centerX, double centerY, double radius) {
        return new Ellipse(centerX, centerY, radius, radius, 0);
    }
}
