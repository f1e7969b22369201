package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyFrameSpacingTest {

    private final KeyFrameSpacing spacing = new KeyFrameSpacing(Duration.ofSeconds(1));   // limit 1.5 s

    @Test
    void oneKeyFrame_isNotEnoughToKnow() {
        spacing.keyFrameAt(0);
        assertThat(spacing.oftenEnough()).isFalse();
    }

    @Test
    void keyFramesASecondApart_areOftenEnough_untilTheyStop() {
        spacing.keyFrameAt(0);
        spacing.keyFrameAt(1_000_000);
        assertThat(spacing.oftenEnough()).isTrue();
        assertThat(spacing.oftenEnough(2_400_000)).isTrue();
        assertThat(spacing.oftenEnough(2_600_000)).as("no key frame for 1.6 s").isFalse();
    }

    @Test
    void keyFramesTwoSecondsApart_areTooRare_andResetForgets() {
        spacing.keyFrameAt(0);
        spacing.keyFrameAt(2_000_000);
        assertThat(spacing.oftenEnough()).isFalse();
        spacing.keyFrameAt(3_000_000);
        assertThat(spacing.oftenEnough()).isTrue();
        spacing.reset();
        assertThat(spacing.oftenEnough()).isFalse();
    }
}
