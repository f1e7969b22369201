package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A test fixture: an image of a sight glass with a known liquid level, and the boxes a detector
 * would give for it.
 *
 * <p>The glass stands on a shaded background inside a dark frame; below the surface it holds the
 * liquid, above it air, at a random contrast either way (15 to 120 grey levels), with a bright
 * reflection stripe near one wall, sometimes a dark meniscus line, sometimes a 3x3 blur, and
 * Gaussian noise. The surface is drawn to the sub-pixel (the row it crosses is blended). The
 * detector is imitated by the glass box, each edge off by about half a pixel, and a level box of
 * 4-8% of the glass's height centred on the surface give or take {@code boxError} (a share of the
 * glass's height, normally distributed). The truth is the surface's height from the glass's
 * bottom (0) to its top (1), uniform in [0, 1]. The same seed gives the same image.
 */
final class SyntheticSightGlass {

    record Glass(ImageRegion pixels, BoundingBox glass, List<Detection> levels, double fraction, String description) {
    }

    /** Standard normal samples for pixel noise, drawn once: a table lookup is much cheaper per pixel. */
    private static final double[] NORMAL = new double[1 << 14];

    static {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < NORMAL.length; i++) {
            NORMAL[i] = gaussian(random);
        }
    }

    private SyntheticSightGlass() {
    }

    static Glass generate(long seed, double boxError) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = 160 + random.nextInt(100);
        int height = 300 + random.nextInt(200);
        double gw = 24 + random.nextInt(57);
        double gh = 150 + random.nextDouble() * (height - 190);
        double gx = 10 + random.nextDouble() * (width - gw - 20);
        double gy = 20 + random.nextDouble() * (height - gh - 40);
        double fraction = random.nextDouble();
        double surface = gy + gh - fraction * gh;

        double background = 60 + random.nextDouble() * 140;
        double air = 60 + random.nextDouble() * 140;
        double contrast = (15 + random.nextDouble() * 105) * (random.nextBoolean() ? 1 : -1);
        double liquid = Geometry.clamp(air + contrast, 5, 250);
        double noise = 2 + random.nextDouble() * 6;
        boolean meniscus = random.nextBoolean();
        boolean blur = random.nextBoolean();
        double stripe = gx + gw * (random.nextBoolean() ? 0.15 : 0.85);
        double[] tint = {0.8 + 0.4 * random.nextDouble(), 0.8 + 0.4 * random.nextDouble(), 0.8 + 0.4 * random.nextDouble()};

        double[] grey = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = background + 20.0 * y / height;
                double cx = x + 0.5;
                boolean inGlassX = cx >= gx && cx < gx + gw;
                boolean inFrameX = cx >= gx - 3 && cx < gx + gw + 3;
                if (inFrameX && y + 1 > gy - 3 && y < gy + gh + 3) {
                    v = 35;
                }
                if (inGlassX && y >= Math.floor(gy) && y < Math.ceil(gy + gh)) {
                    // Share of this row below the surface, for a sub-pixel surface.
                    double below = Geometry.clamp(y + 1 - surface, 0, 1);
                    v = below * liquid + (1 - below) * air + 6.0 * (y - gy) / gh;
                    if (Math.abs(cx - stripe) < gw * 0.06) {
                        v += 60;
                    }
                    if (meniscus && Math.abs(y + 0.5 - surface) < 1) {
                        v -= 25;
                    }
                }
                grey[y * width + x] = v;
            }
        }
        if (blur) {
            double[] b = new double[grey.length];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx;
                            int yy = y + dy;
                            if (xx >= 0 && yy >= 0 && xx < width && yy < height) {
                                sum += grey[yy * width + xx];
                                n++;
                            }
                        }
                    }
                    b[y * width + x] = sum / n;
                }
            }
            grey = b;
        }
        byte[] bgr = new byte[width * height * 3];
        for (int i = 0; i < grey.length; i++) {
            for (int c = 0; c < 3; c++) {
                double v = grey[i] * tint[c] + noise * NORMAL[random.nextInt(NORMAL.length)];
                bgr[3 * i + c] = (byte) (int) Geometry.clamp(Math.round(v), 0, 255);
            }
        }
        BoundingBox glassBox = BoundingBox.ofCorners(gx + 0.5 * gaussian(random), gy + 0.5 * gaussian(random),
                gx + gw + 0.5 * gaussian(random), gy + gh + 0.5 * gaussian(random));
        double levelHeight = gh * (0.04 + 0.04 * random.nextDouble());
        double levelWidth = gw * (0.9 + 0.2 * random.nextDouble());
        double levelY = surface + boxError * gh * gaussian(random);
        List<Detection> levels = new ArrayList<>();
        levels.add(new Detection(2, "level", 0.6 + 0.35 * random.nextDouble(),
                BoundingBox.ofCenter(gx + gw / 2 + 2 * gaussian(random), levelY, levelWidth, levelHeight)));
        String description = String.format(Locale.ROOT,
                "seed=%d %dx%d glass=%.0fx%.0f contrast=%.0f noise=%.1f meniscus=%b blur=%b",
                seed, width, height, gw, gh, contrast, noise, meniscus, blur);
        return new Glass(ImageRegion.whole(bgr, width, height), glassBox, levels, fraction, description);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
