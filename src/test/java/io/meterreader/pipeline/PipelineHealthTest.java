package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.meterreader.config.Calibrations;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.ImageRegion;
import io.meterreader.metrics.MeterReaderMetrics;
import io.meterreader.metrics.ServiceHealth;
import io.meterreader.testing.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class PipelineHealthTest {

    private static final Instant START = Instant.parse("2026-12-06T05:00:00Z");

    /** Holds its first batch until let go, or fails with an error no worker survives. */
    private static final class StuckReader implements FakeFrameReader {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        private final boolean fatal;

        StuckReader(boolean fatal) {
            this.fatal = fatal;
        }

        @Override
        public List<List<Detection>> detect(List<ImageRegion> images) {
            entered.countDown();
            if (fatal) {
                throw new LinkageError("the inference library is gone");
            }
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return images.stream().map(i -> List.<Detection>of()).toList();
        }

        @Override
        public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections) {
            return images.stream().map(i -> List.<FoundGauge>of()).toList();
        }
    }

    private static InferenceStage stage(LatestFrameQueue queue, FrameReader reader, SettableClock clock) {
        return new InferenceStage(queue, List.of(reader), new Calibrations(List.of()), (m, g, c, r) -> null,
                new LiveReadings(id -> null), r -> { }, new MeterReaderMetrics(new SimpleMeterRegistry(), clock),
                List::of, clock, 1, Duration.ZERO, new DetectionMemory(Duration.ZERO), /* alternateViews= */ false,
                /* learnScaleMarks= */ false);
    }

    private static Frame frame() {
        return new Frame("cam1", 1, START, 1, 1, new byte[3]);
    }

    @Test
    void workerOnOneBatchForAMinute_isDown_andUpOnceItComesRound() throws Exception {
        SettableClock clock = new SettableClock(START);
        LatestFrameQueue queue = new LatestFrameQueue();
        StuckReader reader = new StuckReader(/* fatal= */ false);
        InferenceStage stage = stage(queue, reader, clock);
        assertThat(PipelineHealth.inference(stage.progress(), "fake", 0).getStatus()).isEqualTo(Status.UNKNOWN);
        stage.start();
        try {
            queue.offer(frame());
            assertThat(reader.entered.await(5, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofSeconds(59));
            assertThat(PipelineHealth.inference(stage.progress(), "fake", 0).getStatus()).isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(2));
            Health stuck = PipelineHealth.inference(stage.progress(), "fake", 1);
            assertThat(stuck.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) stuck.getDetails().get("problem")).contains("on one batch for 61 s");

            reader.letGo.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stage.progress().longestTurn().toSeconds() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(PipelineHealth.inference(stage.progress(), "fake", 0).getStatus()).isEqualTo(Status.UP);
        } finally {
            stage.stop();
        }
    }

    @Test
    void workerKilledByAnError_isDown() throws Exception {
        SettableClock clock = new SettableClock(START);
        LatestFrameQueue queue = new LatestFrameQueue();
        StuckReader reader = new StuckReader(/* fatal= */ true);
        InferenceStage stage = stage(queue, reader, clock);
        stage.start();
        try {
            queue.offer(frame());
            assertThat(reader.entered.await(5, TimeUnit.SECONDS)).isTrue();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stage.progress().alive() > 0 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            Health dead = PipelineHealth.inference(stage.progress(), "fake", 1);
            assertThat(dead.getStatus()).isEqualTo(Status.DOWN);
            assertThat(dead.getDetails()).containsEntry("problem", "1 of 1 inference workers have stopped");
        } finally {
            stage.stop();
        }
    }

    private static CameraStatus camera(String id, CameraState state, String error) {
        return new CameraStatus(id, "rtsp://" + id, state, 10, 0, 0, 0, error, START, "native");
    }

    @Test
    void camerasAllStreaming_areUp_andOneDownOrMoved_degradesThemWithTheReason() {
        Health up = PipelineHealth.cameras(List.of(camera("a", CameraState.STREAMING, null),
                camera("b", CameraState.STREAMING, "an old error")), id -> null);
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("streaming", 2);

        Health degraded = PipelineHealth.cameras(List.of(camera("a", CameraState.STREAMING, null),
                camera("b", CameraState.RECONNECTING, "Connection refused"), camera("c", CameraState.FROZEN, null),
                camera("d", CameraState.STREAMING, null)), id -> id.equals("d") ? "meters not found where calibrated"
                : null);
        assertThat(degraded.getStatus()).isEqualTo(ServiceHealth.DEGRADED);
        assertThat(degraded.getDetails()).containsEntry("cameras", 4).containsEntry("streaming", 2)
                .containsEntry("problems", Map.of("b", "RECONNECTING: Connection refused", "c", "FROZEN",
                        "d", "meters not found where calibrated"));

        assertThat(PipelineHealth.cameras(List.of(), id -> null).getStatus()).isEqualTo(Status.UP);
        assertThat(PipelineHealth.cameras(List.of(camera("a", CameraState.CONNECTING, null)), id -> null)
                .getStatus()).as("a first connection, not failed yet").isEqualTo(Status.UP);
        assertThat(PipelineHealth.cameras(List.of(camera("a", CameraState.CONNECTING, "Connection refused")),
                id -> null).getStatus()).as("connecting again after a failure").isEqualTo(ServiceHealth.DEGRADED);
    }
}
