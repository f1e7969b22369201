package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.camera.rtsp.FakeCamera;
import io.meterreader.config.CameraUrl;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.meterreader.testing.SettableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native RTSP source against a scripted camera sending a real H.264 clip, one colour a second. */
class RtspFrameSourceTest {

    private static final int[][] COLOURS = {{30, 30, 200}, {200, 30, 30}, {30, 200, 30}, {200, 200, 30}, {30, 200, 200}};

    @TempDir
    static Path dir;
    static List<List<byte[]>> clip;

    @BeforeAll
    static void encode() throws IOException {
        clip = FakeCamera.clip(dir, COLOURS);
    }

    private static RtspFrameSource source(String url, FrameSource ffmpeg) {
        return new RtspFrameSource("cam1", CameraUrl.of(url), Duration.ofSeconds(1), /* keyframesOnly= */ true,
                Duration.ofSeconds(5), Clock.systemUTC(), () -> ffmpeg);
    }

    @Test
    void h264Camera_readsEveryFrameUntilKeyFramesAreKnown_thenOnlyKeyFrames() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false);
             RtspFrameSource source = source(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), null)) {
            source.open();
            Instant due = Instant.MIN;
            List<Frame> frames = new ArrayList<>();
            for (int read = 0; read < 5; read++) {
                Frame f = source.grab(due);
                frames.add(f);
                due = ReadSchedule.next(due, f.captureTime(), Duration.ofSeconds(1));
            }
            // Until two key frames have come every frame is decoded, so the second read is the frame
            // just after its due time (ReadSchedule's slack puts that within the first second); then
            // only the key frames, each the first frame of its second.
            assertThat(ColourVideo.secondOf(frames.get(0), COLOURS)).isEqualTo(0);
            assertThat(ColourVideo.secondOf(frames.get(1), COLOURS)).isEqualTo(0);
            assertThat(frames.subList(2, 5)).extracting(f -> ColourVideo.secondOf(f, COLOURS)).containsExactly(2, 3, 4);
            // Two seconds of stream time apart (the anchor may creep a millisecond a second: StreamClock).
            assertThat(Duration.between(frames.get(2).captureTime(), frames.get(4).captureTime()))
                    .isBetween(Duration.ofMillis(1995), Duration.ofMillis(2005));
            assertThat(frames).extracting(Frame::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(frames.get(4).width()).isEqualTo(160);
            assertThat(source.readingKeyFramesOnly()).isTrue();
            assertThat(source.reader()).isEqualTo("native");
            assertThat(source.grab(due)).as("the camera ended the stream").isNull();
        }
    }

    private static boolean keyUnit(List<byte[]> unit) {
        return unit.stream().anyMatch(nal -> (nal[0] & 0x1F) == 5);
    }

    /** Units that begin after a key frame, the first carrying the stream's parameter sets (for the SDP) and no key frame. */
    private static List<List<byte[]>> joinedLate(List<List<byte[]>> units) {
        List<byte[]> parameterSets = clip.get(0).stream().filter(n -> (n[0] & 0x1F) == 7 || (n[0] & 0x1F) == 8)
                .toList();
        List<List<byte[]>> out = new ArrayList<>(units);
        List<byte[]> first = new ArrayList<>(parameterSets);
        first.addAll(out.get(0));
        out.set(0, first);
        return out;
    }

    @Test
    void aCameraJoinedAfterAKeyFrame_isWaitedForUntilItsNext_notTakenForStalled() throws IOException {
        // joined just after a key frame: 0.9 s of frames that cannot be decoded, three stall timeouts
        try (FakeCamera camera = new FakeCamera(joinedLate(clip.subList(1, clip.size())), "H264", false);
             RtspFrameSource source = new RtspFrameSource("cam1", CameraUrl.of(camera.url(FakeCamera.USER,
                     FakeCamera.PASSWORD)), Duration.ofSeconds(1), true, /* ioTimeout= */ Duration.ofMillis(300),
                     Clock.systemUTC(), () -> null)) {
            source.open();
            Frame first = source.grab(Instant.MIN);
            assertThat(ColourVideo.secondOf(first, COLOURS)).as("the next key frame's picture").isEqualTo(1);
        }
    }

    @Test
    void aCameraThatSendsNoKeyFrame_isSaidSo_andNotHandedToFfmpeg() throws IOException {
        StubFfmpeg ffmpeg = new StubFfmpeg();
        List<List<byte[]>> noKeyFrames = joinedLate(clip.stream().filter(u -> !keyUnit(u)).toList());
        try (FakeCamera camera = new FakeCamera(noKeyFrames, "H264", false);
             RtspFrameSource source = new RtspFrameSource("cam1", CameraUrl.of(camera.url(FakeCamera.USER,
                     FakeCamera.PASSWORD)), Duration.ofSeconds(1), true, /* ioTimeout= */ Duration.ofMillis(200),
                     Clock.systemUTC(), () -> ffmpeg)) {
            for (int session = 0; session <= RtspFrameSource.NATIVE_TRIES; session++) {
                source.open();
                assertThat(source.reader()).isEqualTo("native");
                assertThatThrownBy(() -> source.grab(Instant.MIN))
                        .isInstanceOf(RtspFrameSource.NoKeyFrameException.class)
                        .hasMessageContaining("no key frame in").hasMessageContaining("key-frame (I-frame) interval");
                source.close();
            }
            assertThat(ffmpeg.opens).as("the camera's settings, not the native client's failing").isZero();
        }
    }

    /** FFmpeg's source as the tests stand it in: it opens, and gives one known frame. */
    private static final class StubFfmpeg implements FrameSource {
        final Frame frame = new Frame("cam1", 0, Instant.EPOCH, 2, 2, new byte[12]);
        int opens;
        boolean open;

        @Override
        public void open() {
            opens++;
            open = true;
        }

        @Override
        public Frame grab(Instant due) {
            return open ? frame : null;
        }

        @Override
        public String reader() {
            return "ffmpeg";
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Test
    void mjpegCamera_isReadThroughFfmpeg() throws IOException {
        StubFfmpeg ffmpeg = new StubFfmpeg();
        try (FakeCamera camera = new FakeCamera(clip, "JPEG", false);
             RtspFrameSource source = source(camera.url(FakeCamera.USER, FakeCamera.PASSWORD), ffmpeg)) {
            source.open();
            assertThat(source.reader()).isEqualTo("ffmpeg");
            assertThat(source.grab(Instant.MIN)).isSameAs(ffmpeg.frame);
        }
    }

    @Test
    void cameraTheNativeClientCannotRead_isTriedWithFfmpeg_andKeptThereOnceItGivesAFrame() throws IOException {
        StubFfmpeg ffmpeg = new StubFfmpeg();
        try (FakeCamera camera = new FakeCamera(clip, "H264-GAPS", false);
             RtspFrameSource source = new RtspFrameSource("cam1", CameraUrl.of(camera.url(FakeCamera.USER, FakeCamera.PASSWORD)),
                     Duration.ofSeconds(1), true, /* ioTimeout= */ Duration.ofSeconds(1), Clock.systemUTC(), () -> ffmpeg)) {
            for (int session = 0; session < RtspFrameSource.NATIVE_TRIES; session++) {
                source.open();
                assertThat(source.reader()).isEqualTo("native");
                assertThatThrownBy(() -> source.grab(Instant.MIN)).hasMessageContaining("stalled");
                source.close();
            }
            assertThat(ffmpeg.opens).as("FFmpeg's client only after the native one's turns").isZero();
            source.open();
            assertThat(source.reader()).isEqualTo("ffmpeg");
            assertThat(source.grab(Instant.MIN)).isSameAs(ffmpeg.frame);
            source.close();
            source.open();
            assertThat(source.reader()).as("kept with FFmpeg's client").isEqualTo("ffmpeg");
            assertThat(ffmpeg.opens).isEqualTo(2);
        }
    }

    @Test
    void cameraHandedToFfmpegForTheNativeClientsFailures_isGivenToTheNativeClientAgainAnHourOn() throws IOException {
        StubFfmpeg ffmpeg = new StubFfmpeg();
        SettableClock clock = new SettableClock(Instant.parse("2026-12-06T00:00:00Z"));
        try (FakeCamera camera = new FakeCamera(clip, "H264-GAPS", false);
             RtspFrameSource source = new RtspFrameSource("cam1", CameraUrl.of(camera.url(FakeCamera.USER, FakeCamera.PASSWORD)),
                     Duration.ofSeconds(1), true, /* ioTimeout= */ Duration.ofSeconds(1), clock, () -> ffmpeg)) {
            for (int session = 0; session < RtspFrameSource.NATIVE_TRIES; session++) {
                source.open();
                assertThatThrownBy(() -> source.grab(Instant.MIN)).hasMessageContaining("stalled");
                source.close();
            }
            source.open();
            assertThat(source.grab(Instant.MIN)).isSameAs(ffmpeg.frame);
            source.close();

            clock.advance(RtspFrameSource.NATIVE_AGAIN_AFTER.minusMinutes(1));
            source.open();
            assertThat(source.reader()).as("within the hour").isEqualTo("ffmpeg");
            source.close();
            clock.advance(Duration.ofMinutes(1));
            source.open();
            assertThat(source.reader()).as("an hour on, at a reconnection").isEqualTo("native");
            assertThat(ffmpeg.opens).as("FFmpeg's client not opened again").isEqualTo(2);
            assertThatThrownBy(() -> source.grab(Instant.MIN)).hasMessageContaining("stalled");
            source.close();
        }
    }

    @Test
    void cameraWhosePacketsCarryAnotherPayloadType_isToldSo_andNotHandedToFfmpeg() throws IOException {
        // FFmpeg's RTSP client reads only the payload type the SDP announced too: it would probe for
        // it, holding the camera's thread, until the camera closed the connection.
        StubFfmpeg ffmpeg = new StubFfmpeg();
        try (FakeCamera camera = new FakeCamera(clip, "H264-PT97", false);
             RtspFrameSource source = new RtspFrameSource("cam1", CameraUrl.of(camera.url(FakeCamera.USER, FakeCamera.PASSWORD)),
                     Duration.ofSeconds(1), true, /* ioTimeout= */ Duration.ofSeconds(1), Clock.systemUTC(), () -> ffmpeg)) {
            for (int session = 0; session < 2 * RtspFrameSource.NATIVE_TRIES; session++) {
                source.open();
                assertThat(source.reader()).isEqualTo("native");
                assertThatThrownBy(() -> source.grab(Instant.MIN))
                        .hasMessageContaining("sends RTP payload type 97 where its SDP announced 96");
                source.close();
            }
            assertThat(ffmpeg.opens).isZero();
        }
    }

    @Test
    void cameraThatIsDown_isNotHandedToFfmpeg() throws IOException {
        StubFfmpeg ffmpeg = new StubFfmpeg();
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();   // nothing listens there once it is closed
        }
        try (RtspFrameSource source = source("rtsp://127.0.0.1:" + port + "/live", ffmpeg)) {
            for (int attempt = 0; attempt < 2 * RtspFrameSource.NATIVE_TRIES; attempt++) {
                assertThatThrownBy(source::open).isInstanceOf(IOException.class).hasMessageContaining("cannot connect");
                source.close();
            }
            assertThat(ffmpeg.opens).isZero();
            assertThat(source.reader()).isEqualTo("native");
        }
    }

    @Test
    void cameraThatRefusesTheCredentials_isNotHandedToFfmpeg() throws IOException {
        StubFfmpeg ffmpeg = new StubFfmpeg();
        try (FakeCamera camera = new FakeCamera(clip, "H264", false);
             RtspFrameSource source = source(camera.url(FakeCamera.USER, "Wr0ngSecret"), ffmpeg)) {
            for (int attempt = 0; attempt < 2 * RtspFrameSource.NATIVE_TRIES; attempt++) {
                assertThatThrownBy(source::open).hasMessageContaining("refused the credentials");
                source.close();
            }
            assertThat(ffmpeg.opens).as("FFmpeg's client would be refused the same").isZero();
        }
    }

    @Test
    void refusedCredentials_failToOpenWithTheUrlMasked() throws IOException {
        try (FakeCamera camera = new FakeCamera(clip, "H264", false);
             RtspFrameSource source = source(camera.url(FakeCamera.USER, "Wr0ngSecret"), null)) {
            assertThatThrownBy(source::open).isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("rtsp://***@127.0.0.1:" + camera.port() + "/live")
                    .hasMessageNotContaining("Wr0ngSecret");
        }
    }
}
