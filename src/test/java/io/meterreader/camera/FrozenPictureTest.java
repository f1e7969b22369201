package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.Frame;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrozenPictureTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private static Frame picture(int shade) {
        byte[] bgr = new byte[4 * 4 * 3];
        java.util.Arrays.fill(bgr, (byte) shade);
        return new Frame("cam1", shade, T0, 4, 4, bgr);
    }

    @Test
    void samePicture_isUnchangedForAsLongAsItStays_andAnyPixelChangesIt() {
        FrozenPicture p = new FrozenPicture();
        assertThat(p.unchangedFor(picture(7), T0)).isZero();
        assertThat(p.unchangedFor(picture(7), T0.plusSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        Frame oneOff = picture(7);
        oneOff.bgr()[17] = 8;
        assertThat(p.unchangedFor(oneOff, T0.plusSeconds(31))).isZero();
    }

    @Test
    void frozenPicture_isHeldBackUntilItHasChangedInFiveFramesOverFourSeconds() {
        FrozenPicture p = new FrozenPicture();
        p.unchangedFor(picture(7), T0);
        p.frozen();
        // A relay settling, read every 100 ms: different frames for almost four seconds...
        Instant t = T0;
        for (int i = 1; i <= 10; i++) {
            t = t.plusMillis(100);
            p.unchangedFor(picture(7 + i), t);
        }
        assertThat(p.holdsBack()).as("ten changes in one second").isTrue();
        for (int i = 11; i <= 40; i++) {
            t = t.plusMillis(100);
            p.unchangedFor(picture(7 + i), t);
        }
        assertThat(p.holdsBack()).as("forty changes in four seconds, less a tenth").isTrue();
        p.unchangedFor(picture(47), t.plusMillis(100));   // ...then the same picture again
        // A live camera again: a different picture every second.
        for (int i = 1; i <= 5; i++) {
            t = t.plusSeconds(1);
            p.unchangedFor(picture(100 + i), t);
            assertThat(p.holdsBack()).as("after %d changes", i).isEqualTo(i < 5);
        }
    }
}
