package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.ImageRegion;
import io.meterreader.gauge.PointerViews;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFrameReaderTest {

    private static final ImageRegion FRAME = ImageRegion.whole(new byte[640 * 480 * 3], 640, 480);

    @Test
    void cropsOf_cutOneCropPerViewMargin_roundedOutAndClippedToTheFrame() {
        List<ImageRegion> crops = ModelFrameReader.cropsOf(FRAME, new BoundingBox(100.5, 190.5, 100, 100),
                PointerViews.margins(2));

        assertThat(crops).extracting(ImageRegion::box).containsExactly(
                new BoundingBox(94, 184, 113, 113), new BoundingBox(86, 176, 129, 129));
    }

    @Test
    void cropsOf_aBoxInsideARegion_isCutInTheWholeImagesPixels() {
        ImageRegion region = ImageRegion.crop(FRAME.bgr(), 640, 480, new BoundingBox(200, 100, 300, 300));

        List<ImageRegion> crops = ModelFrameReader.cropsOf(region, new BoundingBox(10, 10, 50, 50), PointerViews.margins(1));

        assertThat(crops).extracting(ImageRegion::box).containsExactly(new BoundingBox(205, 105, 60, 60));
    }

    @Test
    void cropsOf_aGaugeTooSmallToSegment_givesNoCrop() {
        assertThat(ModelFrameReader.cropsOf(FRAME, new BoundingBox(10, 10, 5, 5), PointerViews.margins(2))).isEmpty();
        assertThat(ModelFrameReader.cropsOf(FRAME, new BoundingBox(700, 500, 20, 20), PointerViews.margins(2))).isEmpty();
    }
}
