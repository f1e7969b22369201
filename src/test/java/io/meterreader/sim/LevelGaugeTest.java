package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.BoundingBox;
import java.awt.geom.Point2D;
import org.junit.jupiter.api.Test;

class LevelGaugeTest {

    @Test
    void levelBox_sitsAtTheFractionsHeight() {
        for (long seed = 0; seed < 30; seed++) {
            LevelGauge gauge = new LevelGauge(LevelStyle.random(new Rng(seed)), 400);
            double fraction = new Rng(seed + 5).uniform();
            GaugeGeometry g = gauge.geometry(fraction);
            BoundingBox glass = g.box();
            BoundingBox level = g.levelBox();
            assertThat(level.centerY()).isCloseTo(glass.y2() - fraction * glass.height(), within(1e-9));
            assertThat(level.height()).isCloseTo(Math.max(glass.width(), 0.12 * glass.height()), within(1e-9));
            assertThat(level.x()).isCloseTo(glass.x(), within(1e-9));
            assertThat(level.width()).isCloseTo(glass.width(), within(1e-9));
        }
    }

    @Test
    void warpedLevelBox_followsTheWarpedSurface() {
        LevelGauge gauge = new LevelGauge(LevelStyle.random(new Rng(11)), 300);
        Homography h = Homography.pose(gauge.anchorX(), gauge.anchorY(), 1, -25, 12, 5, 700, 320, 240);
        double fraction = 0.37;
        GaugeGeometry flat = gauge.geometry(fraction);
        GaugeGeometry g = flat.warped(h);
        BoundingBox flatGlass = flat.box();
        Point2D.Double mid = h.apply(flatGlass.centerX(), flatGlass.y2() - fraction * flatGlass.height());
        assertThat(g.levelBox().centerY()).isCloseTo(mid.y, within(0.5));
        assertThat(g.levelBox().centerX()).isCloseTo(mid.x, within(0.5));
    }

    @Test
    void surface_isPaintedAtTheFractionsHeight() {
        LevelStyle style = LevelStyle.random(new Rng(4));
        style.kind = LevelStyle.Kind.REFLEX;
        style.liquid = java.awt.Color.BLACK;
        style.liquidOpacity = 1;
        style.empty = java.awt.Color.WHITE;
        style.emptyOpacity = 1;
        style.highlights = 0;
        style.dirt = 0;
        style.meniscus = false;
        LevelGauge gauge = new LevelGauge(style, 400);
        double fraction = 0.62;
        GaugeGeometry g = gauge.geometry(fraction);
        var img = gauge.render(fraction);
        int x = (int) Math.round(g.box().centerX());
        double surface = g.levelBox().centerY();
        assertThat(img.getRGB(x, (int) Math.round(surface - 3)) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(img.getRGB(x, (int) Math.round(surface + 3)) & 0xFFFFFF).isEqualTo(0x000000);
    }
}
