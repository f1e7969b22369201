package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.Area;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonsTest {

    @Test
    void clip_keepsOnlyThePartInsideTheRectangle() {
        double[] square = {-5, -5, 5, -5, 5, 5, -5, 5};
        double[] clipped = Polygons.clip(square, 0, 0, 10, 10);
        assertThat(Math.abs(Polygons.area(clipped))).isCloseTo(25, within(1e-9));
        for (int k = 0; k < clipped.length; k++) {
            assertThat(clipped[k]).isBetween(0.0, 5.0);
        }
    }

    @Test
    void clip_ofAPolygonOutside_isEmpty() {
        assertThat(Polygons.clip(new double[] {20, 20, 30, 20, 30, 30}, 0, 0, 10, 10)).isEmpty();
    }

    @Test
    void single_joinsPiecesWithoutChangingTheirArea() {
        Area a = new Area(new Rectangle2D.Double(0, 0, 10, 2));
        a.add(new Area(new Rectangle2D.Double(20, 0, 5, 2)));
        List<double[]> pieces = Polygons.of(a, 0.1);
        assertThat(pieces).hasSize(2);
        double[] joined = Polygons.single(pieces);
        assertThat(Math.abs(Polygons.area(joined))).isCloseTo(30, within(1e-9));
        assertThat(joined.length).isEqualTo(pieces.get(0).length + pieces.get(1).length + 4);
    }

    @Test
    void of_dropsHoles() {
        Area ring = new Area(new Rectangle2D.Double(0, 0, 10, 10));
        ring.subtract(new Area(new Rectangle2D.Double(3, 3, 4, 4)));
        List<double[]> outlines = Polygons.of(ring, 0.1);
        assertThat(outlines).hasSize(1);
        assertThat(Math.abs(Polygons.area(outlines.get(0)))).isCloseTo(100, within(1e-9));
    }
}
