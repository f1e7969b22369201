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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose H.264 stream has B-frames (pictures sent before the earlier ones they are shown
 * after), read by the native RTSP client with every picture decoded: both with the decoder a
 * key-frames-only camera opens (low delay, which outputs each picture from the packet that holds
 * it), used while key frames come too seldom for the read interval, and with the ordinary one.
 * Every picture must come out, once, in the order it is shown, whole. The clip is made with
 * Debian's ffmpeg and libx264 (the bundled FFmpeg's encoder writes no B-frames).
 */
class BFrameCameraTest {

    private static final int FPS = 10;
    /** BGR colour of each second of the clip. */
    private static final int[][] COLOURS = {{30, 30, 200}, {200, 30, 30}, {30, 200, 30}, {200, 200, 30}, {30, 200, 200},
        {200, 30, 200}, {120, 120, 120}};

    @TempDir
    Path dir;

    @Test
    void bFrameCamera_givesEveryPictureInOrder_withEitherDecoder() throws Exception {
        assumeTrue(RtspServer.available(), "GStreamer's RTSP server is not installed");
        Path plain = dir.resolve("colours.mp4");
        ColourVideo.write(plain, "mp4", 320, 240, FPS, COLOURS);
        Path clip = dir.resolve("colours-b.mp4");
        // Two B-frames between references throughout, and one key frame in 4 s: more seldom than
        // the read interval, so a key-frames-only camera decodes every picture.
        assumeTrue(ColourVideo.reencode(plain, clip, "-c:v", "libx264", "-preset", "ultrafast", "-x264-params",
                "bframes=2:b-adapt=0:keyint=40:min-keyint=40:scenecut=0"), "no ffmpeg with libx264");
        assertThat(bFrames(clip)).as("B-frames in the clip").isGreaterThan(COLOURS.length * FPS / 2);

        List<Integer> expected = new ArrayList<>();
        // All but the last second: at the end of the clip the decoder still holds the pictures
        // its reordering waits on (a live camera's stream does not end).
        for (int s = 0; s < COLOURS.length - 1; s++) {
            for (int i = 0; i < FPS; i++) {
                expected.add(s);
            }
        }
        int port = RtspServer.freePort();
        try (RtspServer server = new RtspServer(port, Map.of("cam1", clip), dir.resolve("plays.log"), "h264")) {
            server.start();
            for (boolean keyframesOnly : new boolean[] {true, false}) {
                CameraProperties camera = new CameraProperties("cam1", CameraUrl.of(server.url("cam1")),
                        Duration.ofMillis(200), keyframesOnly, Duration.ofSeconds(5), null, RtspClient.NATIVE,
                        CameraProperties.DEFAULT_FREEZE_TIMEOUT);
                List<Integer> seconds = new ArrayList<>();
                try (FrameSource source = FrameSources.forCamera(camera, Clock.systemUTC(), Sleeper.SYSTEM)) {
                    assertThat(source.toString()).startsWith("RtspFrameSource");
                    source.open();
                    for (Frame f; seconds.size() < expected.size() && (f = source.grab(Instant.MIN)) != null; ) {
                        seconds.add(ColourVideo.secondOf(f, COLOURS));
                    }
                }
                // Each second's colour on ten pictures, none out of order (a B-frame shown
                // before the reference after it would put a second's colour after the next one's)
                // or smeared (-1).
                assertThat(seconds).as("keyframes-only " + keyframesOnly).containsExactlyElementsOf(expected);
            }
        }
    }

    /** How many B-frames the clip holds, as ffprobe counts them. */
    private static int bFrames(Path clip) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "frame=pict_type", "-of", "csv=p=0", clip.toString()).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "no ffprobe");
        return (int) out.lines().filter(l -> l.strip().equals("B")).count();
    }
}
