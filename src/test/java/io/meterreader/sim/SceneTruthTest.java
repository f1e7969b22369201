package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import org.junit.jupiter.api.Test;

/** The truth of whole training scenes, after tilt, rotation, occlusion and every other step. */
class SceneTruthTest {

    private static final int SCENES = 12;

    @Test
    void boxes_containTheirPolygons() {
        int pointers = 0;
        for (int i = 0; i < SCENES; i++) {
            SceneFrame frame = TrainingSamples.render(77, i);
            for (SceneGauge g : frame.gauges()) {
                BoundingBox box = g.box();
                assertThat(box.x()).isGreaterThanOrEqualTo(0);
                assertThat(box.y2()).isLessThanOrEqualTo(frame.height());
                if (g.type() == GaugeType.POINTER) {
                    pointers++;
                    assertInside(g.geometry().needle(), box);
                    for (double[] tick : g.geometry().ticks()) {
                        assertInside(tick, box);
                    }
                    assertThat(box.contains(g.geometry().center()[0], g.geometry().center()[1])).isTrue();
                } else {
                    BoundingBox level = g.geometry().levelBox();
                    assertThat(level.x()).isGreaterThanOrEqualTo(box.x() - 1e-6);
                    assertThat(level.x2()).isLessThanOrEqualTo(box.x2() + 1e-6);
                    assertThat(level.centerY()).isBetween(box.y() - 1e-6, box.y2() + 1e-6);
                }
            }
        }
        assertThat(pointers).isGreaterThan(SCENES / 2);
    }

    @Test
    void cropPolygons_stayInsideTheirCrops() {
        for (int i = 0; i < SCENES; i++) {
            SceneFrame frame = TrainingSamples.render(78, i);
            for (SceneGauge g : frame.gauges()) {
                if (g.type() != GaugeType.POINTER) {
                    continue;
                }
                SegCrop crop = SegCrop.of(g, frame.width(), frame.height(), Rng.forItem(1, i));
                BoundingBox whole = new BoundingBox(0, 0, crop.width(), crop.height());
                assertThat(crop.x()).isGreaterThanOrEqualTo(0);
                assertThat(crop.x() + crop.width()).isLessThanOrEqualTo(frame.width());
                assertInside(crop.needle(), whole);
                crop.ticks().forEach(t -> assertInside(t, whole));
                // The crop is the box grown by 10% a side, give or take the 5% jitter.
                assertThat((double) crop.width()).isBetween(g.box().width() * 1.14 - 2, g.box().width() * 1.26 + 2);
            }
        }
    }

    private static void assertInside(double[] polygon, BoundingBox box) {
        for (int k = 0; k < polygon.length; k += 2) {
            assertThat(polygon[k]).isBetween(box.x() - 1e-6, box.x2() + 1e-6);
            assertThat(polygon[k + 1]).isBetween(box.y() - 1e-6, box.y2() + 1e-6);
        }
    }
}
