package io.meterreader.sim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How the camera sees the scene: uneven light, colour cast, low light, defocus, motion blur,
 * a soft low-resolution lens, sensor noise, a date overlay and the JPEG quality of the export.
 * Drawn once per scene; {@link #apply} runs on every frame, with fresh noise each time.
 */
final class CameraLook {

    private final float[] light;
    private final double gainB;
    private final double gainG;
    private final double gainR;
    private final boolean gray;
    private final double defocus;
    private final double motionLength;
    private final double motionAngle;
    private final double soften;
    private final double noise;
    private final double chroma;
    private final String overlay;
    private final int overlayCorner;
    private final int streamQuality;
    final int jpegQuality;

    private CameraLook(float[] light, double gainB, double gainG, double gainR, boolean gray, double defocus,
                       double motionLength, double motionAngle, double soften, double noise, double chroma,
                       String overlay, int overlayCorner, int streamQuality, int jpegQuality) {
        this.light = light;
        this.gainB = gainB;
        this.gainG = gainG;
        this.gainR = gainR;
        this.gray = gray;
        this.defocus = defocus;
        this.motionLength = motionLength;
        this.motionAngle = motionAngle;
        this.soften = soften;
        this.noise = noise;
        this.chroma = chroma;
        this.overlay = overlay;
        this.overlayCorner = overlayCorner;
        this.streamQuality = streamQuality;
        this.jpegQuality = jpegQuality;
    }

    /** Anything from a clean, well-lit shot to a dim, blurred, noisy one. */
    static CameraLook random(Rng rng, int width, int height) {
        double res = height / 720.0;
        double exposure = switch (rng.weighted(0.7, 0.17, 0.13)) {
            case 0 -> rng.uniform(0.8, 1.15);
            case 1 -> rng.uniform(0.3, 0.65);
            default -> rng.uniform(1.15, 1.45);
        };
        boolean dim = exposure < 0.7;
        float[] light = lightField(rng, width, height, rng.uniform(0.1, 0.45), exposure);
        double warm = rng.chance(0.6) ? rng.uniform(-0.1, 0.12) : 0;
        double tint = rng.uniform(-0.04, 0.04);
        boolean gray = rng.chance(dim ? 0.25 : 0.04);
        double defocus = rng.chance(0.35) ? rng.uniform(0.4, 1.6) * res : 0;
        double motion = rng.chance(0.12) ? rng.uniform(3, 11) * res : 0;
        double soften = rng.chance(0.12) ? rng.uniform(0.5, 0.85) : 1;
        double noise = dim ? rng.uniform(4, 16) : rng.uniform(0.5, 7);
        String overlay = rng.chance(0.25) ? timestamp(rng) : null;
        int quality = rng.chance(0.15) ? rng.integer(20, 45) : rng.integer(45, 95);
        // Some frames come off a compressed video stream before the export compresses them again.
        int stream = rng.chance(0.12) ? rng.integer(12, 35) : 0;
        return new CameraLook(light, 1 - warm + tint, 1 + tint * 0.5, 1 + warm, gray, defocus, motion, rng.uniform(0, 180),
                soften, noise, rng.uniform(0.2, 0.8), overlay, rng.integer(0, 3), stream, quality);
    }

    /** A steady, well-lit fixed camera, as the demo scenes want. */
    static CameraLook mild(Rng rng, int width, int height) {
        float[] light = lightField(rng, width, height, 0.12, 1.0);
        return new CameraLook(light, 1, 1, 1.02, false, 0.6 * height / 720.0, 0, 0, 1, 2.5, 0.3,
                "CAM " + rng.integer(1, 16), 0, 0, 85);
    }

    private static float[] lightField(Rng rng, int width, int height, double unevenness, double exposure) {
        int cx = rng.integer(2, 5);
        int cy = rng.integer(2, 4);
        float[] grid = new float[cx * cy];
        // A directional falloff plus random patches: a lamp on one side, shade on the other.
        double gx = rng.uniform(-1, 1), gy = rng.uniform(-1, 1);
        for (int j = 0; j < cy; j++) {
            for (int i = 0; i < cx; i++) {
                double dir = (gx * (i / (cx - 1.0) - 0.5) + gy * (j / (cy - 1.0) - 0.5)) * unevenness * 1.5;
                grid[j * cx + i] = (float) (exposure * (1 + dir + rng.uniform(-unevenness, unevenness) * 0.5));
            }
        }
        float[] field = Cv.smoothField(grid, cx, cy, width, height);
        if (rng.chance(0.3)) {
            castShadow(rng, field, width, height);
        }
        return field;
    }

    /**
     * A shadow across the scene from something out of view (a beam, a wall, a tank): one or two
     * straight edges, soft or sharp, darkening everything beyond them, gauges included.
     */
    private static void castShadow(Rng rng, float[] field, int width, int height) {
        double angle = rng.uniform(0, Math.PI);
        double nx = Math.cos(angle), ny = Math.sin(angle);
        double reach = Math.abs(nx) * width + Math.abs(ny) * height;
        double centre = nx * width / 2 + ny * height / 2;
        double edge = centre + rng.uniform(-0.35, 0.35) * reach;
        double band = rng.chance(0.5) ? rng.uniform(0.05, 0.3) * reach : Double.POSITIVE_INFINITY;
        double soft = Math.max(1, rng.uniform(0.002, 0.05) * reach);
        float depth = (float) rng.uniform(0.2, 0.5);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                double d = nx * x + ny * y - edge;
                double inside = smoothStep(d / soft) * (band == Double.POSITIVE_INFINITY ? 1 : smoothStep((band - d) / soft));
                field[p] *= (float) (1 - depth * inside);
            }
        }
    }

    private static double smoothStep(double t) {
        double u = Math.max(0, Math.min(1, t * 0.5 + 0.5));
        return u * u * (3 - 2 * u);
    }

    private static String timestamp(Rng rng) {
        LocalDateTime t = LocalDateTime.of(2023 + rng.integer(0, 2), rng.integer(1, 12), rng.integer(1, 28),
                rng.integer(0, 23), rng.integer(0, 59), rng.integer(0, 59));
        return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "  CAM" + rng.integer(1, 24);
    }

    /** Applies the look to a BGR frame in place; {@code noiseRng} makes this frame's noise. */
    void apply(BufferedImage frame, byte[] bgr, Rng noiseRng) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        Texture.multiply(bgr, light, gainB, gainG, gainR);
        if (gray) {
            for (int i = 0; i < bgr.length; i += 3) {
                int y = ((bgr[i] & 0xFF) * 29 + (bgr[i + 1] & 0xFF) * 150 + (bgr[i + 2] & 0xFF) * 77) >> 8;
                bgr[i] = (byte) y;
                bgr[i + 1] = (byte) y;
                bgr[i + 2] = (byte) y;
            }
        }
        if (soften < 1) {
            Cv.softenResolution(bgr, w, h, soften);
        }
        if (defocus > 0.3) {
            Cv.gaussianBlur(bgr, w, h, 3, defocus);
        }
        if (motionLength > 2) {
            Cv.motionBlur(bgr, w, h, motionLength, motionAngle);
        }
        if (noise > 0) {
            Texture.noise(bgr, noiseRng, noise, gray ? 0 : chroma);
        }
        if (overlay != null) {
            Graphics2D g = frame.createGraphics();
            Painting.smooth(g);
            double size = h * 0.03;
            g.setFont(Fonts.face(5, size));
            int tw = g.getFontMetrics().stringWidth(overlay);
            float x = (float) (overlayCorner % 2 == 0 ? size : w - size - tw);
            float y = (float) (overlayCorner < 2 ? size * 1.6 : h - size * 0.8);
            g.setColor(new Color(0, 0, 0, 160));
            g.drawString(overlay, x + 1, y + 1);
            g.setColor(Color.WHITE);
            g.drawString(overlay, x, y);
            g.dispose();
        }
        if (streamQuality > 0) {
            int[] size = new int[2];
            byte[] decoded = Cv.decode(Cv.jpeg(bgr, w, h, streamQuality), size);
            System.arraycopy(decoded, 0, bgr, 0, bgr.length);
        }
    }
}
