package io.meterreader.inference.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.BoundingBox;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void wideFrame_isScaledToFullWidthAndPaddedTopAndBottom() {
        Letterbox lb = Letterbox.of(1920, 1080, 640, 640);
        assertThat(lb).isEqualTo(new Letterbox(1920, 1080, 640, 640, 640, 360, 0, 140));
    }

    @Test
    void oddPadding_putsTheExtraPixelAtTheBottom() {
        // 100x51 -> 64x33 in 64x64: 31 rows of padding, Ultralytics puts 15 above and 16 below
        Letterbox lb = Letterbox.of(100, 51, 64, 64);
        assertThat(lb.resizedHeight()).isEqualTo(33);
        assertThat(lb.padTop()).isEqualTo(15);
        assertThat(lb.padLeft()).isZero();
    }

    @Test
    void halfwaySize_roundsHalfToEvenAsPythonDoes() {
        // 4x1 into 10x10: r = 2.5, height 2.5 rounds to 2 (Math.round would give 3)
        Letterbox lb = Letterbox.of(4, 1, 10, 10);
        assertThat(lb.resizedWidth()).isEqualTo(10);
        assertThat(lb.resizedHeight()).isEqualTo(2);
        assertThat(lb.padTop()).isEqualTo(4);
    }

    @Test
    void smallCrop_isScaledUp() {
        Letterbox lb = Letterbox.of(60, 70, 320, 320);
        assertThat(lb.resizedHeight()).isEqualTo(320);
        assertThat(lb.resizedWidth()).isEqualTo(274);
        assertThat(lb.padLeft()).isEqualTo(23);
        assertThat(lb.stepX()).isEqualTo(60f / 274f);
    }

    @Test
    void toSource_mapsInputCornersBackToTheImageAndClips() {
        Letterbox lb = Letterbox.of(200, 100, 64, 64);   // 64x32 at (0, 16)
        assertThat(lb.toSource(0, 16, 64, 48)).isEqualTo(new BoundingBox(0, 0, 200, 100));
        BoundingBox inner = lb.toSource(16, 24, 32, 40);
        assertThat(inner.x()).isCloseTo(50, within(1e-9));
        assertThat(inner.y()).isCloseTo(25, within(1e-9));
        assertThat(inner.width()).isCloseTo(50, within(1e-9));
        assertThat(inner.height()).isCloseTo(50, within(1e-9));
        // a box reaching into the padding is clipped to the image
        assertThat(lb.toSource(-10, 0, 10, 20)).isEqualTo(new BoundingBox(0, 0, 31.25, 12.5));
    }

    @Test
    void emptyImage_isRefused() {
        assertThatThrownBy(() -> Letterbox.of(0, 10, 64, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x10");
    }
}
