package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.config.CameraUrl;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a real H.264 file written by FFmpeg: 4 s at 25 fps with a key frame every second, each
 * second a different solid colour, so frames can be told apart by their pixels.
 */
class FfmpegFrameSourceTest {

    private static final int FPS = 25;
    private static final int SECONDS = 4;
    /** BGR colour of each second of the video. */
    private static final int[][] COLOURS = {{200, 30, 30}, {30, 200, 30}, {30, 30, 200}, {200, 200, 30}};

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void writeVideo() throws Exception {
        video = dir.resolve("colours.mp4");
        ColourVideo.write(video, "mp4", 320, 240, FPS, COLOURS);
    }

    private static FfmpegFrameSource source(Path file, Duration interval, boolean keyframesOnly,
                                            CameraWorkerTest.FakeTime time) {
        return new FfmpegFrameSource("cam1", CameraUrl.of("file:" + file), interval, keyframesOnly,
                Duration.ofSeconds(5), time.clock(), time);
    }

    private static List<Frame> readAll(FfmpegFrameSource source, Duration interval) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Instant due = Instant.MIN;
        Frame f;
        while ((f = source.grab(due)) != null) {
            frames.add(f);
            due = ReadSchedule.next(due, f.captureTime(), interval);
        }
        return frames;
    }

    private static int[] centrePixel(Frame f) {
        int o = ((f.height() / 2) * f.width() + f.width() / 2) * 3;
        return new int[] {f.bgr()[o] & 0xff, f.bgr()[o + 1] & 0xff, f.bgr()[o + 2] & 0xff};
    }

    @Test
    void keyFramesOnly_returnsOneFramePerSecond_withRightPixels() throws IOException {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        FfmpegFrameSource source = source(video, Duration.ofSeconds(1), true, time);
        source.open();
        try {
            List<Frame> frames = readAll(source, Duration.ofSeconds(1));

            // Every frame is decoded until two key frames show their spacing (1 s, within the
            // interval); from then on only key frames, at whole seconds.
            assertThat(source.readingKeyFramesOnly()).isTrue();
            assertThat(frames).hasSize(SECONDS);
            Instant start = frames.get(0).captureTime();
            assertThat(frames.subList(2, SECONDS)).extracting(f -> Duration.between(start, f.captureTime()).toMillis())
                    .containsExactly(2000L, 3000L);
            for (Frame f : frames) {
                assertThat(f.width()).isEqualTo(320);
                assertThat(f.height()).isEqualTo(240);
                int second = (int) (Duration.between(start, f.captureTime()).toMillis() / 1000);
                int[] px = centrePixel(f);
                for (int ch = 0; ch < 3; ch++) {
                    assertThat(px[ch]).as("second %d channel %d", second, ch).isCloseTo(COLOURS[second][ch],
                            org.assertj.core.api.Assertions.within(12));
                }
            }
        } finally {
            source.close();
        }
    }

    @Test
    void shortInterval_decodesEveryFrameButReturnsOnlyDueOnes() throws IOException {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        FfmpegFrameSource source = source(video, Duration.ofMillis(200), true, time);
        source.open();
        try {
            List<Frame> frames = readAll(source, Duration.ofMillis(200));

            // Key frames every 1 s are too rare for a 200 ms interval: every frame is decoded.
            assertThat(source.readingKeyFramesOnly()).isFalse();
            assertThat(frames.size()).isBetween(SECONDS * 5 - 1, SECONDS * 5 + 1);
            for (int i = 1; i < frames.size(); i++) {
                long gap = Duration.between(frames.get(i - 1).captureTime(), frames.get(i).captureTime()).toMillis();
                assertThat(gap).isBetween(120L, 280L);
            }
        } finally {
            source.close();
        }
    }

    @Test
    void fileFrames_arePacedToRealTime_andTheFileLoops() throws IOException {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        Instant start = time.now();
        FfmpegFrameSource source = source(video, Duration.ofSeconds(1), true, time);
        source.open();
        List<Frame> frames = readAll(source, Duration.ofSeconds(1));
        source.close();

        assertThat(source.loops()).isTrue();
        // The last frame read (a key frame) is captured at t = 3 s; the file ends, and loops, at 4 s,
        // as long as it plays: not a second early.
        assertThat(frames.get(frames.size() - 1).captureTime()).isEqualTo(start.plusSeconds(3));
        assertThat(Duration.between(start, time.now()).toMillis()).isBetween(3950L, 4050L);
    }

    @Test
    void missingFile_failsToOpenWithMessage() {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        FfmpegFrameSource source = source(dir.resolve("missing.mp4"), Duration.ofSeconds(1), true, time);

        assertThatThrownBy(source::open).isInstanceOf(IOException.class).hasMessageContaining("missing.mp4");
    }

    @Test
    void corruptFile_failsToOpen() throws IOException {
        Path junk = Files.write(dir.resolve("junk.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        FfmpegFrameSource source = source(junk, Duration.ofSeconds(1), true, time);

        assertThatThrownBy(source::open).isInstanceOf(IOException.class);
    }

    @Test
    void closedPortRtsp_failsWithoutCredentials() {
        CameraWorkerTest.FakeTime time = new CameraWorkerTest.FakeTime();
        FfmpegFrameSource source = new FfmpegFrameSource("cam1", CameraUrl.of("rtsp://admin:pw-x91@127.0.0.1:9/live"),
                Duration.ofSeconds(1), true, Duration.ofSeconds(2), time.clock(), time);

        assertThatThrownBy(source::open).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-x91"));
    }

    /** A camera at an RTSP server on this machine that accepts the connection and never says a word. */
    private static FfmpegFrameSource silentCamera(ServerSocket silent, Duration ioTimeout) {
        return new FfmpegFrameSource("mute", CameraUrl.of("rtsp://127.0.0.1:" + silent.getLocalPort() + "/live"),
                Duration.ofSeconds(1), true, ioTimeout, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    private static ServerSocket silentServer() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void silentServer_timesOutInsteadOfHanging() throws Exception {
        try (ServerSocket silent = silentServer()) {
            Thread acceptor = new Thread(() -> {
                try (Socket ignored = silent.accept()) {
                    Thread.sleep(30_000);
                } catch (Exception e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            FfmpegFrameSource source = silentCamera(silent, Duration.ofSeconds(2));
            long start = System.nanoTime();

            assertThatThrownBy(source::open).isInstanceOf(IOException.class);

            assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the open gave up").isLessThan(8_000);
        }
    }

    @Test
    void aCameraThatDoesNotAnswer_doesNotHoldUpAnotherCamerasConnect() throws Exception {
        try (ServerSocket silent = silentServer()) {
            silent.setSoTimeout(10_000);
            FfmpegFrameSource mute = silentCamera(silent, Duration.ofSeconds(6));
            AtomicBoolean muteDone = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    mute.open();
                } catch (IOException expected) {
                    // it times out, as it should
                } finally {
                    muteDone.set(true);
                    mute.close();
                }
            });
            t.start();
            try (Socket accepted = silent.accept()) {
                // the mute camera is now inside its connect; another camera opens meanwhile
                FfmpegFrameSource other = source(video, Duration.ofSeconds(1), true, new CameraWorkerTest.FakeTime());
                other.open();
                boolean openedWhileMuteWaited = !muteDone.get();
                other.close();

                assertThat(openedWhileMuteWaited).as("the file opened while the mute camera still waited").isTrue();
            }
            t.join(15_000);
            assertThat(muteDone).isTrue();
        }
    }
}
