package io.meterreader.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundingBoxTest {

    @Test
    void iou_ofHalfOverlappingBoxes_isOneThird() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        BoundingBox b = new BoundingBox(5, 0, 10, 10);

        assertThat(a.iou(b)).isCloseTo(50.0 / 150.0, within(1e-12));
    }

    @Test
    void iou_ofDisjointBoxes_isZero() {
        assertThat(new BoundingBox(0, 0, 1, 1).iou(new BoundingBox(2, 2, 1, 1))).isZero();
    }

    @Test
    void clip_keepsBoxInsideImage() {
        BoundingBox clipped = new BoundingBox(-5, 10, 20, 100).clip(100, 50);

        assertThat(clipped).isEqualTo(new BoundingBox(0, 10, 15, 40));
    }

    @Test
    void imageRegionCrop_roundsOutwardAndClips() {
        byte[] px = new byte[100 * 50 * 3];
        ImageRegion r = ImageRegion.crop(px, 100, 50, new BoundingBox(10.4, 20.6, 9.2, 100));

        assertThat(r.x()).isEqualTo(10);
        assertThat(r.y()).isEqualTo(20);
        assertThat(r.width()).isEqualTo(10);
        assertThat(r.height()).isEqualTo(30);
        assertThat(r.offset(1, 1)).isEqualTo((21 * 100 + 11) * 3);
    }
}
