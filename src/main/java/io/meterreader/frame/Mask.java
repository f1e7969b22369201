package io.meterreader.frame;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary mask over a {@code width x height} image, stored one byte per pixel, row-major
 * (0 = background, anything else = foreground). The mask covers the whole image the model was
 * given (a gauge crop), so pixel (x, y) of the mask is pixel (x, y) of that image.
 */
public record Mask(int width, int height, byte[] pixels) {

    public Mask {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(
                    "mask of " + width + "x" + height + " needs " + width * height + " pixels, got " + pixels.length);
        }
    }

    public static Mask empty(int width, int height) {
        return new Mask(width, height, new byte[width * height]);
    }

    public boolean get(int x, int y) {
        return pixels[y * width + x] != 0;
    }

    public void set(int x, int y, boolean on) {
        pixels[y * width + x] = (byte) (on ? 1 : 0);
    }

    public int area() {
        int n = 0;
        for (byte p : pixels) {
            if (p != 0) {
                n++;
            }
        }
        return n;
    }

    /** Intersection over union with a mask of the same size. */
    public double iou(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("masks differ in size");
        }
        int inter = 0;
        int union = 0;
        for (int i = 0; i < pixels.length; i++) {
            boolean a = pixels[i] != 0;
            boolean b = other.pixels[i] != 0;
            if (a && b) {
                inter++;
            }
            if (a || b) {
                union++;
            }
        }
        return union == 0 ? 0 : (double) inter / union;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", area=" + area() + "]";
    }
}
