package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.camera.ColourVideo;
import io.meterreader.camera.FrameSource;
import io.meterreader.camera.FrameSources;
import io.meterreader.camera.Sleeper;
import io.meterreader.config.CameraProperties;
import io.meterreader.config.CameraUrl;
import io.meterreader.config.RtspClient;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H.265 camera (GStreamer's RTSP server, rtph265pay) read by the native RTSP client: the
 * depacketizer's H.265 rules and FFmpeg's HEVC decoder on a real stream. The clip is made with
 * Debian's ffmpeg and libx265 (the bundled FFmpeg encodes no H.265 on a CPU).
 */
class H265CameraTest {

    /** BGR colour of each second of the clip. */
    private static final int[][] COLOURS = {{30, 30, 200}, {200, 30, 30}, {30, 200, 30}, {200, 200, 30}, {30, 200, 200},
        {200, 30, 200}};

    @TempDir
    Path dir;

    @Test
    void h265Camera_isReadNatively_thenKeyFramesOnly() throws Exception {
        assumeTrue(RtspServer.available(), "GStreamer's RTSP server is not installed");
        Path h264 = dir.resolve("colours.mp4");
        ColourVideo.write(h264, "mp4", 320, 240, 10, COLOURS);
        Path h265 = dir.resolve("colours-h265.mp4");
        assumeTrue(ColourVideo.reencode(h264, h265, "-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
                "keyint=10:min-keyint=10:bframes=0:log-level=error", "-tag:v", "hvc1"), "no ffmpeg with libx265");

        int port = RtspServer.freePort();
        try (RtspServer server = new RtspServer(port, Map.of("cam1", h265), dir.resolve("plays.log"), "h265")) {
            server.start();
            CameraProperties camera = new CameraProperties("cam1", CameraUrl.of(server.url("cam1")), Duration.ofSeconds(1),
                    /* keyframesOnly= */ true, Duration.ofSeconds(5), null, RtspClient.NATIVE,
                    CameraProperties.DEFAULT_FREEZE_TIMEOUT);
            List<Integer> seconds = new ArrayList<>();
            try (FrameSource source = FrameSources.forCamera(camera, Clock.systemUTC(), Sleeper.SYSTEM)) {
                assertThat(source.toString()).startsWith("RtspFrameSource");
                source.open();
                Instant due = Instant.MIN;
                for (Frame f; seconds.size() < 5 && (f = source.grab(due)) != null; ) {
                    assertThat(f.width()).isEqualTo(320);
                    assertThat(f.height()).isEqualTo(240);
                    seconds.add(ColourVideo.secondOf(f, COLOURS));
                    due = f.captureTime().plusMillis(800);
                }
            }
            // Each picture one second's colour (none smeared between two). Until two key frames have
            // come every frame is decoded, so the second read falls 0.8 s into the first second; then
            // the key frames only, one a second.
            assertThat(seconds).containsExactly(0, 0, 2, 3, 4);
        }
    }
}
