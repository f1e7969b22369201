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
        FrozenPicture p = new FrozenPicture(Duration.ofSeconds(60));
        assertThat(p.unchangedFor(picture(7), T0)).isZero();
        assertThat(p.unchangedFor(picture(7), T0.plusSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        Frame oneOff = picture(7);
        oneOff.bgr()[17] = 8;
        assertThat(p.unchangedFor(oneOff, T0.plusSeconds(31))).isZero();
    }

    @Test
    void frozenPicture_isHeldBackThroughARelaysSettling_untilItHasChangedForTheFreezeTimeout() {
        FrozenPicture p = new FrozenPicture(Duration.ofSeconds(20));
        p.unchangedFor(picture(7), T0);
        p.frozen();
        // A relay's encoder settling after a reconnection, read every second: ten different frames...
        Instant t = T0;
        for (int i = 1; i <= 10; i++) {
            t = t.plusSeconds(1);
            p.unchangedFor(picture(7 + i), t);
        }
        assertThat(p.holdsBack()).as("ten changes in ten seconds").isTrue();
        // ...then the same picture again, for longer than a quarter of the timeout
        for (int i = 1; i <= 8; i++) {
            t = t.plusSeconds(1);
            p.unchangedFor(picture(17), t);
        }
        // A live camera again: a different picture every second, now and then one repeated.
        int shade = 100;
        for (int second = 1; second <= 25; second++) {
            t = t.plusSeconds(1);
            p.unchangedFor(picture(second % 7 == 3 ? shade : ++shade), t);
            assertThat(p.holdsBack()).as("after %d s of a live picture", second).isEqualTo(second < 21);   // the run began at its first second
        }
    }

    @Test
    void aShortFreezeTimeout_stillNeedsFiveChangesOverFourSeconds() {
        FrozenPicture p = new FrozenPicture(Duration.ofSeconds(2));
        p.unchangedFor(picture(7), T0);
        p.frozen();
        Instant t = T0;
        for (int i = 1; i <= 40; i++) {
            t = t.plusMillis(100);
            p.unchangedFor(picture(7 + i), t);
        }
        assertThat(p.holdsBack()).as("forty changes in four seconds less a tenth").isTrue();
        p.unchangedFor(picture(48), t.plusMillis(100));
        assertThat(p.holdsBack()).isFalse();
    }
}
