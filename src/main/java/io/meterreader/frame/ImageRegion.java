package io.meterreader.frame;

import java.util.Objects;

/**
 * A rectangle of a BGR image (8-bit, row-major, 3 bytes per pixel, no row padding), viewed
 * without copying: models take whole frames and gauge crops alike as regions. Results computed
 * on a region are in the region's own pixels, origin at its top-left corner.
 */
public record ImageRegion(byte[] bgr, int imageWidth, int imageHeight, int x, int y, int width, int height) {

    public ImageRegion {
        Objects.requireNonNull(bgr, "bgr");
        if (imageWidth <= 0 || imageHeight <= 0 || bgr.length != imageWidth * imageHeight * 3) {
            throw new IllegalArgumentException("pixel array does not hold a " + imageWidth + "x" + imageHeight
                    + " BGR image");
        }
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > imageWidth || y + height > imageHeight) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + width + "x" + height
                    + " does not lie inside the " + imageWidth + "x" + imageHeight + " image");
        }
    }

    public static ImageRegion whole(byte[] bgr, int width, int height) {
        return new ImageRegion(bgr, width, height, 0, 0, width, height);
    }

    public static ImageRegion whole(Frame frame) {
        return whole(frame.bgr(), frame.width(), frame.height());
    }

    /**
     * The part of the image under {@code box} (in image pixels), rounded outwards to whole pixels
     * and clipped to the image; {@code null} if nothing of it lies inside the image.
     */
    public static ImageRegion crop(byte[] bgr, int width, int height, BoundingBox box) {
        int x1 = (int) Math.max(0, Math.floor(box.x()));
        int y1 = (int) Math.max(0, Math.floor(box.y()));
        int x2 = (int) Math.min(width, Math.ceil(box.x2()));
        int y2 = (int) Math.min(height, Math.ceil(box.y2()));
        if (x2 <= x1 || y2 <= y1) {
            return null;
        }
        return new ImageRegion(bgr, width, height, x1, y1, x2 - x1, y2 - y1);
    }

    public static ImageRegion crop(Frame frame, BoundingBox box) {
        return crop(frame.bgr(), frame.width(), frame.height(), box);
    }

    /** Index in {@link #bgr()} of the blue byte of region pixel (rx, ry). */
    public int offset(int rx, int ry) {
        return ((y + ry) * imageWidth + (x + rx)) * 3;
    }

    /** The region as a box in image pixels. */
    public BoundingBox box() {
        return new BoundingBox(x, y, width, height);
    }

    /** A copy of the region's pixels as a compact BGR array. */
    public byte[] copyPixels() {
        byte[] out = new byte[width * height * 3];
        for (int row = 0; row < height; row++) {
            System.arraycopy(bgr, offset(0, row), out, row * width * 3, width * 3);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRegion r && r.bgr == bgr && r.imageWidth == imageWidth
                && r.imageHeight == imageHeight && r.x == x && r.y == y && r.width == width && r.height == height;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(bgr), x, y, width, height);
    }

    @Override
    public String toString() {
        return "ImageRegion[" + x + "," + y + " " + width + "x" + height + " of " + imageWidth + "x" + imageHeight + "]";
    }
}
