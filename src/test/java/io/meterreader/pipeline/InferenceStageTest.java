package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import io.meterreader.testing.SettableClock;
import org.junit.jupiter.api.Test;

class InferenceStageTest {

    /** A frame whose one pixel carries its camera's number and its sequence, for the reader to see. */
    private static Frame frame(int camera, int seq) {
        return new Frame("cam" + camera, seq, Instant.EPOCH.plusMillis(seq), 1, 1,
                new byte[] {(byte) camera, (byte) (seq >> 8), (byte) seq});
    }

    /** What the readers of all workers see together: cameras being read, each one's last frame, faults. */
    private static final class Watch {
        final Set<Integer> reading = ConcurrentHashMap.newKeySet();
        final Map<Integer, Integer> lastSeq = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    }

    /** Reads slowly, and notes any camera read by two workers at once or out of order. */
    private static final class WatchingReader implements FakeFrameReader {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        private final Set<Integer> reading;
        private final Map<Integer, Integer> lastSeq;
        private final ConcurrentLinkedQueue<String> violations;
        volatile int frames;

        WatchingReader(Watch watch) {
            this.reading = watch.reading;
            this.lastSeq = watch.lastSeq;
            this.violations = watch.violations;
        }

        @Override
        public List<List<Detection>> detect(List<ImageRegion> images) {
            return images.stream().map(i -> List.<Detection>of()).toList();
        }

        @Override
        public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections) {
            threads.add(Thread.currentThread().getName());
            List<Integer> cameras = new ArrayList<>();
            for (ImageRegion image : images) {
                int camera = image.bgr()[0];
                int seq = (image.bgr()[1] & 0xff) << 8 | (image.bgr()[2] & 0xff);
                if (!reading.add(camera)) {
                    violations.add("camera " + camera + " read by two workers at once");
                }
                Integer before = lastSeq.put(camera, seq);
                if (before != null && before >= seq) {
                    violations.add("camera " + camera + " frame " + seq + " after " + before);
                }
                cameras.add(camera);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cameras.forEach(reading::remove);
            frames += images.size();
            return images.stream().map(i -> List.<FoundGauge>of()).toList();
        }
    }

    @Test
    void twoWorkers_shareTheFrames_butReadEachCamerasOneAtATimeAndInOrder() throws Exception {
        LatestFrameQueue queue = new LatestFrameQueue();
        Watch watch = new Watch();
        WatchingReader first = new WatchingReader(watch);
        WatchingReader second = new WatchingReader(watch);
        InferenceStage stage = new InferenceStage(queue, List.of(first, second), new Calibrations(List.of()),
                (m, g, c, r) -> null, new LiveReadings(id -> null), r -> { },
                new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), List::of, Clock.systemUTC(), 1,
                Duration.ZERO, new DetectionMemory(Duration.ZERO), /* alternateViews= */ true,
                /* learnScaleMarks= */ true);
        stage.start();
        try {
            // Three cameras, each sending faster than a worker reads: frames wait, are replaced,
            // and every camera has a frame ready whenever a worker comes back for one.
            for (int seq = 1; seq <= 150; seq++) {
                for (int camera = 1; camera <= 3; camera++) {
                    queue.offer(frame(camera, seq));
                }
                Thread.sleep(4);
            }
        } finally {
            stage.stop();
        }

