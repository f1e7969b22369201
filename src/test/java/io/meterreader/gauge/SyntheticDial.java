package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/*
 * Design. A test fixture that draws what a perfect (or a flawed) segmentation model would return
 * for a pointer gauge with a known reading, so the geometry can be measured without any model.
 *
 * The dial is built in its own plane, in units of the dial's radius, with y pointing down like an
 * image: ticks are rectangles along radii, the pointer a needle or a tapered blade with an optional
 * tail and hub. A homography takes that plane into the crop: a camera on the dial's axis at
 * 4-12 dial radii, the dial tilted up to 35 degrees about a random in-plane axis (PERSPECTIVE), or
 * face-on. The crop is the projected dial's box widened by 10% on each side, as the pipeline cuts
 * it. Each shape's corners go through the homography and the resulting polygon is filled where
 * pixel centres fall inside it, so masks are exact to the pixel; every tick is its own detection,
 * its box the tight box of its mask.
 *
 * Ground truth: the fraction is uniform in [0, 1] and is the pointer's angle in the dial plane,
 * linear from the first tick (0) to the last (1). Ticks are evenly spaced; the tick pitch on
 * the crop is kept at 4 pixels or more (and 2.5 tick widths), so that ticks stay apart at 100 pixels.
 *
 * Degradations act on the masks: ERODED and DILATED move every shape's boundary in or out
 * (0.3-1 pixel in, never leaving any part thinner than 1 pixel; 0.5-2 pixels out), as a model that under- or
 * over-segments does, before it is filled; NOISY flips pixels (boundary pixels dropped or added
 * with probability 0.15, 2% holes, a few specks inside the box), which can break thin shapes apart;
 * MISSING_TICKS (each tick but the first and last dropped with probability 0.2; no geometry can
 * know of a missing end tick), EXTRA_BLOBS (numerals inside the ring, a coloured band along it,
 * random blobs, sometimes a weak false pointer), MERGED_TICKS (neighbouring ticks in one
 * instance), SPLIT_POINTER (a gap across the needle, as one or two detections). Everything is
 * drawn from one seeded generator: the same seed gives the same dial.
 */
final class SyntheticDial {

    enum Orientation {
        /** The open sector anywhere around the dial. */
        ANY,
        /** The open sector at the bottom, within 15 degrees: how gauges are usually mounted. */
        UPRIGHT
    }

    enum Degradation { ERODED, DILATED, NOISY, MISSING_TICKS, EXTRA_BLOBS, MERGED_TICKS, SPLIT_POINTER, PERSPECTIVE }

    /** A drawn dial: the segmentation of its crop, and the truth. */
    record Dial(List<Detection> segments, int width, int height, double fraction, double spanDegrees,
                int intervals, String description) {
    }

    private final SplittableRandom random;
    /** Where each drawn mask's pixels lie (x0, y0, x1, y1, exclusive), so boxes need not scan whole crops. */
    private final Map<Mask, int[]> extents = new IdentityHashMap<>();
    private final Set<Degradation> degradations;
    private final int width;
    private final int height;
    private final Homography toCrop;
    private final double pixelsPerUnit;

    private SyntheticDial(SplittableRandom random, Set<Degradation> degradations, int width, int height,
                          Homography toCrop, double pixelsPerUnit) {
        this.random = random;
        this.degradations = degradations;
        this.width = width;
        this.height = height;
        this.toCrop = toCrop;
        this.pixelsPerUnit = pixelsPerUnit;
    }

    static Dial generate(long seed, Orientation orientation, Set<Degradation> degradations) {
        return generate(seed, orientation, degradations, 0);
    }

