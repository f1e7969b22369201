package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestFrameQueueTest {

    private static Frame frame(String camera, long seq) {
        return new Frame(camera, seq, Instant.EPOCH.plusSeconds(seq), 1, 1, new byte[3]);
    }

    @Test
    void newerFrame_replacesWaitingOneOfSameCamera() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue();

        assertThat(q.offer(frame("a", 1))).isFalse();
        assertThat(q.offer(frame("a", 2))).isTrue();

        assertThat(q.depth()).isEqualTo(1);
        assertThat(q.takeBatch(8, Duration.ZERO, Duration.ZERO)).extracting(Frame::sequence).containsExactly(2L);
    }

    @Test
    void batch_takesDistinctCamerasOldestFirst_upToMax() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue();
        q.offer(frame("a", 1));
        q.offer(frame("b", 2));
        q.offer(frame("c", 3));
        q.offer(frame("a", 4));

        List<Frame> batch = q.takeBatch(2, Duration.ZERO, Duration.ZERO);

        assertThat(batch).extracting(Frame::cameraId).containsExactly("b", "c");
        assertThat(q.takeBatch(2, Duration.ZERO, Duration.ZERO)).extracting(Frame::sequence).containsExactly(4L);
    }

    @Test
    void emptyQueue_returnsEmptyAfterWait() throws InterruptedException {
        assertThat(new LatestFrameQueue().takeBatch(4, Duration.ofMillis(5), Duration.ZERO)).isEmpty();
    }

    @Test
    void lingeringBatch_collectsFramesArrivingMeanwhile() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue();
        q.offer(frame("a", 1));
        Thread producer = new Thread(() -> {
            q.offer(frame("b", 2));
            q.offer(frame("c", 3));
        });

        producer.start();
        producer.join();
        List<Frame> batch = q.takeBatch(3, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(batch).hasSize(3);
    }

    @Test
    void closed_wakesTakerAndRejectsFrames() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue();
        q.close();

        assertThat(q.takeBatch(4, Duration.ofSeconds(10), Duration.ZERO)).isEmpty();
        assertThat(q.offer(frame("a", 1))).isTrue();
        assertThat(q.depth()).isZero();
    }

    @Test
    void forget_dropsCameraFrame() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue();
        q.offer(frame("a", 1));
        q.offer(frame("b", 1));

        q.forget("a");

        assertThat(q.takeBatch(4, Duration.ZERO, Duration.ZERO)).extracting(Frame::cameraId).containsExactly("b");
    }

    /** Camera a's frame 1 taken by a worker (the batch returned), its frame 2 waiting. */
    private static List<Frame> aInFlightWithANextFrame(LatestFrameQueue q) throws InterruptedException {
        q.offer(frame("a", 1));
        List<Frame> first = q.takeBatch(8, Duration.ZERO, Duration.ZERO);
        q.offer(frame("a", 2));
        return first;
    }

    @Test
    void cameraInFlight_givesNoWorkerItsNextFrame_untilReleased() throws InterruptedException {
        LatestFrameQueue q = new LatestFrameQueue();
        List<Frame> first = aInFlightWithANextFrame(q);
        q.offer(frame("b", 3));

        assertThat(q.takeBatch(8, Duration.ZERO, Duration.ZERO)).extracting(Frame::cameraId).containsExactly("b");
        assertThat(q.takeBatch(8, Duration.ofMillis(5), Duration.ZERO)).isEmpty();
        assertThat(q.depth()).isEqualTo(1);

        q.release(first);
        assertThat(q.takeBatch(8, Duration.ZERO, Duration.ZERO)).extracting(Frame::sequence).containsExactly(2L);
    }

    @Test
    void release_wakesAWorkerWaitingForThatCamerasFrame() throws Exception {
        LatestFrameQueue q = new LatestFrameQueue();
        List<Frame> first = aInFlightWithANextFrame(q);
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            q.release(first);
        });

        releaser.start();
        long start = System.nanoTime();
        List<Frame> next = q.takeBatch(8, Duration.ofSeconds(10), Duration.ZERO);
        releaser.join();

        assertThat(next).extracting(Frame::sequence).containsExactly(2L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
