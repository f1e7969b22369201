package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.CameraProperties;
import io.meterreader.config.CameraUrl;
import io.meterreader.config.RtspClient;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.meterreader.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;

/** The worker's life cycle against a scripted source, with a clock that only the test moves. */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class CameraWorkerTest {

    private static final String PASSWORD = "s3cret-pw";
    private static final CameraProperties CAMERA = new CameraProperties("cam1",
            CameraUrl.of("rtsp://admin:" + PASSWORD + "@127.0.0.1:9/live"), Duration.ofSeconds(1), true,
            Duration.ofSeconds(10), null, RtspClient.NATIVE, CameraProperties.DEFAULT_FREEZE_TIMEOUT);

    /** A clock the sleeper advances, so back-off delays pass instantly. */
    static final class FakeTime implements Sleeper {
        final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        Clock clock() {
            return clock;
        }

        Instant now() {
            return clock.instant();
        }

        @Override
        public void sleep(Duration d) {
            sleeps.add(d);
            clock.advance(d);
        }
    }

    /** Each step is what the next open() or grab() does. */
    static class ScriptedSource implements FrameSource {
        final Deque<Object> script;
        final FakeTime time;
        final List<Instant> dues = new ArrayList<>();
        final CountDownLatch finished = new CountDownLatch(1);
        int opens;
        int closes;
        /** A file's source: read again from its start at its end. */
        boolean loops;

        ScriptedSource(FakeTime time, Object... steps) {
            this.time = time;
            this.script = new ArrayDeque<>(List.of(steps));
        }

        private Object step() throws IOException {
            Object s = script.poll();
            if (s == null) {
                finished.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("script over");
            }
            if (s instanceof IOException e) {
                throw e;
            }
            return s;
        }

        @Override
        public void open() throws IOException {
            opens++;
            Object s = step();
            if (!"open".equals(s)) {
                throw new IllegalStateException("script expected open, got " + s);
            }
        }

        @Override
        public Frame grab(Instant due) throws IOException {
            dues.add(due);
            Object s = step();
            if ("eos".equals(s)) {
                return null;
            }
            if (s instanceof Silent silent) {
                time.clock.advance(silent.after());
                throw new IOException("no key frame");
            }
            if (s instanceof Still still) {
                time.clock.advance(still.after());
                byte[] same = new byte[12];
                java.util.Arrays.fill(same, (byte) 7);
                return new Frame("cam1", dues.size(), time.now(), 2, 2, same);
            }
            time.clock.advance((Duration) s);
            byte[] pixels = new byte[12];
            pixels[0] = (byte) dues.size();   // a live camera's picture: never the same twice
            return new Frame("cam1", dues.size(), time.now(), 2, 2, pixels);
        }

        @Override
        public void close() {
            closes++;
        }

        @Override
        public boolean loops() {
            return loops;
        }
    }

    /** A grab step: a frame this long after the last one, showing the very picture every Still shows. */
    record Still(Duration after) {
    }

    /** A sink that keeps every frame offered and never drops one. */
    private static FrameSink into(List<Frame> got) {
        return f -> {
            got.add(f);
            return false;
        };
    }

    private static CameraWorker worker(ScriptedSource source, FakeTime time, FrameSink sink) {
        return worker(CAMERA, source, time, sink);
    }

    private static CameraWorker worker(CameraProperties camera, ScriptedSource source, FakeTime time, FrameSink sink) {
        return new CameraWorker(camera, () -> source, sink, time.clock(), time, new SplittableRandom(7));
    }

    private static void awaitScript(ScriptedSource source) throws InterruptedException {
        assertThat(source.finished.await(10, TimeUnit.SECONDS)).as("script finished").isTrue();
    }

    @Test
    void stoppedWhileReading_isNoFailure() throws Exception {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", Duration.ofMillis(40));
        CameraWorker worker = worker(source, time, into(new ArrayList<>()));
        worker.start();
        awaitScript(source);   // now blocked in a read, as a camera waiting for its next frame

        worker.stop();

        assertThat(worker.status().state()).isEqualTo(CameraState.STOPPED);
        assertThat(worker.status().lastError()).as("the interrupted read is no error").isNull();
    }

    @Test
    void frames_flowToSinkOnePerInterval() throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", Duration.ofMillis(10), Duration.ofMillis(1000),
                Duration.ofMillis(1000));
        List<Frame> got = new CopyOnWriteArrayList<>();
        CameraWorker worker = worker(source, time, into(got));

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(got).hasSize(3);
        assertThat(status.state()).isEqualTo(CameraState.STREAMING);
        assertThat(status.framesGrabbed()).isEqualTo(3);
        // The next frame is due one interval after the last capture, less the jitter allowance.
        assertThat(source.dues.get(1)).isEqualTo(got.get(0).captureTime().plusMillis(1000 - 200));
        assertThat(worker.status().state()).isEqualTo(CameraState.STOPPED);
    }

    @Test
    void connectFailures_backOffAndCountReconnects_withRedactedError() throws InterruptedException {
        FakeTime time = new FakeTime();
        IOException refused = new IOException("Could not open input \"rtsp://admin:" + PASSWORD
                + "@127.0.0.1:9/live\" (Connection refused)");
        ScriptedSource source = new ScriptedSource(time, refused, refused, refused, "open", Duration.ofMillis(5));
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(status.reconnects()).isEqualTo(3);
        assertThat(status.streamBreaks()).as("it never streamed: down, not breaking").isZero();
        assertThat(status.state()).isEqualTo(CameraState.STREAMING);
        assertThat(time.sleeps).hasSize(3);
        assertThat(time.sleeps.get(0).toMillis()).isBetween(800L, 1200L);
        assertThat(time.sleeps.get(1).toMillis()).isBetween(1600L, 2400L);
        assertThat(time.sleeps.get(2).toMillis()).isBetween(3200L, 4800L);
        assertThat(source.opens).isEqualTo(4);
        assertThat(source.closes).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aCameraThatKeepsFailingTheSameWay_isLoggedFiveTimes_thenEveryTenMinutes(CapturedOutput output)
            throws InterruptedException {
        FakeTime time = new FakeTime();
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {   // about 16 minutes of tries, 10 s apart once backed off
            steps.add(new IOException("cannot connect to 127.0.0.1:" + (9000 + i % 2) + ": Connection refused"));
        }
        steps.add("open");
        steps.add(Duration.ofMillis(5));
        ScriptedSource source = new ScriptedSource(time, steps.toArray());
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        worker.stop();

        List<String> failed = output.getOut().lines().filter(l -> l.contains("Camera cam1 failed:")).toList();
        assertThat(failed).hasSize(CameraWorker.QUIET_AFTER);
        assertThat(failed.get(CameraWorker.QUIET_AFTER - 1)).contains("logged once every 10 minutes from now");
        assertThat(output.getOut().lines().filter(l -> l.contains("Camera cam1 still fails:")).count())
                .as("100 tries over about 16 minutes").isEqualTo(1);
        assertThat(output.getOut().lines().filter(l -> l.contains("Camera cam1 reconnects in")).count())
                .isEqualTo(CameraWorker.QUIET_AFTER);
        assertThat(output.getOut()).contains("Camera cam1 connected to rtsp://***@127.0.0.1:9/live after 100 failed "
                + "attempts");
    }

    @Test
    void aCameraGoneQuiet_opensWithFfmpegsLinesHeldBack_andConnectedHasThemAgain() throws InterruptedException {
        FakeTime time = new FakeTime();
        List<Boolean> quietAtOpen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < CameraWorker.QUIET_AFTER + 2; i++) {
            steps.add(new IOException("avformat_open_input() error -111 (Connection refused)"));
        }
        steps.add("open");
        steps.add(Duration.ofMillis(5));
        ScriptedSource source = new ScriptedSource(time, steps.toArray()) {
            @Override
            public void open() throws IOException {
                quietAtOpen.add(FfmpegLog.quietOnThisThread());
                super.open();
            }

            @Override
            public Frame grab(Instant due) throws IOException {
                quietAtOpen.add(FfmpegLog.quietOnThisThread());
                return super.grab(due);
            }
        };
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        worker.stop();

        // five failures logged with FFmpeg's lines, then quiet until it connects; reading, loud again
        assertThat(quietAtOpen.subList(0, CameraWorker.QUIET_AFTER + 4)).containsExactly(false, false, false, false,
                false, true, true, true, false);
    }

    @Test
    void lastError_holdsNoControlCharacter_ofAServerThatAnsweredGarbage() throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, new IOException("not an RTSP answer: \u001b[2J\u0000\r"
                + "2026-12-07 INFO forged"));
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(status.lastError()).isEqualTo("not an RTSP answer: \\u001b[2J\\u0000\\r2026-12-07 INFO forged");
    }

    @Test
    void lastError_neverHoldsThePassword() throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time,
                new IOException("auth failed for admin:" + PASSWORD + " at rtsp://admin:" + PASSWORD + "@127.0.0.1:9/live"));
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(status.lastError()).isNotNull().doesNotContain(PASSWORD).contains("rtsp://***@127.0.0.1:9/live");
        assertThat(status.state()).isIn(CameraState.RECONNECTING, CameraState.CONNECTING);
    }

    @Test
    void endOfLiveStream_reconnects() throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", Duration.ofMillis(5), "eos", "open",
                Duration.ofMillis(5));
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(status.reconnects()).isEqualTo(1);
        assertThat(status.streamBreaks()).as("a stream that delivered and ended").isEqualTo(1);
        assertThat(status.framesGrabbed()).isEqualTo(2);
        assertThat(status.lastError()).isNull();
    }

    @Test
    void aFileReadAgainFromItsStart_saysItConnectedOnce(CapturedOutput output) throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", Duration.ofMillis(5), "eos", "open",
                Duration.ofMillis(5), "eos", "open", Duration.ofMillis(5));
        source.loops = true;
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        worker.stop();

        assertThat(source.opens).isEqualTo(3);
        assertThat(output.getOut().lines().filter(l -> l.contains("Camera cam1 connected to"))).hasSize(1);
    }

    @Test
    void droppedFrames_areCountedFromTheSink() throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        CameraWorker worker = worker(source, time, f -> f.sequence() > 1);

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(status.framesDropped()).isEqualTo(2);
    }

    @Test
    void healthyMinute_resetsBackoff() throws InterruptedException {
        FakeTime time = new FakeTime();
        IOException down = new IOException("down");
        ScriptedSource source = new ScriptedSource(time, down, down, down, "open", Duration.ofSeconds(61),
                new IOException("lost"), "open", Duration.ofMillis(1));
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        worker.stop();

        assertThat(time.sleeps).hasSize(4);
        assertThat(time.sleeps.get(3).toMillis()).isBetween(800L, 1200L);
    }

    /** A session that streams nothing decodable for so long, then fails. */
    record Silent(Duration after) {
    }

    @Test
    void aLongConnectionWithoutAFrame_doesNotResetTheBackoff() throws InterruptedException {
        FakeTime time = new FakeTime();
        IOException down = new IOException("down");
        ScriptedSource source = new ScriptedSource(time, down, down, down, "open", new Silent(Duration.ofSeconds(61)),
                "open", Duration.ofMillis(1));
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        awaitScript(source);
        worker.stop();

        assertThat(time.sleeps).hasSize(4);
        assertThat(time.sleeps.get(3).toMillis()).as("the fourth failure's wait, not the first's again")
                .isBetween(6400L, 9600L);
    }

    @Test
    void pictureUnchangedForTheFreezeTimeout_isNotRead_andTheCameraReconnectsUntilItChanges()
            throws InterruptedException {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", Duration.ofMillis(10),
                new Still(Duration.ofSeconds(1)), new Still(Duration.ofSeconds(30)), new Still(Duration.ofSeconds(30)),
                "open", new Still(Duration.ofSeconds(1)),
                "open", Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6),
                Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6),
                Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6));
        List<Frame> got = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();   // the worker's error and state at each back-off
        CameraWorker[] self = new CameraWorker[1];
        Sleeper backOff = d -> {
            errors.add(self[0].status().lastError() + " / " + self[0].status().state());
            time.sleep(d);
        };
        CameraWorker worker = new CameraWorker(CAMERA, () -> source, into(got), time.clock(), backOff,
                new SplittableRandom(7));
        self[0] = worker;

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        // Read: the first frame, the still picture while it was new and 30 s old, and the picture
        // once it has kept changing for the freeze timeout (60 s) after the second reconnection;
        // not: the still picture 60 s old, nor again after the first reconnection, nor the changed
        // frames of the first 54 s.
        assertThat(got).extracting(Frame::sequence).containsExactly(1L, 2L, 3L, 16L);   // the source counts on
        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e)
                .contains("the picture has not changed for").contains("frozen").endsWith("RECONNECTING"));
        assertThat(errors.get(0)).contains("for 60 s");
        assertThat(status.reconnects()).isEqualTo(2);
        assertThat(status.state()).isEqualTo(CameraState.STREAMING);
        assertThat(status.lastError()).isNull();
    }

    @Test
    void frozenPicture_thatChangesInFewerThanFiveFramesInARow_isStillHeldBack() throws InterruptedException {
        // A relay that encodes the frozen picture afresh for each session: a few frames unlike
        // each other while its rate control settles, then the same picture again.
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open", new Still(Duration.ofSeconds(1)),
                new Still(Duration.ofSeconds(61)),
                "open", Duration.ofSeconds(1), Duration.ofSeconds(1), new Still(Duration.ofSeconds(1)),
                new Still(Duration.ofSeconds(1)), Duration.ofSeconds(1));
        List<Frame> got = new CopyOnWriteArrayList<>();
        CameraWorker worker = worker(source, time, into(got));

        worker.start();
        awaitScript(source);
        CameraStatus status = worker.status();
        worker.stop();

        assertThat(got).extracting(Frame::sequence).containsExactly(1L);
        assertThat(status.state()).isEqualTo(CameraState.FROZEN);
        assertThat(status.lastError()).contains("frozen");
        assertThat(status.framesGrabbed()).as("held-back frames still count as grabbed").isEqualTo(7);
    }

    @Test
    void stillPicture_ofAFileOrWithTheCheckOff_isReadOn() throws InterruptedException {
        CameraProperties file = new CameraProperties("cam1", CameraUrl.of("file:/tmp/still.mp4"), Duration.ofSeconds(1),
                true, Duration.ofSeconds(10), null, RtspClient.NATIVE, CameraProperties.DEFAULT_FREEZE_TIMEOUT);
        CameraProperties off = new CameraProperties("cam1", CAMERA.url(), Duration.ofSeconds(1), true,
                Duration.ofSeconds(10), null, RtspClient.NATIVE, Duration.ZERO);
        for (CameraProperties camera : List.of(file, off)) {
            FakeTime time = new FakeTime();
            ScriptedSource source = new ScriptedSource(time, "open", new Still(Duration.ofSeconds(1)),
                    new Still(Duration.ofSeconds(50)), new Still(Duration.ofSeconds(50)), new Still(Duration.ofSeconds(50)));
            List<Frame> got = new CopyOnWriteArrayList<>();
            CameraWorker worker = worker(camera, source, time, into(got));

            worker.start();
            awaitScript(source);
            CameraStatus status = worker.status();
            worker.stop();

            assertThat(got).as(camera.url().masked()).hasSize(4);
            assertThat(status.reconnects()).isZero();
        }
    }

    @Test
    void stop_endsTheThread() {
        FakeTime time = new FakeTime();
        ScriptedSource source = new ScriptedSource(time, "open");
        CameraWorker worker = worker(source, time, f -> false);

        worker.start();
        worker.stop();

        assertThat(worker.isAlive()).isFalse();
        assertThat(worker.status().state()).isEqualTo(CameraState.STOPPED);
    }
}
