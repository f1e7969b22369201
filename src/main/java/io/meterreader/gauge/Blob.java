package io.meterreader.gauge;

import java.util.List;

/**
 * One connected group of mask pixels with its area, centroid and second moments. Pixels are
 * taken as unit squares centred on their integer coordinates, so a w x h rectangle of pixels has
 * {@link #length()} w and {@link #width()} h whatever its size.
 */
final class Blob {

    /** The variance of a unit square along any axis: what a one-pixel-thin line has across it. */
    private static final double PIXEL_VARIANCE = 1.0 / 12;

    final int[] xs;
    final int[] ys;
    final double confidence;
    final double cx;
    final double cy;
    /** Central second moments per pixel, pixel extent included. */
    final double sxx;
    final double sxy;
    final double syy;
    /** Principal variances, major first. */
    final double major;
    final double minor;
    /** Unit vector along the major axis (sign arbitrary). */
    final double dx;
    final double dy;

    Blob(int[] xs, int[] ys, double confidence) {
        if (xs.length == 0 || xs.length != ys.length) {
            throw new IllegalArgumentException("a blob needs pixels");
        }
        this.xs = xs;
        this.ys = ys;
        this.confidence = confidence;
        int n = xs.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xs[i];
            my += ys[i];
        }
        mx /= n;
        my /= n;
        double a = 0;
        double b = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
            double u = xs[i] - mx;
            double v = ys[i] - my;
            a += u * u;
            b += u * v;
            c += v * v;
        }
        cx = mx;
        cy = my;
        sxx = a / n + PIXEL_VARIANCE;
        sxy = b / n;
        syy = c / n + PIXEL_VARIANCE;
        double mean = (sxx + syy) / 2;
        double diff = Math.sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
        major = mean + diff;
        minor = Math.max(PIXEL_VARIANCE, mean - diff);
        double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        dx = Math.cos(angle);
        dy = Math.sin(angle);
    }

    static Blob union(List<Blob> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        double confidence = 0;
        for (Blob p : parts) {
            n += p.area();
            confidence = Math.max(confidence, p.confidence);
        }
        int[] xs = new int[n];
        int[] ys = new int[n];
        int at = 0;
        for (Blob p : parts) {
            System.arraycopy(p.xs, 0, xs, at, p.area());
            System.arraycopy(p.ys, 0, ys, at, p.area());
            at += p.area();
        }
        return new Blob(xs, ys, confidence);
    }

    int area() {
        return xs.length;
    }

    /** Extent along the major axis, exact for a rectangle. */
    double length() {
        return Math.sqrt(12 * major);
    }

    /** Extent across the major axis, exact for a rectangle. */
    double width() {
        return Math.sqrt(12 * minor);
    }

    double elongation() {
        return Math.sqrt(major / minor);
    }

    /** Distance from (px, py) to the line through the centroid along the major axis. */
    double distanceToAxis(double px, double py) {
        return Math.abs((px - cx) * dy - (py - cy) * dx);
    }

    @Override
    public String toString() {
        return String.format("Blob[area=%d at (%.1f, %.1f) %.1fx%.1f]", area(), cx, cy, length(), width());
    }
}
