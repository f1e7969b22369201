package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PointerGaugeTest {

    /** A random gauge without glass effects, so that pixels show exactly the printed colours. */
    private static PointerGauge clean(long seed, double diameter) {
        PointerStyle style = PointerStyle.random(new Rng(seed));
        style.glare = 0;
        style.fog = 0;
        style.dirt = 0;
        style.shadow = 0;
        return new PointerGauge(style, diameter);
    }

    private static double angleOf(double dx, double dy) {
        // Degrees clockwise from 12 o'clock on screen (y down).
        return Math.toDegrees(Math.atan2(dx, -dy));
    }

    private static double angleDiff(double a, double b) {
        double d = (a - b) % 360;
        return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
    }

    @Test
    void needleTip_liesAtTheAngleTheFractionImplies() {
        for (long seed = 0; seed < 40; seed++) {
            PointerGauge gauge = clean(seed, 300);
            double fraction = new Rng(seed + 1000).uniform();
            GaugeGeometry g = gauge.geometry(fraction);
            double cx = g.center()[0], cy = g.center()[1];
            double best = -1;
            for (int k = 0; k < g.needle().length; k += 2) {
                best = Math.max(best, Math.hypot(g.needle()[k] - cx, g.needle()[k + 1] - cy));
            }
            // A blunt tip has two outermost corners; its middle is the tip.
            double sx = 0, sy = 0;
            for (int k = 0; k < g.needle().length; k += 2) {
                if (Math.hypot(g.needle()[k] - cx, g.needle()[k + 1] - cy) > best - 0.02 * gauge.faceRadius()) {
                    sx += g.needle()[k] - cx;
                    sy += g.needle()[k + 1] - cy;
                }
            }
            double tipAngle = angleOf(sx, sy);
            double expected = g.arcStartDeg() + fraction * g.arcSpanDeg();
            assertThat(angleDiff(tipAngle, expected)).as("seed %d", seed).isCloseTo(0, within(0.5));
            assertThat(best).isCloseTo(gauge.tipRadius(), within(0.01 * gauge.tipRadius() + 0.5));
        }
    }

    @Test
    void needle_isPaintedWhereItsPolygonIs() {
        for (long seed = 0; seed < 30; seed++) {
            PointerGauge gauge = clean(seed, 600);
            double fraction = new Rng(seed + 7).uniform();
            GaugeGeometry g = gauge.geometry(fraction);
            BufferedImage img = gauge.render(fraction);
            double a = Math.toRadians(g.arcStartDeg() + fraction * g.arcSpanDeg());
            double r = gauge.tipRadius() * 0.6;
            int x = (int) Math.round(g.center()[0] + r * Math.sin(a));
            int y = (int) Math.round(g.center()[1] - r * Math.cos(a));
            Color pixel = new Color(img.getRGB(x, y));
            Color needle = gauge.style().needleColor;
            Color face = gauge.style().face;
            assertThat(distance(pixel, needle)).as("seed %d", seed).isLessThan(distance(pixel, face));
        }
    }

    @Test
    void ticks_lieOnTheArcInScaleOrder() {
        for (long seed = 0; seed < 40; seed++) {
            PointerGauge gauge = clean(seed, 300);
            GaugeGeometry g = gauge.geometry(0.5);
            PointerStyle s = gauge.style();
            int count = g.ticks().size() - 1;
            assertThat(count).isEqualTo(s.majors * s.subdivisions);
            double rf = gauge.faceRadius();
            for (int i = 0; i <= count; i++) {
                double[] c = Polygons.centroid(g.ticks().get(i));
                double dx = c[0] - g.center()[0], dy = c[1] - g.center()[1];
                double expected = g.arcStartDeg() + g.arcSpanDeg() * i / count;
                assertThat(angleDiff(angleOf(dx, dy), expected)).as("seed %d tick %d", seed, i).isCloseTo(0, within(1e-6));
                double r = Math.hypot(dx, dy);
                assertThat(r).isBetween((s.tickOuter - s.majorLength) * rf - 1e-9, s.tickOuter * rf + 1e-9);
            }
        }
    }

    @Test
    void majorTicks_arePaintedWhereTheirPolygonsAre() {
        int checked = 0;
        for (long seed = 0; seed < 20; seed++) {
            PointerGauge gauge = clean(seed, 400);
            PointerStyle s = gauge.style();
            if (!s.bands.isEmpty() || s.majorWidth * gauge.faceRadius() < 4) {
                continue;
            }
            GaugeGeometry g = gauge.geometry(0.5);
            BufferedImage img = gauge.render(0.5);
            for (int i = 0; i < g.ticks().size(); i += s.subdivisions) {
                double[] c = Polygons.centroid(g.ticks().get(i));
                Color pixel = new Color(img.getRGB((int) Math.round(c[0]), (int) Math.round(c[1])));
                if (distance(pixel, s.needleColor) < 1 && distance(s.needleColor, s.marks) > 60) {
                    continue; // the needle lies over this tick
                }
                assertThat(distance(pixel, s.marks)).as("seed %d tick %d", seed, i).isLessThan(distance(pixel, s.face));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void secondaryScale_paintsARingOfItsOwnInside_thatTheTruthLeavesOut() {
        int checked = 0;
        for (long seed = 0; seed < 60 && checked < 5; seed++) {
            PointerGauge plain = clean(seed, 500);
            PointerStyle s = plain.style();
            if (s.numeralsOutside || !Set.of("bar", "MPa", "kPa", "psi", "°C").contains(s.range.unit())) {
                continue;
            }
            PointerGauge dual = clean(seed, 500);
            plain.style().secondaryScale = false;
            dual.style().secondaryScale = true;
            BufferedImage without = new PointerGauge(plain.style(), 500).render(0.5);
            BufferedImage with = new PointerGauge(dual.style(), 500).render(0.5);
            GaugeGeometry g = plain.geometry(0.5);
            assertThat(g.ticks()).hasSize(s.majors * s.subdivisions + 1);
            // Pixels the second scale changed to its colour, by distance from the pivot.
            double rf = plain.faceRadius();
            double tickInner = (s.tickOuter - s.majorLength) * rf;
            int inside = 0;
            int outside = 0;
            for (int[] p : painted(without, with, s.secondaryColor)) {
                if (Math.hypot(p[0] - g.center()[0], p[1] - g.center()[1]) < tickInner) {
                    inside++;
                } else {
                    outside++;
                }
            }
            assertThat(inside).as("seed %d", seed).isGreaterThan(500);
            assertThat(outside).as("seed %d", seed).isLessThan(inside / 20);
            checked++;
        }
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void dragPointer_isPaintedAtItsOwnFraction_andTheTruthLeavesItOut() {
        int checked = 0;
        for (long seed = 0; seed < 10; seed++) {
            PointerGauge plain = clean(seed, 400);
            PointerGauge dragged = clean(seed, 400);
            plain.style().dragColor = null;
            dragged.style().dragColor = new Color(205, 30, 30);
            dragged.style().dragFraction = 0.8;
            if (Colors.distance(plain.style().needleColor, dragged.style().dragColor) < 80) {
                continue;
            }
            BufferedImage without = new PointerGauge(plain.style(), 400).render(0.2);
            BufferedImage with = new PointerGauge(dragged.style(), 400).render(0.2);
            GaugeGeometry g = plain.geometry(0.2);
            assertThat(new PointerGauge(dragged.style(), 400).geometry(0.2).needle()).isEqualTo(g.needle());
            // Changed pixels of the drag pointer's colour lie along the line of fraction 0.8.
            double along = plain.angleAt(0.8);
            int onRay = 0;
            int elsewhere = 0;
            for (int[] p : painted(without, with, dragged.style().dragColor)) {
                double dx = p[0] - g.center()[0];
                double dy = p[1] - g.center()[1];
                double off = Math.abs(angleDiff(angleOf(dx, dy), along));
                // Along the pointer, or along its short tail behind the pivot.
                if (Math.hypot(dx, dy) > 10 && (off < 4 || off > 176)) {
                    onRay++;
                } else {
                    elsewhere++;
                }
            }
            assertThat(onRay).as("seed %d", seed).isGreaterThan(100);
            assertThat(elsewhere).as("seed %d", seed).isLessThan(onRay / 5);
            checked++;
        }
        assertThat(checked).isGreaterThan(5);
    }

    @Test
    void aSixthOrSoOfRandomGauges_haveADragPointer_neverOfTheNeedlesColour() {
        int dragged = 0;
        for (long seed = 0; seed < 400; seed++) {
            PointerStyle s = PointerStyle.random(new Rng(seed));
            if (s.dragColor != null) {
                dragged++;
                assertThat(Colors.distance(s.dragColor, s.needleColor)).isGreaterThanOrEqualTo(60);
                assertThat(s.dragFraction).isBetween(0.0, 1.0);
            }
        }
        assertThat(dragged).isBetween(30, 90);
    }

    @Test
    void warpedTicks_matchWarpedPixels() {
        PointerGauge gauge = clean(3, 300);
        PointerStyle s = gauge.style();
        Homography h = Homography.pose(gauge.anchorX(), gauge.anchorY(), 1, 28, -15, 20, 900, 400, 300);
        int w = 800, hgt = 600;
        BufferedImage scene = new BufferedImage(w, hgt, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) scene.getRaster().getDataBuffer()).getData();
        Compositor.composite(gauge.render(0.3), h, bgr, w, hgt, 0, 0, 0, 0);
        GaugeGeometry g = gauge.geometry(0.3).warped(h);
        int hits = 0;
        for (int i = 0; i < g.ticks().size(); i += s.subdivisions) {
            double[] c = Polygons.centroid(g.ticks().get(i));
            Color pixel = new Color(scene.getRGB((int) Math.round(c[0]), (int) Math.round(c[1])));
            if (distance(pixel, s.marks) < distance(pixel, s.face)) {
                hits++;
            }
        }
        assertThat(hits).isGreaterThanOrEqualTo(s.majors);
    }

    /** The pixels (x, y) that differ between two renders, the second's within 60 of a colour there. */
    private static List<int[]> painted(BufferedImage without, BufferedImage with, Color colour) {
        List<int[]> out = new ArrayList<>();
        for (int y = 0; y < with.getHeight(); y++) {
            for (int x = 0; x < with.getWidth(); x++) {
                if (with.getRGB(x, y) != without.getRGB(x, y) && distance(new Color(with.getRGB(x, y)), colour) <= 60) {
                    out.add(new int[] {x, y});
                }
            }
        }
        return out;
    }

    private static double distance(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue());
    }
}
