package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.Point2D;
import org.junit.jupiter.api.Test;

class HomographyTest {

    @Test
    void untiltedPose_isScaleRotationAndShift() {
        Homography h = Homography.pose(50, 40, 2, 0, 0, 90, 500, 300, 200);
        Point2D.Double centre = h.apply(50, 40);
        Point2D.Double right = h.apply(60, 40);
        assertThat(centre.x).isCloseTo(300, within(1e-9));
        assertThat(centre.y).isCloseTo(200, within(1e-9));
        // 10 canvas pixels to the right, scaled by 2 and turned 90 degrees clockwise on screen: 20 pixels down.
        assertThat(right.x).isCloseTo(300, within(1e-9));
        assertThat(right.y).isCloseTo(220, within(1e-9));
    }

    @Test
    void yaw_foreshortensAcrossAndKeepsTheCentre() {
        // Golden values: a 30 degree yaw at distance 1000 seen through f = 1000.
        Homography h = Homography.pose(0, 0, 1, 30, 0, 0, 1000, 0, 0);
        Point2D.Double p = h.apply(100, 0);
        double expectedX = 1000 * 100 * Math.cos(Math.toRadians(30)) / (1000 - 100 * Math.sin(Math.toRadians(30)));
        assertThat(p.x).isCloseTo(expectedX, within(1e-9));
        assertThat(p.x).isCloseTo(91.16057, within(1e-5));
        assertThat(p.y).isCloseTo(0, within(1e-9));
        assertThat(h.apply(0, 0).x).isCloseTo(0, within(1e-12));
    }

    @Test
    void inverse_undoesTheMap() {
        Homography h = Homography.pose(120, 80, 0.7, 25, -18, 33, 600, 640, 360);
        Point2D.Double there = h.apply(17, 230);
        Point2D.Double back = h.inverse().apply(there);
        assertThat(back.x).isCloseTo(17, within(1e-9));
        assertThat(back.y).isCloseTo(230, within(1e-9));
    }

    @Test
    void after_composesRightToLeft() {
        Homography shift = Homography.translation(10, -5);
        Homography scale = Homography.scale(2, 3);
        Point2D.Double p = shift.after(scale).apply(1, 1);
        assertThat(p.x).isCloseTo(12, within(1e-12));
        assertThat(p.y).isCloseTo(-2, within(1e-12));
    }
}
