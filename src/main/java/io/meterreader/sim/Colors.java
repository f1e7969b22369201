package io.meterreader.sim;

import java.awt.Color;

/** Small colour arithmetic for the painters. */
final class Colors {

    private Colors() {
    }

    static Color gray(int level) {
        int v = clamp(level);
        return new Color(v, v, v);
    }

    static Color rgb(int r, int g, int b) {
        return new Color(clamp(r), clamp(g), clamp(b));
    }

    static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), clamp((int) Math.round(alpha * 255)));
    }

    /** Multiplies the colour's channels by {@code factor} (above 1 brightens). */
    static Color shade(Color c, double factor) {
        return new Color(clamp((int) Math.round(c.getRed() * factor)), clamp((int) Math.round(c.getGreen() * factor)),
                clamp((int) Math.round(c.getBlue() * factor)), c.getAlpha());
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(
                clamp((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t)),
                clamp((int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t)),
                clamp((int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t)),
                clamp((int) Math.round(a.getAlpha() + (b.getAlpha() - a.getAlpha()) * t)));
    }

    /** A colour near {@code c}, each channel moved by up to {@code spread}. */
    static Color jitter(Rng rng, Color c, int spread) {
        return new Color(clamp(c.getRed() + rng.integer(-spread, spread)),
                clamp(c.getGreen() + rng.integer(-spread, spread)),
                clamp(c.getBlue() + rng.integer(-spread, spread)), c.getAlpha());
    }

    /** The Euclidean distance between two colours' RGB values. */
    static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    static double luminance(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
