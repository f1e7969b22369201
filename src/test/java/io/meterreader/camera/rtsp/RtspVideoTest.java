package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RTSP client against a scripted camera ({@link FakeCamera}) sending a real H.264 clip. */
class RtspVideoTest {

    /** BGR colour of each second of the clip. */
    private static final int[][] COLOURS = {{30, 30, 200}, {200, 30, 30}, {30, 200, 30}};

    @TempDir
    static Path dir;
    static List<List<byte[]>> clip;

    @BeforeAll
    static void encode() throws IOException {
        clip = FakeCamera.clip(dir, COLOURS);
        assertThat(clip).hasSize(COLOURS.length * FakeCamera.FPS);
    }

    @Test
    void digestCamera_keyFramesDecodeToTheirColoursAtTheirStreamTimes() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false);
             RtspVideo video = RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(5),
                     /* keyFramesOnly= */ true)) {
            List<int[]> colours = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            int units = 0;
            while (colours.size() < COLOURS.length) {
                video.next();
                units++;
                if (video.keyFrame()) {
                    assertThat(video.decode()).isTrue();
                    byte[] bgr = video.bgr();
                    assertThat(bgr).hasSize(160 * 120 * 3);
                    int centre = (60 * 160 + 80) * 3;
                    colours.add(new int[] {bgr[centre] & 0xFF, bgr[centre + 1] & 0xFF, bgr[centre + 2] & 0xFF});
                    times.add(video.timeMicros());
                }
            }
            for (int i = 0; i < COLOURS.length; i++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(colours.get(i)[c]).as("second %d channel %d", i, c).isCloseTo(COLOURS[i][c],
                            org.assertj.core.data.Offset.offset(12));
                }
            }
            // Timestamps unwrapped across 2^32 and in microseconds of the 90 kHz clock.
            assertThat(times).containsExactly(0L, 1_000_000L, 2_000_000L);
            assertThat(units).isEqualTo(2 * FakeCamera.FPS + 1);
            assertThat(video.dropped()).isZero();
            assertThat(video.codec()).isEqualTo("H264");
            // The media control came from the SDP, relative to the Content-Base; credentials never in a URL.
            assertThat(camera.requests).contains("SETUP rtsp://127.0.0.1:" + camera.port() + "/live/track1");
            assertThat(camera.requests).noneMatch(r -> r.contains(FakeCamera.PASSWORD) || r.contains("BAD-DIGEST"));
            assertThat(camera.rtcpFromClient).as("a receiver report on the RTCP channel the SETUP answer named")
                    .isNotEmpty().containsOnly(Rtcp.RR);
        }
    }

    @Test
    void pFramesBeforeAKeyFrame_areNotDecoded() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false);
             RtspVideo video = RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(5),
                     /* keyFramesOnly= */ false)) {
            video.next();   // the key frame, left undecoded
            assertThat(video.keyFrame()).isTrue();
            video.next();
            assertThat(video.keyFrame()).isFalse();
            assertThat(video.decode()).as("a P frame whose key frame the decoder never saw").isFalse();
            for (int i = 2; i < FakeCamera.FPS; i++) {
                video.next();
            }
            video.next();
            assertThat(video.keyFrame()).isTrue();
            assertThat(video.decode()).isTrue();
            video.next();
            assertThat(video.decode()).as("the P frame after a decoded key frame").isTrue();
        }
    }

    @Test
    void rtcpByeAfterTheClip_endsTheStream() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false);
             RtspVideo video = RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(5), true)) {
            int units = 0;
            while (video.next()) {
                units++;
            }
            assertThat(units).as("every unit, the sender reports between them not taken for a BYE").isEqualTo(clip.size());
        }
    }

    @Test
    void staleNonceOnAKeepAlive_isRenewedAndTheKeepAliveSentAgain() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false, /* sessionTimeout= */ 2);
             RtspVideo video = RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(5), true)) {
            while (video.next()) {
                // the clip's 3 s, a keep-alive every second
            }
            String keepAlive = "GET_PARAMETER rtsp://127.0.0.1:" + camera.port() + "/live/";
            assertThat(camera.requests).contains(keepAlive + " STALE", keepAlive)
                    .noneMatch(r -> r.endsWith("BAD-DIGEST"));
        }
    }

    @Test
    void aHostNameThatDoesNotResolve_isSaidSo() {
        // .invalid never resolves (RFC 6761)
        assertThatThrownBy(() -> RtspVideo.open("rtsp://op:Secret9@camera-7.invalid/live", Duration.ofSeconds(5), true))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to camera-7.invalid:554: the host name camera-7.invalid does not resolve "
                        + "(a typo, or no DNS for it here)");
    }

    @Test
    void aPathTheCameraHasNoStreamAt_isSaidToBeThePaths() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false)) {
            String url = camera.url(FakeCamera.USER, FakeCamera.PASSWORD).replace("/live", "/stream9");
            assertThatThrownBy(() -> RtspVideo.open(url, Duration.ofSeconds(5), true))
                    .isInstanceOf(IOException.class)
                    .hasMessage("DESCRIBE answered 404 Not Found: the camera has no stream at this path; check the "
                            + "URL's path against the camera's manual (such as /stream1 or /Streaming/Channels/101)");
        }
    }

    @Test
    void wrongPassword_isRefusedWithoutShowingIt() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false)) {
            assertThatThrownBy(() -> RtspVideo.open(camera.url(FakeCamera.USER, "Wr0ngSecret"), Duration.ofSeconds(5), true))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageNotContaining("Wr0ngSecret");
            assertThat(camera.requests).anyMatch(r -> r.startsWith("DESCRIBE") && r.endsWith("BAD-DIGEST"));
        }
    }

    @Test
    void mjpegCamera_isUnsupportedVideo() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "JPEG", false)) {
            assertThatThrownBy(() -> RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(5), true))
                    .isInstanceOf(RtspVideo.UnsupportedStreamException.class)
                    .hasMessageContaining("JPEG");
        }
    }

    @Test
    void redirectingCamera_isUnsupportedStream() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "REDIRECT", false)) {
            assertThatThrownBy(() -> RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(5), true))
                    .isInstanceOf(RtspVideo.UnsupportedStreamException.class)
                    .hasMessageContaining("redirects (302 Found)");
        }
    }

    @Test
    void aCameraThatTakesTheConnection_butNeverAnswers_isSaidSo() throws IOException {
        // a hung camera (the soak audit's server stopped with SIGSTOP): the connection is taken by the
        // kernel, and no RTSP answer ever comes
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RtspVideo.open("rtsp://127.0.0.1:" + hung.getLocalPort() + "/live",
                    Duration.ofSeconds(1), true))
                    .isInstanceOf(java.net.SocketTimeoutException.class)
                    .hasMessage("the camera took the connection but did not answer OPTIONS within 1 s (the camera "
                            + "busy or hung, or another service at this port)");
        }
    }

    @Test
    void silentCamera_stallsAfterTheTimeout() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", true);
             RtspVideo video = RtspVideo.open(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), Duration.ofSeconds(1), true)) {
            long start = System.nanoTime();
            assertThatThrownBy(video::next).isInstanceOf(IOException.class).hasMessageContaining("stalled");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