    /** @param cropSize the face-on crop's side in pixels, or 0 for one drawn from 100-400 */
    static Dial generate(long seed, Orientation orientation, Set<Degradation> degradations, int cropSize) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<Degradation> set = degradations.isEmpty() ? EnumSet.noneOf(Degradation.class) : EnumSet.copyOf(degradations);
        int drawn = 100 + random.nextInt(301);
        int size = cropSize > 0 ? cropSize : drawn;
        double pixels = size / 2.4;
        double tilt = 0;
        double tiltAxis = 0;
        double distance = 8;
        if (set.contains(Degradation.PERSPECTIVE)) {
            tilt = Math.toRadians(uniform(random, 0, 35));
            tiltAxis = uniform(random, 0, 2 * Math.PI);
            distance = uniform(random, 4, 12);
        }
        Homography camera = camera(tilt, tiltAxis, distance, pixels);
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 360; i++) {
            double a = Math.toRadians(i);
            double x = camera.mapX(Math.cos(a), Math.sin(a));
            double y = camera.mapY(Math.cos(a), Math.sin(a));
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        double boxW = maxX - minX;
        double boxH = maxY - minY;
        int width = (int) Math.ceil(boxW * 1.2);
        int height = (int) Math.ceil(boxH * 1.2);
        Homography toCrop = Homography.translation(-(minX - 0.1 * boxW), -(minY - 0.1 * boxH)).times(camera);
        return new SyntheticDial(random, set, width, height, toCrop, pixels).draw(orientation, seed, tilt, distance);
    }

    /** Dial plane (units of dial radius) to image pixels: camera on the dial's axis, dial tilted. */
    private static Homography camera(double tilt, double axisAngle, double distance, double pixels) {
        double kx = Math.cos(axisAngle);
        double ky = Math.sin(axisAngle);
        double c = Math.cos(tilt);
        double s = Math.sin(tilt);
        // Rodrigues rotation about (kx, ky, 0); only its first two columns act on the plane z = 0.
        double r00 = c + kx * kx * (1 - c);
        double r01 = kx * ky * (1 - c);
        double r10 = kx * ky * (1 - c);
        double r11 = c + ky * ky * (1 - c);
        double r20 = -ky * s;
        double r21 = kx * s;
        double f = distance * pixels;
        return new Homography(
                f * r00, f * r01, 0,
                f * r10, f * r11, 0,
                r20, r21, distance);
    }

    private Dial draw(Orientation orientation, long seed, double tilt, double distance) {
        double rOuter = uniform(0.78, 0.9);
        int alignment = random.nextInt(10) < 6 ? 0 : random.nextInt(2) + 1; // outer, inner, centred
        double majorLength = uniform(0.09, 0.16);
        double minorLength = majorLength * uniform(0.45, 0.7);
        double majorWidthPx = clamp(pixelsPerUnit * uniform(0.015, 0.03), 1.6, 6);
        double minorWidthPx = Math.max(1.2, majorWidthPx * uniform(0.6, 0.9));
        double span = uniform(180, 300);
        int majors = 4 + random.nextInt(7);
        int minors = 1 + random.nextInt(5);
        double ringPx = (rOuter - majorLength / 2) * pixelsPerUnit;
        while (minors > 1 && Math.toRadians(span / (majors * (minors + 1))) * ringPx
                < Math.max(4, 2.5 * majorWidthPx)) {
            minors--;
        }
        int intervals = majors * (minors + 1);
        double openCentre = orientation == Orientation.UPRIGHT ? 90 + uniform(-15, 15) : uniform(0, 360);
        double start = Math.toRadians(openCentre - 180 - span / 2);
        double spanRad = Math.toRadians(span);

        List<Mask> ticks = new ArrayList<>();
        for (int k = 0; k <= intervals; k++) {
            boolean major = k % (minors + 1) == 0;
            double length = major ? majorLength : minorLength;
            double w = (major ? majorWidthPx : minorWidthPx) / pixelsPerUnit;
            double r0;
            if (alignment == 0) {
                r0 = rOuter - length;
            } else if (alignment == 1) {
                r0 = rOuter - majorLength;
            } else {
                r0 = rOuter - majorLength / 2 - length / 2;
            }
            double angle = start + spanRad * k / intervals;
            ticks.add(raster(List.<double[][]>of(radialQuad(angle, r0, r0 + length, w, w))));
        }

        double fraction = random.nextDouble();
        double pointerAngle = start + spanRad * fraction;
        List<double[][]> pointerShapes = new ArrayList<>();
        double pointerLength = rOuter * uniform(0.7, 0.98);
        double pointerWidth = clamp(pixelsPerUnit * uniform(0.02, 0.05), 2, 10) / pixelsPerUnit;
        boolean tapered = random.nextBoolean();
        pointerShapes.add(radialQuad(pointerAngle, 0, pointerLength, pointerWidth,
                tapered ? Math.max(1.0 / pixelsPerUnit, 0.25 * pointerWidth) : pointerWidth));
        String shape = tapered ? "tapered" : "needle";
        if (random.nextBoolean()) {
            double tail = uniform(0.1, 0.25);
            pointerShapes.add(radialQuad(pointerAngle + Math.PI, 0, tail, pointerWidth * uniform(1, 1.6),
                    pointerWidth * uniform(1, 1.6)));
            shape += "+tail";
        }
        if (random.nextBoolean()) {
            pointerShapes.add(disc(0, 0, Math.max(uniform(0.04, 0.08), pointerWidth * 0.6)));
            shape += "+hub";
        }

        Mask pointer = raster(pointerShapes);
        List<Detection> segments = new ArrayList<>();
        List<Mask> pointerParts = new ArrayList<>();
        pointerParts.add(pointer);
        if (degradations.contains(Degradation.SPLIT_POINTER)) {
            pointerParts = split(pointer, pointerAngle, pointerLength);
        }
        List<Mask> scaleParts = new ArrayList<>(ticks);
        if (degradations.contains(Degradation.MISSING_TICKS)) {
            List<Mask> kept = new ArrayList<>();
            for (int k = 0; k < scaleParts.size(); k++) {
                if (k == 0 || k == scaleParts.size() - 1 || random.nextDouble() >= 0.2) {
                    kept.add(scaleParts.get(k));
                }
            }
            scaleParts = kept;
        }
        if (degradations.contains(Degradation.MERGED_TICKS)) {
            List<Mask> merged = new ArrayList<>();
            for (int k = 0; k < scaleParts.size(); k++) {
                Mask m = scaleParts.get(k);
                if (k + 1 < scaleParts.size() && random.nextDouble() < 0.15) {
                    m = or(m, scaleParts.get(k + 1));
                    k++;
                }
                merged.add(m);
            }
            scaleParts = merged;
        }
        List<Mask> falsePointers = new ArrayList<>();
        if (degradations.contains(Degradation.EXTRA_BLOBS)) {
            int extras = 1 + random.nextInt(4);
            for (int e = 0; e < extras; e++) {
                List<double[][]> shapes = new ArrayList<>();
                double[] band = null;
                int kind = random.nextInt(3);
                if (kind == 0) {
                    double a = start + spanRad * random.nextInt(majors + 1) / majors;
                    double r = rOuter - majorLength - uniform(0.08, 0.15);
                    shapes.add(ellipse(r * Math.cos(a), r * Math.sin(a), uniform(0.03, 0.06), uniform(0.03, 0.06),
                            uniform(0, Math.PI)));
                } else if (kind == 1) {
                    // A coloured band along the scale: one annular sector, filled in one piece.
                    double a0 = start + spanRad * uniform(0, 0.8);
                    double extent = Math.toRadians(uniform(15, 40));
                    double r1 = rOuter - majorLength * uniform(0, 0.3);
                    double thickness = uniform(0.02, 0.04);
                    band = new double[] {a0, extent, r1 - thickness, r1};
                } else {
                    double r = Math.sqrt(random.nextDouble()) * 0.95;
                    double a = uniform(0, 2 * Math.PI);
                    shapes.add(ellipse(r * Math.cos(a), r * Math.sin(a), uniform(0.015, 0.05), uniform(0.015, 0.05),
                            uniform(0, Math.PI)));
                }
                Mask m = band == null ? raster(shapes) : annularSector(band[0], band[1], band[2], band[3]);
                if (m.area() > 0) {
                    scaleParts.add(m);
                }
            }
            if (random.nextDouble() < 0.3) {
                double r = Math.sqrt(random.nextDouble()) * 0.9;
                double a = uniform(0, 2 * Math.PI);
                Mask m = raster(List.<double[][]>of(ellipse(r * Math.cos(a), r * Math.sin(a), uniform(0.03, 0.08),
                        uniform(0.01, 0.03), uniform(0, Math.PI))));
                if (m.area() > 0) {
                    falsePointers.add(m);
                }
            }
        }
        for (Mask m : pointerParts) {
            addDetection(segments, 0, "pointer", uniform(0.7, 0.99), m);
        }
        for (Mask m : falsePointers) {
            addDetection(segments, 0, "pointer", uniform(0.3, 0.6), m);
        }
        for (Mask m : scaleParts) {
            addDetection(segments, 1, "scale", uniform(0.7, 0.99), m);
        }
        String description = String.format(Locale.ROOT,
                "seed=%d %dx%d span=%.0f open=%.0f majors=%d minors=%d align=%d pointer=%s tilt=%.0f dist=%.1f %s",
                seed, width, height, span, Geometry.normalizeDegrees(openCentre), majors, minors, alignment, shape,
                Math.toDegrees(tilt), distance, degradations);
        return new Dial(segments, width, height, fraction, span, intervals, description);
    }

    /** The shapes filled into one mask, their boundaries moved as ERODED or DILATED say. */
    private Mask raster(List<double[][]> shapes) {
        double grow = 0;
        if (degradations.contains(Degradation.ERODED)) {
            grow -= uniform(0.3, 1.0);
        }
        if (degradations.contains(Degradation.DILATED)) {
            grow += uniform(0.5, 2.0);
        }
        Mask mask = Mask.empty(width, height);
        for (double[][] shape : shapes) {
            fill(mask, shape, grow);
        }
        return mask;
    }

    /**
     * A band along the dial, its boundary moved like {@link #raster}'s shapes: filled where pixel
     * centres map back (through the inverse homography) inside the sector.
     */
    private Mask annularSector(double a0, double extent, double rIn, double rOut) {
        double grow = 0;
        if (degradations.contains(Degradation.ERODED)) {
            grow -= uniform(0.3, 1.0);
        }
        if (degradations.contains(Degradation.DILATED)) {
            grow += uniform(0.5, 2.0);
        }
        double g = grow / pixelsPerUnit;
        double inner = rIn - g;
        double outer = rOut + g;
        double from = a0 - g / rOut;
        double to = a0 + extent + g / rOut;
        Homography back = toCrop.inverse();
        Mask mask = Mask.empty(width, height);
        if (outer - inner < 1.0 / pixelsPerUnit) {
            double mid = (inner + outer) / 2;
            inner = mid - 0.5 / pixelsPerUnit;
            outer = mid + 0.5 / pixelsPerUnit;
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = back.mapX(x + 0.5, y + 0.5);
                double v = back.mapY(x + 0.5, y + 0.5);
                double r = Math.hypot(u, v);
                double a = Geometry.normalizeRadians(Math.atan2(v, u) - from);
                if (r >= inner && r <= outer && a <= to - from) {
                    mask.set(x, y, true);
                }
            }
        }
        return mask;
    }

    private void addDetection(List<Detection> out, int classId, String label, double confidence, Mask clean) {
        Mask mask = clean;
        if (degradations.contains(Degradation.NOISY)) {
            mask = noisy(mask);
        }
        BoundingBox box = box(mask);
        if (box != null) {
            out.add(new Detection(classId, label, confidence, box, mask));
        }
    }

    /** The needle cut across at 35-65% of its length by a 2-4 pixel gap, as one or two detections. */
    private List<Mask> split(Mask pointer, double angle, double length) {
        double cut = length * uniform(0.35, 0.65);
        double gap = uniform(2, 4);
        double cx = toCrop.mapX(cut * Math.cos(angle), cut * Math.sin(angle));
        double cy = toCrop.mapY(cut * Math.cos(angle), cut * Math.sin(angle));
        double ox = toCrop.mapX(0, 0);
        double oy = toCrop.mapY(0, 0);
        double ux = cx - ox;
        double uy = cy - oy;
        double norm = Math.hypot(ux, uy);
        ux /= norm;
        uy /= norm;
        Mask inner = Mask.empty(width, height);
        Mask outer = Mask.empty(width, height);
        int[] e = extents.getOrDefault(pointer, new int[] {0, 0, width, height});
        grow(inner, e[0], e[1], e[2], e[3]);
        grow(outer, e[0], e[1], e[2], e[3]);
        for (int y = Math.max(0, e[1]); y < Math.min(height, e[3]); y++) {
            for (int x = Math.max(0, e[0]); x < Math.min(width, e[2]); x++) {
                if (!pointer.get(x, y)) {
                    continue;
                }
                double s = (x + 0.5 - cx) * ux + (y + 0.5 - cy) * uy;
                if (s < -gap / 2) {
                    inner.set(x, y, true);
                } else if (s > gap / 2) {
                    outer.set(x, y, true);
                }
            }
        }
        if (random.nextBoolean()) {
            return List.of(or(inner, outer));
        }
        List<Mask> parts = new ArrayList<>();
        if (inner.area() > 0) {
            parts.add(inner);
        }
        if (outer.area() > 0) {
            parts.add(outer);
        }
        return parts;
    }

    private Mask noisy(Mask m) {
        BoundingBox box = box(m);
        if (box == null) {
            return m;
        }
        Mask out = Mask.empty(width, height);
        int x0 = (int) box.x();
        int y0 = (int) box.y();
        int x1 = (int) box.x2();
        int y1 = (int) box.y2();
        for (int y = Math.max(0, y0 - 1); y < Math.min(height, y1 + 1); y++) {
            for (int x = Math.max(0, x0 - 1); x < Math.min(width, x1 + 1); x++) {
                boolean inside = m.get(x, y);
                int neighbours = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if ((dx != 0 || dy != 0) && on(m, x + dx, y + dy)) {
                            neighbours++;
                        }
                    }
                }
                boolean value;
                if (inside) {
                    value = neighbours == 8 ? random.nextDouble() >= 0.02 : random.nextDouble() >= 0.15;
                } else {
                    value = neighbours > 0 && random.nextDouble() < 0.15;
                }
                out.set(x, y, value);
            }
        }
        grow(out, x0 - 1, y0 - 1, x1 + 1, y1 + 1);
        int specks = random.nextInt(4);
        for (int i = 0; i < specks; i++) {
            int x = x0 + random.nextInt(Math.max(1, x1 - x0));
            int y = y0 + random.nextInt(Math.max(1, y1 - y0));
            out.set(x, y, true);
        }
        return out.area() == 0 ? m : out;
    }

    private boolean on(Mask m, int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height && m.get(x, y);
    }

    private Mask or(Mask a, Mask b) {
        Mask out = Mask.empty(width, height);
        for (Mask m : new Mask[] {a, b}) {
            int[] e = extents.get(m);
            grow(out, e == null ? 0 : e[0], e == null ? 0 : e[1], e == null ? width : e[2], e == null ? height : e[3]);
        }
        for (int i = 0; i < a.pixels().length; i++) {
            out.pixels()[i] = (byte) (a.pixels()[i] | b.pixels()[i]);
        }
        return out;
    }

    static BoundingBox tightBox(Mask m) {
        return tightBox(m, 0, 0, m.width(), m.height());
    }

    static BoundingBox tightBox(Mask m, int x0, int y0, int x1, int y1) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = Math.max(0, y0); y < Math.min(m.height(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(m.width(), x1); x++) {
                if (m.get(x, y)) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new BoundingBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** A quadrilateral along the ray at {@code angle}, from radius r0 to r1, widths w0 and w1 across it. */
    private static double[][] radialQuad(double angle, double r0, double r1, double w0, double w1) {
        double ux = Math.cos(angle);
        double uy = Math.sin(angle);
        double nx = -uy;
        double ny = ux;
        return new double[][] {
            {r0 * ux - w0 / 2 * nx, r0 * uy - w0 / 2 * ny},
            {r1 * ux - w1 / 2 * nx, r1 * uy - w1 / 2 * ny},
            {r1 * ux + w1 / 2 * nx, r1 * uy + w1 / 2 * ny},
            {r0 * ux + w0 / 2 * nx, r0 * uy + w0 / 2 * ny}};
    }

    private static double[][] disc(double cx, double cy, double r) {
        return ellipse(cx, cy, r, r, 0);
    }

    private static double[][] ellipse(double cx, double cy, double a, double b, double angle) {
        int n = 24;
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            double x = a * Math.cos(t);
            double y = b * Math.sin(t);
            p[i] = new double[] {cx + x * Math.cos(angle) - y * Math.sin(angle), cy + x * Math.sin(angle) + y * Math.cos(angle)};
        }
        return p;
    }

    /**
     * Fills the convex polygon (dial-plane corners) where pixel centres fall inside its image,
     * after moving each of its edges {@code grow} pixels outwards (inwards when negative; never so
     * far that the polygon gets thinner than one pixel).
     */
    private void fill(Mask mask, double[][] dialPolygon, double grow) {
        int n = dialPolygon.length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = toCrop.mapX(dialPolygon[i][0], dialPolygon[i][1]);
            ys[i] = toCrop.mapY(dialPolygon[i][0], dialPolygon[i][1]);
        }
        double area = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            area += xs[i] * ys[j] - xs[j] * ys[i];
        }
        double sign = Math.signum(area);
        if (grow != 0) {
            double[][] moved = offset(xs, ys, sign, grow);
            xs = moved[0];
            ys = moved[1];
            n = xs.length;
            if (n < 3) {
                return;
            }
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xs[i]);
            minY = Math.min(minY, ys[i]);
            maxX = Math.max(maxX, xs[i]);
            maxY = Math.max(maxY, ys[i]);
        }
        grow(mask, (int) Math.floor(minX), (int) Math.floor(minY), (int) Math.ceil(maxX) + 1, (int) Math.ceil(maxY) + 1);
        for (int y = Math.max(0, (int) Math.floor(minY)); y <= Math.min(height - 1, (int) Math.ceil(maxY)); y++) {
            for (int x = Math.max(0, (int) Math.floor(minX)); x <= Math.min(width - 1, (int) Math.ceil(maxX)); x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                boolean inside = true;
                for (int i = 0; i < n && inside; i++) {
                    int j = (i + 1) % n;
                    double cross = (xs[j] - xs[i]) * (py - ys[i]) - (ys[j] - ys[i]) * (px - xs[i]);
                    inside = cross * sign >= 0;
                }
                if (inside) {
                    mask.set(x, y, true);
                }
            }
        }
    }

    /** Widens the recorded extent of a mask to cover a rectangle. */
    private void grow(Mask mask, int x0, int y0, int x1, int y1) {
        int[] e = extents.get(mask);
        if (e == null) {
            extents.put(mask, new int[] {x0, y0, x1, y1});
        } else {
            e[0] = Math.min(e[0], x0);
            e[1] = Math.min(e[1], y0);
            e[2] = Math.max(e[2], x1);
            e[3] = Math.max(e[3], y1);
        }
    }

    /** The tight box of a mask, scanning only where it was drawn (plus a margin for noise) when known. */
    private BoundingBox box(Mask m) {
        int[] e = extents.get(m);
        return e == null ? tightBox(m) : tightBox(m, e[0] - 3, e[1] - 3, e[2] + 3, e[3] + 3);
    }

    /**
     * The convex polygon (orientation {@code sign}) with its edges moved outwards by {@code grow}:
     * by intersecting neighbouring moved edges when growing, by clipping with each moved edge's
     * half-plane when shrinking (so a narrow tip is cut back rather than turned inside out).
     */
    private static double[][] offset(double[] xs, double[] ys, double sign, double grow) {
        int n = xs.length;
        double minWidth = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ex = xs[j] - xs[i];
            double ey = ys[j] - ys[i];
            double len = Math.hypot(ex, ey);
            if (len < 1e-9) {
                continue;
            }
            double widest = 0;
            for (int k = 0; k < n; k++) {
                widest = Math.max(widest, Math.abs((xs[k] - xs[i]) * ey - (ys[k] - ys[i]) * ex) / len);
            }
            minWidth = Math.min(minWidth, widest);
        }
        if (grow < 0) {
            // Never thinner than a pixel anywhere: across the shape, and at a quad's narrow end.
            double limit = (minWidth - 1) / 2;
            if (n == 4) {
                for (int i = 0; i < n; i++) {
                    int j = (i + 1) % n;
                    limit = Math.min(limit, (Math.hypot(xs[j] - xs[i], ys[j] - ys[i]) - 1) / 2);
                }
            }
            grow = -Math.min(-grow, Math.max(0, limit));
        }
        double[] nx = new double[n];
        double[] ny = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ex = xs[j] - xs[i];
            double ey = ys[j] - ys[i];
            double len = Math.max(1e-12, Math.hypot(ex, ey));
            // Outward normal: to the right of the edge for a counter-clockwise (sign > 0) polygon.
            nx[i] = sign * ey / len;
            ny[i] = -sign * ex / len;
            c[i] = nx[i] * xs[i] + ny[i] * ys[i] + grow;
        }
        if (grow < 0) {
            List<double[]> poly = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                poly.add(new double[] {xs[i], ys[i]});
            }
            for (int e = 0; e < n && poly.size() >= 3; e++) {
                List<double[]> out = new ArrayList<>();
                for (int i = 0; i < poly.size(); i++) {
                    double[] a = poly.get(i);
                    double[] b = poly.get((i + 1) % poly.size());
                    double da = nx[e] * a[0] + ny[e] * a[1] - c[e];
                    double db = nx[e] * b[0] + ny[e] * b[1] - c[e];
                    if (da <= 0) {
                        out.add(a);
                    }
                    if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
                        double t = da / (da - db);
                        out.add(new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
                    }
                }
                poly = out;
            }
            double[][] result = new double[2][poly.size()];
            for (int i = 0; i < poly.size(); i++) {
                result[0][i] = poly.get(i)[0];
                result[1][i] = poly.get(i)[1];
            }
            return result;
        }
        double[] ox = new double[n];
        double[] oy = new double[n];
        for (int i = 0; i < n; i++) {
            int prev = (i + n - 1) % n;
            double det = nx[prev] * ny[i] - ny[prev] * nx[i];
            if (Math.abs(det) < 1e-9) {
                ox[i] = xs[i] + nx[i] * grow;
                oy[i] = ys[i] + ny[i] * grow;
            } else {
                ox[i] = (c[prev] * ny[i] - ny[prev] * c[i]) / det;
                oy[i] = (nx[prev] * c[i] - c[prev] * nx[i]) / det;
            }
        }
        return new double[][] {ox, oy};
    }

    private double uniform(double lo, double hi) {
        return uniform(random, lo, hi);
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
