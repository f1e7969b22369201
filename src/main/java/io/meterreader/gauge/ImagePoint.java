package io.meterreader.gauge;

/** A point in the pixels of the image a reader was given (a gauge crop, or a frame region). */
public record ImagePoint(double x, double y) {

    public double distanceTo(ImagePoint other) {
        return Geometry.hypot(other.x - x, other.y - y);
    }

    public ImagePoint translate(double dx, double dy) {
        return new ImagePoint(x + dx, y + dy);
    }
}
