package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.CameraUrl;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimFrameSourceTest {

    @Test
    void grab_waitsUntilDueAndRendersTheScene() throws IOException {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        SimFrameSource source = new SimFrameSource("demo-1", CameraUrl.of("sim://demo-1"), time.clock(), time);
        source.open();

        Frame first = source.grab(Instant.MIN);
        Instant due = first.captureTime().plusSeconds(1);
        Frame second = source.grab(due);
        source.close();

        assertThat(first.width()).isEqualTo(1280);
        assertThat(first.height()).isEqualTo(720);
        assertThat(second.captureTime()).isEqualTo(due);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
        assertThat(second.bgr()).isNotEqualTo(new byte[second.bgr().length]);
    }

    @Test
    void unknownParameter_failsToOpen() {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        SimFrameSource source = new SimFrameSource("x", CameraUrl.of("sim://x?meters=99"), time.clock(), time);

        assertThatThrownBy(source::open).isInstanceOf(IOException.class);
    }
}
