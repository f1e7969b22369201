package io.meterreader.frame;

import java.util.Objects;

/**
 * A binary mask over a {@code width x height} image (a gauge crop, the image the model was
 * given), so pixel (x, y) of the mask is pixel (x, y) of that image.
 *
 * <p>Only a window of it is stored, one byte per pixel, row-major (0 = background, anything else
 * = foreground); everything outside the window is background. A segmentation model's masks are
 * zero outside their instance's box, so a window around the box holds them whole: a crop's
 * thirty tick masks then take the ticks' area, not thirty times the crop's, which was nearly all
 * the memory the live pipeline allocated.
 *
 * @param x            the window's left column
 * @param y            the window's top row
 * @param windowWidth  the window's width (0 for an empty mask)
 * @param windowHeight the window's height
 * @param window       the window's pixels, {@code windowWidth * windowHeight} of them
 */
public record Mask(int width, int height, int x, int y, int windowWidth, int windowHeight, byte[] window) {

    public Mask {
        Objects.requireNonNull(window, "window");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (x < 0 || y < 0 || windowWidth < 0 || windowHeight < 0 || x + windowWidth > width
                || y + windowHeight > height) {
            throw new IllegalArgumentException("window " + windowWidth + "x" + windowHeight + " at (" + x + ", " + y
                    + ") is not inside a " + width + "x" + height + " mask");
        }
        if (window.length != windowWidth * windowHeight) {
            throw new IllegalArgumentException("a " + windowWidth + "x" + windowHeight + " window needs "
                    + windowWidth * windowHeight + " pixels, got " + window.length);
        }
    }

    /** A mask whose window is the whole image. */
    public Mask(int width, int height, byte[] pixels) {
        this(width, height, 0, 0, width, height, pixels);
    }

    /** A whole-image mask with nothing set, to draw into with {@link #set}. */
    public static Mask empty(int width, int height) {
        return new Mask(width, height, new byte[width * height]);
    }

    /** A mask with nothing set and nothing stored. */
    public static Mask none(int width, int height) {
        return new Mask(width, height, 0, 0, 0, 0, new byte[0]);
    }

    public boolean get(int px, int py) {
        int wx = px - x;
        int wy = py - y;
        return wx >= 0 && wy >= 0 && wx < windowWidth && wy < windowHeight && window[wy * windowWidth + wx] != 0;
    }

    /** Sets a pixel inside the window (a whole-image mask's window is everything). */
    public void set(int px, int py, boolean on) {
        int wx = px - x;
        int wy = py - y;
        if (wx < 0 || wy < 0 || wx >= windowWidth || wy >= windowHeight) {
            throw new IndexOutOfBoundsException("(" + px + ", " + py + ") is outside the mask's window");
        }
        window[wy * windowWidth + wx] = (byte) (on ? 1 : 0);
    }

    /**
     * The pixels of a whole-image mask, row-major, {@code width} to a row: the stored array
     * itself, so writes show. A windowed mask has no such array: read it with {@link #get}.
     *
     * @throws IllegalStateException for a mask whose window is not the whole image
     */
    public byte[] pixels() {
        if (x != 0 || y != 0 || windowWidth != width || windowHeight != height) {
            throw new IllegalStateException("a mask with a " + windowWidth + "x" + windowHeight
                    + " window has no whole-image pixel array");
        }
        return window;
    }

    public int area() {
        int n = 0;
        for (byte p : window) {
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
        int[] both = windowsOf(other);
        for (int py = both[1]; py < both[3]; py++) {
            for (int px = both[0]; px < both[2]; px++) {
                boolean a = get(px, py);
                boolean b = other.get(px, py);
                if (a && b) {
                    inter++;
                }
                if (a || b) {
                    union++;
                }
            }
        }
        return union == 0 ? 0 : (double) inter / union;
    }

    /** Equal when of one size with the same pixels set, however much of each is stored. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Mask m) || m.width != width || m.height != height) {
            return false;
        }
        int[] both = windowsOf(m);
        for (int py = both[1]; py < both[3]; py++) {
            for (int px = both[0]; px < both[2]; px++) {
                if (get(px, py) != m.get(px, py)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The smallest rectangle holding both masks' windows: {x0, y0, x1, y1}, ends exclusive. */
    private int[] windowsOf(Mask other) {
        return new int[] {Math.min(x, other.x), Math.min(y, other.y),
            Math.max(x + windowWidth, other.x + other.windowWidth),
            Math.max(y + windowHeight, other.y + other.windowHeight)};
    }

    @Override
    public int hashCode() {
        int h = 31 * width + height;
        for (int py = y; py < y + windowHeight; py++) {
            for (int px = x; px < x + windowWidth; px++) {
                if (get(px, py)) {
                    h = 31 * h + py * width + px;
                }
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", area=" + area() + "]";
    }
}