        assertThat(watch.violations).isEmpty();
        assertThat(first.frames).isGreaterThan(5);
        assertThat(second.frames).isGreaterThan(5);
        assertThat(first.threads).hasSize(1).doesNotContainAnyElementsOf(second.threads);
    }

    @Test
    void cameraSnapshot_drawsTheTicksEachDialWasReadAgainst() throws Exception {
        List<ImagePoint> ticks = List.of(new ImagePoint(1, 8), new ImagePoint(5, 2), new ImagePoint(9, 8));
        FoundGauge dial = new FoundGauge(GaugeType.POINTER, new BoundingBox(0, 0, 10, 10), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.4, 0.8, null), new double[] {5, 5, 3, 2}, ticks);
        FrameReader reader = new FixedFrameReader(dial);
        LatestFrameQueue queue = new LatestFrameQueue();
        LiveReadings live = new LiveReadings(id -> null);
        InferenceStage stage = new InferenceStage(queue, List.of(reader), new Calibrations(List.of()),
                (m, g, c, r) -> null, live, r -> { },
                new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), List::of, Clock.systemUTC(), 1,
                Duration.ZERO, new DetectionMemory(Duration.ZERO), /* alternateViews= */ true,
                /* learnScaleMarks= */ true);
        stage.start();
        try {
            queue.offer(frame(1, 1));
            for (int i = 0; i < 200 && live.snapshot("cam1").isEmpty(); i++) {
                Thread.sleep(10);
            }
        } finally {
            stage.stop();
        }

        Annotation drawn = live.snapshot("cam1").orElseThrow().annotations().get(0);
        assertThat(drawn.ticks()).isEqualTo(ticks);
        assertThat(drawn.needle()).containsExactly(5, 5, 3, 2);
    }

    /** Finds one dial wherever it looks; reads it OK except in the frames named. */
    private static final class DialReader implements FakeFrameReader {
        final List<Long> detected = new CopyOnWriteArrayList<>();
        final List<Integer> detectedCameras = new CopyOnWriteArrayList<>();
        final List<Long> read = new CopyOnWriteArrayList<>();
        final Set<Long> failing;

        DialReader(Set<Long> failing) {
            this.failing = failing;
        }

        private static long seq(ImageRegion image) {
            return (image.bgr()[1] & 0xff) << 8 | (image.bgr()[2] & 0xff);
        }

        @Override
        public List<List<Detection>> detect(List<ImageRegion> images) {
            images.forEach(i -> detected.add(seq(i)));
            images.forEach(i -> detectedCameras.add((int) i.bgr()[0]));
            return images.stream().map(i -> List.of(new Detection(ModelFrameReader.METER, "meter", 0.9,
                    new BoundingBox(0, 0, 1, 1)))).toList();
        }

        @Override
        public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections) {
            List<List<FoundGauge>> out = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                long seq = seq(images.get(i));
                read.add(seq);
                GaugeMeasurement m = failing.contains(seq)
                        ? GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.LOW_CONFIDENCE, 0.1, null)
                        : GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null);
                out.add(detections.get(i).stream().map(d -> new FoundGauge(GaugeType.POINTER, d.box(), d.confidence(),
                        m, null)).toList());
            }
            return out;
        }
    }

    @Test
    void aMeterWhoseReadingCannotBeMade_costsTheCamerasOtherMetersNothing_andIsCounted() throws Exception {
        MeterCalibration bad = new MeterCalibration("bad", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 1, 1), new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1,
                null, 0.5, null, "bad.yaml");
        MeterCalibration good = new MeterCalibration("good", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 1, 1), new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1,
                null, 0.5, null, "good.yaml");
        CalibratedMeterFilters calibrated = new CalibratedMeterFilters();
        MeterFilters filters = (meter, gauge, captureTime, readTime) -> {
            if (meter.id().equals("bad")) {
                throw new IllegalArgumentException("an OK reading needs a finite value and fraction");
            }
            return calibrated.reading(meter, gauge, captureTime, readTime);
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Reading> stored = new CopyOnWriteArrayList<>();
        LatestFrameQueue queue = new LatestFrameQueue();
        DialReader reader = new DialReader(Set.of());
        InferenceStage stage = new InferenceStage(queue, List.of(reader), new Calibrations(List.of(bad, good)),
                filters, new LiveReadings(id -> null), stored::add,
                new MeterReaderMetrics(registry, Clock.systemUTC()), List::of, Clock.systemUTC(), 1,
                Duration.ZERO, new DetectionMemory(Duration.ZERO), /* alternateViews= */ false,
                /* learnScaleMarks= */ false);
        stage.start();
        try {
            for (int seq = 1; seq <= 2; seq++) {
                queue.offer(frame(1, seq));
                for (int i = 0; i < 400 && stored.size() < seq; i++) {
                    Thread.sleep(5);
                }
            }
        } finally {
            stage.stop();
        }

        assertThat(stored).extracting(Reading::meterId).containsExactly("good", "good");
        assertThat(registry.get(MeterReaderMetrics.INFERENCE_FAILURES).counter().count()).isEqualTo(2.0);
    }

    @Test
    void aCamerasDetections_areReusedForItsNextFrames_untilOldOrAGaugeStopsReading() throws Exception {
        DialReader reader = new DialReader(Set.of(12L));
        LatestFrameQueue queue = new LatestFrameQueue();
        MeterCalibration meter = new MeterCalibration("dial", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 1, 1), new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1,
                null, 0.5, null, "dial.yaml");
        InferenceStage stage = new InferenceStage(queue, List.of(reader), new Calibrations(List.of(meter)),
                new CalibratedMeterFilters(), new LiveReadings(id -> null), r -> { },
                new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), List::of, Clock.systemUTC(), 1,
                Duration.ZERO, new DetectionMemory(Duration.ofMillis(5)), /* alternateViews= */ true,
                /* learnScaleMarks= */ true);
        stage.start();
        try {
            // frames 1 ms apart (their sequence numbers are their capture times, in ms)
            for (int seq = 1; seq <= 20; seq++) {
                queue.offer(frame(1, seq));
                for (int i = 0; i < 200 && reader.read.size() < seq; i++) {
                    Thread.sleep(5);
                }
            }
        } finally {
            stage.stop();
        }

        assertThat(reader.read).hasSize(20);
        // 1 fresh; 2-5 reuse it; 6 is 5 ms on: fresh; 7-10 reuse; 11 fresh; 12 fails at the
        // remembered box, so 13 is looked at again; 14-17 reuse; 18 fresh.
        assertThat(reader.detected).containsExactly(1L, 6L, 11L, 13L, 18L);
    }

    @Test
    void aCameraDown_givesItsMetersCameraDown_andNoLongerListsItsUncalibratedGauges() throws Exception {
        MeterCalibration meter = new MeterCalibration("dial", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 1, 1), new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1,
                null, 0.5, null, "dial.yaml");
        Instant start = Instant.parse("2026-12-06T00:00:00Z");
        SettableClock clock = new SettableClock(start);
        AtomicReference<CameraState> state =
                new AtomicReference<>(CameraState.STREAMING);
        Supplier<List<CameraStatus>> cameras = () -> List.of(
                new CameraStatus("cam1", "rtsp://cam1", state.get(), 10, 0, 0, 0, "frozen", start,
                        "native"));
        LiveReadings live = new LiveReadings(id -> null);
        List<Reading> stored = new CopyOnWriteArrayList<>();
        LatestFrameQueue queue = new LatestFrameQueue();
        InferenceStage stage = new InferenceStage(queue, List.of(new DialReader(Set.of())), new Calibrations(List.of(meter)),
                new CalibratedMeterFilters(), live, stored::add,
                new MeterReaderMetrics(new SimpleMeterRegistry(), clock), cameras, clock, 1, Duration.ZERO,
                new DetectionMemory(Duration.ZERO), /* alternateViews= */ false, /* learnScaleMarks= */ false);
        Reading seen = Reading.ok("cam1:level@5,5", "cam1", 0.4, null, 0.4,
                0.9, AlarmState.NONE, start, start);
        live.snapshot("cam1", new CameraSnapshot(frame(1, 1), List.of()),
                List.of(new UncalibratedGauge(seen, GaugeType.LEVEL, new BoundingBox(5, 5, 2, 8))));
        stage.start();
        try {
            state.set(CameraState.FROZEN);
            // The stage looks at its cameras at least every 500 ms of real time; the clock moves a
            // second every 50 ms, so it sees the camera down at some time and for long enough later.
            for (int i = 0; i < 400 && stored.size() < 2; i++) {
                clock.advance(Duration.ofSeconds(1));
                Thread.sleep(50);
            }
        } finally {
            stage.stop();
        }

        assertThat(stored).extracting(Reading::status).startsWith(ReadingStatus.CAMERA_DOWN, ReadingStatus.CAMERA_DOWN);
        assertThat(stored.get(0).readTime()).as("not before the camera has been down for a while")
                .isAfterOrEqualTo(start.plus(InferenceStage.DOWN_AFTER));
        // each report is of its own time, so that the history and the latest reading take every one
        assertThat(stored.get(1).captureTime()).isAfterOrEqualTo(stored.get(0).captureTime()
                .plus(InferenceStage.DOWN_REPEAT));
        assertThat(live.latestReading("dial")).map(Reading::captureTime).hasValue(stored.get(1).captureTime());
        assertThat(live.uncalibrated()).isEmpty();
        assertThat(live.snapshot("cam1")).as("the last frame is still there to look at").isPresent();
    }

    @Test
    void aCameraOpeningItsStreamForTheFirstTime_isGivenLonger_butOneThatFailedIsNot() throws Exception {
        MeterCalibration meter = new MeterCalibration("dial", "cam1", GaugeType.POINTER,
                new MeterCalibration.Region(0, 0, 1, 1), new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1,
                null, 0.5, null, "dial.yaml");
        for (boolean failedOnce : new boolean[] {false, true}) {
            Instant start = Instant.parse("2026-12-06T00:00:00Z");
            SettableClock clock = new SettableClock(start);
            // as a worker opening its stream, with no frame yet: first, or after a failed attempt
            Supplier<List<CameraStatus>> cameras = () -> List.of(new CameraStatus("cam1", "rtsp://cam1",
                    CameraState.CONNECTING, 0, 0, failedOnce ? 1 : 0, 0, failedOnce ? "refused" : null, null, null));
            List<Reading> stored = new CopyOnWriteArrayList<>();
            InferenceStage stage = new InferenceStage(new LatestFrameQueue(), List.of(new DialReader(Set.of())),
                    new Calibrations(List.of(meter)), new CalibratedMeterFilters(), new LiveReadings(id -> null),
                    stored::add, new MeterReaderMetrics(new SimpleMeterRegistry(), clock), cameras, clock, 1,
                    Duration.ZERO, new DetectionMemory(Duration.ZERO), false, false);
            stage.start();
            try {
                // the clock moves a second every 50 ms of real time, the stage looks at least every 500 ms
                for (int i = 0; i < 400 && stored.isEmpty(); i++) {
                    clock.advance(Duration.ofSeconds(1));
                    Thread.sleep(50);
                }
            } finally {
                stage.stop();
            }
            assertThat(stored).as("failed once: " + failedOnce).isNotEmpty();
            assertThat(stored.get(0).status()).isEqualTo(ReadingStatus.CAMERA_DOWN);
            Duration after = Duration.between(start, stored.get(0).readTime());
            if (failedOnce) {
                assertThat(after).isLessThan(InferenceStage.FIRST_CONNECT);
            } else {
                assertThat(after).as("no CAMERA_DOWN into the history at every start").isGreaterThanOrEqualTo(
                        InferenceStage.FIRST_CONNECT);
            }
        }
    }

    @Test
    void aCameraWithItsOwnDetectEvery_isDetectedAsOftenAsItSays() throws Exception {
        DialReader reader = new DialReader(Set.of());
        LatestFrameQueue queue = new LatestFrameQueue();
        List<MeterCalibration> meters = new ArrayList<>();
        for (int camera = 1; camera <= 2; camera++) {
            meters.add(new MeterCalibration("dial" + camera, "cam" + camera, GaugeType.POINTER,
                    new MeterCalibration.Region(0, 0, 1, 1), new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1,
                    null, 0.5, null, "dial.yaml"));
        }
        InferenceStage stage = new InferenceStage(queue, List.of(reader), new Calibrations(meters),
                new CalibratedMeterFilters(), new LiveReadings(id -> null), r -> { },
                new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), List::of, Clock.systemUTC(), 1,
                Duration.ZERO, new DetectionMemory(Duration.ofSeconds(10)), /* alternateViews= */ true,
                /* learnScaleMarks= */ true);
        stage.detectEvery("cam2", Duration.ZERO);   // a camera that pans
        stage.start();
        try {
            for (int seq = 1; seq <= 10; seq++) {
                for (int camera = 1; camera <= 2; camera++) {
                    queue.offer(frame(camera, seq));
                    for (int i = 0; i < 200 && reader.read.size() < 2 * (seq - 1) + camera; i++) {
                        Thread.sleep(5);
                    }
                }
            }
        } finally {
            stage.stop();
        }

        assertThat(reader.read).hasSize(20);
        assertThat(reader.detectedCameras.stream().filter(c -> c == 1).count()).as("cam1, detections reused").isEqualTo(1);
        assertThat(reader.detectedCameras.stream().filter(c -> c == 2).count()).as("cam2, detect-every 0").isEqualTo(10);
    }

    /** Notes the camera history it is handed with each image, by camera number. */
    private static final class HistoryRecordingReader implements FakeFrameReader {
        final List<Map.Entry<Integer, DialViewHistory.At>> seen = new CopyOnWriteArrayList<>();

        @Override
        public List<List<Detection>> detect(List<ImageRegion> images) {
            return images.stream().map(i -> List.<Detection>of()).toList();
        }

        @Override
        public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections) {
            throw new AssertionError("the stage reads with the cameras' histories");
        }

        @Override
        public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections,
                                           List<DialViewHistory.At> histories) {
            for (int i = 0; i < images.size(); i++) {
                seen.add(new AbstractMap.SimpleEntry<>((int) images.get(i).bgr()[0], histories.get(i)));
            }
            return images.stream().map(i -> List.<FoundGauge>of()).toList();
        }
    }

    /** Runs the frames through a stage one at a time, forgetting camera 1 before the frame at {@code forgetAt}. */
    private static HistoryRecordingReader readThrough(boolean alternateViews, List<Frame> frames, int forgetAt)
            throws InterruptedException {
        return readThrough(alternateViews, frames, forgetAt, null);
    }

    /** As above, with camera 1 read every {@code cam1Interval} (when not null). */
    private static HistoryRecordingReader readThrough(boolean alternateViews, List<Frame> frames, int forgetAt,
                                                      Duration cam1Interval) throws InterruptedException {
        HistoryRecordingReader reader = new HistoryRecordingReader();
        LatestFrameQueue queue = new LatestFrameQueue();
        InferenceStage stage = new InferenceStage(queue, List.of(reader), new Calibrations(List.of()),
                (m, g, c, r) -> null, new LiveReadings(id -> null), r -> { },
                new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), List::of, Clock.systemUTC(), 1,
                Duration.ZERO, new DetectionMemory(Duration.ZERO), alternateViews,
                /* learnScaleMarks= */ true);
        if (cam1Interval != null) {
            stage.readInterval("cam1", cam1Interval);
        }
        stage.start();
        try {
            for (int k = 0; k < frames.size(); k++) {
                if (k == forgetAt) {
                    stage.forgetCamera("cam1");
                }
                queue.offer(frames.get(k));
                for (int i = 0; i < 200 && reader.seen.size() <= k; i++) {
                    Thread.sleep(10);
                }
            }
        } finally {
            stage.stop();
        }
        assertThat(reader.seen).hasSize(frames.size());
        return reader;
    }

    @Test
    void eachCamera_isReadWithItsOwnViewHistory_keptAcrossFrames_andForgottenWithTheCamera() throws Exception {
        List<Frame> frames = List.of(frame(1, 1), frame(2, 1), frame(1, 2), frame(1, 3));

        List<Map.Entry<Integer, DialViewHistory.At>> seen = readThrough(true, frames, 3).seen;

        DialViewHistory first = seen.get(0).getValue().history();
        assertThat(seen).extracting(e -> e.getValue().time())
                .containsExactly(frames.stream().map(Frame::captureTime).toArray(Instant[]::new));
        assertThat(seen.get(1).getValue().history()).isNotSameAs(first);   // camera 2's own
        assertThat(seen.get(2).getValue().history()).isSameAs(first);      // camera 1 again
        assertThat(seen.get(3).getValue().history()).isNotSameAs(first);   // camera 1 after it was forgotten
    }

    @Test
    void aCameraReadEvery10s_hasAHistoryWhoseReadingsConfirmFor25s() throws Exception {
        List<Map.Entry<Integer, DialViewHistory.At>> seen = readThrough(true, List.of(frame(1, 1), frame(2, 1)), -1,
                Duration.ofSeconds(10)).seen;

        BoundingBox dial = new BoundingBox(10, 10, 100, 100);
        for (Map.Entry<Integer, DialViewHistory.At> e : seen) {
            e.getValue().history().saw(dial, new DialViewHistory.Seen(0,
                    GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null), null, Instant.EPOCH));
        }
        assertThat(seen.get(0).getValue().history().latest(dial, Instant.EPOCH.plusSeconds(20))).isNotNull();
        assertThat(seen.get(1).getValue().history().latest(dial, Instant.EPOCH.plusSeconds(20))).isNull();   // 1 s
    }

    @Test
    void withoutAlternateViews_noHistoryIsHandedOn() throws Exception {
        List<Map.Entry<Integer, DialViewHistory.At>> seen = readThrough(false, List.of(frame(1, 1), frame(1, 2)), -1).seen;

        assertThat(seen).extracting(Map.Entry::getValue).containsOnlyNulls();
    }
}
