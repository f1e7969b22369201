package io.meterreader.frame;

/**
 * An axis-aligned box in image pixels: (x, y) is the top-left corner.
 */
public record BoundingBox(double x, double y, double width, double height) {

    public BoundingBox {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException("box size must be non-negative, got " + width + "x" + height);
        }
    }

    public static BoundingBox ofCorners(double x1, double y1, double x2, double y2) {
        return new BoundingBox(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1));
    }

    public static BoundingBox ofCenter(double cx, double cy, double width, double height) {
        return new BoundingBox(cx - width / 2, cy - height / 2, width, height);
    }

    public double x2() {
        return x + width;
    }

    public double y2() {
        return y + height;
    }

    public double centerX() {
        return x + width / 2;
    }

    public double centerY() {
        return y + height / 2;
    }

    public double area() {
        return width * height;
    }

    public double intersectionArea(BoundingBox other) {
        double w = Math.min(x2(), other.x2()) - Math.max(x, other.x);
        double h = Math.min(y2(), other.y2()) - Math.max(y, other.y);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** Intersection over union; 0 when both boxes are empty. */
    public double iou(BoundingBox other) {
        double inter = intersectionArea(other);
        double union = area() + other.area() - inter;
        return union > 0 ? inter / union : 0;
    }

    public boolean contains(double px, double py) {
        return px >= x && px <= x2() && py >= y && py <= y2();
    }

    public BoundingBox translate(double dx, double dy) {
        return new BoundingBox(x + dx, y + dy, width, height);
    }

    /** This box clipped to [0, maxWidth] x [0, maxHeight]. */
    public BoundingBox clip(double maxWidth, double maxHeight) {
        double cx1 = Math.max(0, Math.min(x, maxWidth));
        double cy1 = Math.max(0, Math.min(y, maxHeight));
        double cx2 = Math.max(0, Math.min(x2(), maxWidth));
        double cy2 = Math.max(0, Math.min(y2(), maxHeight));
        return new BoundingBox(cx1, cy1, cx2 - cx1, cy2 - cy1);
    }
}
