package io.meterreader.pipeline;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.ScaleMapping;
import io.meterreader.metrics.MeterReaderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of the queue: takes batches of frames across cameras, reads every gauge in
 * them, assigns the gauges to meters by region, turns them into readings through each meter's
 * calibration and filter, and hands the readings to the live state, the store and the metrics.
 * Meters of a camera that is down get CAMERA_DOWN readings (every {@link #DOWN_REPEAT}).
 *
 * <p>One thread per frame reader (inference worker), each with its own copy of the models: on a
 * CPU, workers of one thread each use the cores better than one worker whose model runs spread
 * over them. The queue hands each camera's frames to one worker at a time, and readings are
 * published under one lock, so each meter's filter sees its readings one by one and in order.
 */
final class InferenceStage {

    private static final Logger log = LoggerFactory.getLogger(InferenceStage.class);
    static final Duration DOWN_REPEAT = Duration.ofSeconds(10);
    /** A camera counts as down after this long without streaming. */
    static final Duration DOWN_AFTER = Duration.ofSeconds(5);
    /**
     * ...but one still opening its stream for the first time (no frame yet, no attempt failed)
     * only after this long: opening an RTSP stream takes seconds (probing, a camera's key frame
     * interval), and a restart would otherwise put a CAMERA_DOWN into every meter's history.
     */
    static final Duration FIRST_CONNECT = Duration.ofSeconds(30);
    /** An uncalibrated gauge reports its fraction as its value, unit-less. */
    private static final ScaleMapping UNCALIBRATED = ScaleMapping.uncalibrated();

    private final LatestFrameQueue queue;
    private final List<? extends FrameReader> readers;
    private final Object publishing = new Object();
    private final Calibrations calibrations;
    /** The meters seen out of service, so that going out is acted on once; guarded by publishing. */
    private final Set<String> outOfService = new HashSet<>();
    private final MeterFilters filters;
    private final LiveReadings live;
    private final Consumer<Reading> store;
    private final MeterReaderMetrics metrics;
    private final Supplier<List<CameraStatus>> cameras;
    private final Clock clock;
    private final int maxBatch;
    private final Duration linger;
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> downReported = new ConcurrentHashMap<>();
    /** When each meter whose reading could not be made was last logged. Guarded by publishing. */
    private final Map<String, Instant> failureLogged = new HashMap<>();
    /** Guarded by {@link #publishing}. */
    private final MarksWatch marksWatch = new MarksWatch();
    /** Guarded by {@link #publishing}. */
    private final CameraShiftWatch shiftWatch = new CameraShiftWatch();
    /** Guarded by {@link #publishing}; null when meters do not learn their scale marks. */
    private final LearnedMarks learnedMarks;
    private final DetectionMemory detections;
    /** Each camera's dials' latest readings by crop, when their crops take turns; null when they do not. */
    private final Map<String, DialViewHistory> viewHistories;
    /** How often each camera is read, for how long its dials' readings confirm. */
    private final Map<String, Duration> readIntervals = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    /** Added to once, at start; read by the health without the stage's lock, which stop holds while it joins. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** When each worker last came round its loop; a worker waits at most half a second for frames. */
    private final Map<Integer, Instant> lastTurn = new ConcurrentHashMap<>();

    /**
     * @param readers     one per worker
     * @param maxBatch    frames per batch of each worker
     * @param detections  what each camera's detector found, reused for its next frames
     * @param alternateViews whether a dial read in two crops is read in one per frame where the
     *                    other's recent reading confirms it ({@link DialViewHistory})
     * @param learnScaleMarks whether a pointer meter without scale marks learns them from its sure
     *                    tick readings and is read against them where its ticks are not sure
     *                    ({@link LearnedMarks})
     */
    InferenceStage(LatestFrameQueue queue, List<? extends FrameReader> readers, Calibrations calibrations,
                   MeterFilters filters, LiveReadings live, Consumer<Reading> store, MeterReaderMetrics metrics,
                   Supplier<List<CameraStatus>> cameras, Clock clock, int maxBatch, Duration linger,
                   DetectionMemory detections, boolean alternateViews, boolean learnScaleMarks) {
        this(queue, readers, calibrations, filters, live, store, metrics, cameras, clock, maxBatch, linger, detections,
                alternateViews, learnScaleMarks ? MarksMemory.NONE : null);
    }

    /**
     * As above, learning scale marks when {@code marksMemory} is not null, and keeping them there
     * across restarts.
     */
    InferenceStage(LatestFrameQueue queue, List<? extends FrameReader> readers, Calibrations calibrations,
                   MeterFilters filters, LiveReadings live, Consumer<Reading> store, MeterReaderMetrics metrics,
                   Supplier<List<CameraStatus>> cameras, Clock clock, int maxBatch, Duration linger,
                   DetectionMemory detections, boolean alternateViews, MarksMemory marksMemory) {
        if (readers.isEmpty()) {
            throw new IllegalArgumentException("the inference stage needs a frame reader");
        }
        this.queue = queue;
        this.readers = List.copyOf(readers);
        this.calibrations = calibrations;
        this.filters = filters;
        this.live = live;
        this.store = store;
        this.metrics = metrics;
        this.cameras = cameras;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.linger = linger;
        this.detections = detections;
        this.viewHistories = alternateViews ? new ConcurrentHashMap<>() : null;
        this.learnedMarks = marksMemory == null ? null
                : new LearnedMarks(log::info, live::learntScaleMarks, marksMemory);
    }

    synchronized void start() {
        for (int i = 0; i < readers.size(); i++) {
            FrameReader reader = readers.get(i);
            int worker = i;
            lastTurn.put(worker, clock.instant());
            Thread t = new Thread(() -> run(worker, reader), readers.size() == 1 ? "inference"
                    : "inference-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    synchronized void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether every worker is running. */
    synchronized boolean isAlive() {
        return !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
    }

    /**
     * How the workers stand: how many were started and are alive, and the longest any of them
     * has been on one turn of its loop (one batch, or half a second's wait for frames).
     */
    record Progress(int workers, int alive, Duration longestTurn) {
    }

    Progress progress() {
        Instant now = clock.instant();
        Duration longest = lastTurn.values().stream().map(t -> Duration.between(t, now)).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        int alive = (int) threads.stream().filter(Thread::isAlive).count();
        return new Progress(threads.size(), alive, longest.isNegative() ? Duration.ZERO : longest);
    }

    private void run(int worker, FrameReader reader) {
        while (running) {
            lastTurn.put(worker, clock.instant());
            try {
                List<Frame> batch = queue.takeBatch(maxBatch, Duration.ofMillis(500), linger);
                if (!batch.isEmpty()) {
                    try {
                        process(reader, batch);
                    } finally {
                        queue.release(batch);
                    }
                }
                synchronized (publishing) {
                    reportDownCameras();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    // a model run cut short by the stop (interrupted) is no failure
                    return;
                }
                // A bad frame or a model error must not end the stage: log it and go on.
                log.error("Inference batch failed: {}", e.toString(), e);
                metrics.recordInferenceFailure();
            }
        }
    }

    private void process(FrameReader reader, List<Frame> batch) {
        List<ImageRegion> images = batch.stream().map(ImageRegion::whole).toList();
        List<List<Detection>> boxes = new ArrayList<>(batch.size());
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            List<Detection> recalled = detections.recall(batch.get(i));
            boxes.add(recalled);
            if (recalled == null) {
                unknown.add(i);
            }
        }
        if (!unknown.isEmpty()) {
            List<List<Detection>> fresh = reader.detect(unknown.stream().map(images::get).toList());
            for (int k = 0; k < unknown.size(); k++) {
                boxes.set(unknown.get(k), fresh.get(k));
            }
        }
        List<DialViewHistory.At> histories = batch.stream().map(f -> viewHistories == null ? null
                : new DialViewHistory.At(viewHistories.computeIfAbsent(f.cameraId(),
                        id -> DialViewHistory.forReadInterval(readIntervals.getOrDefault(id, Duration.ZERO))),
                        f.captureTime())).toList();
        List<List<FoundGauge>> found = reader.read(images, boxes, histories);
        Instant readTime = clock.instant();
        synchronized (publishing) {
            for (int i = 0; i < batch.size(); i++) {
                DetectionMemory.Outcome outcome = publish(batch.get(i), found.get(i), readTime);
                detections.update(batch.get(i), boxes.get(i), unknown.contains(i), outcome);
            }
        }
    }

    private DetectionMemory.Outcome publish(Frame frame, List<FoundGauge> gauges, Instant readTime) {
        List<MeterCalibration> meters = calibrations.onCamera(frame.cameraId());
        MeterAssigner.Assignment assignment = MeterAssigner.assign(meters, gauges);
        List<Annotation> annotations = new ArrayList<>();
        int ok = 0;
        for (MeterCalibration meter : meters) {
            FoundGauge assigned = assignment.byMeter().get(meter);
            // out of service, the gauge there is no process's, nor one to learn the dial from
            boolean away = filters.outOfService(meter.id());
            if (!away) {
                outOfService.remove(meter.id());
            } else if (outOfService.add(meter.id())) {
                marksWatch.forget(meter.id());
                if (learnedMarks != null) {
                    learnedMarks.outOfService(meter);
                }
            }
            FoundGauge gauge = away ? assigned : learnedMarks == null ? marked(meter, assigned)
                    : learnedMarks.read(meter, assigned);
            if (gauge != assigned) {
                marksWatch.check(meter, assigned, gauge, readTime).ifPresent(log::warn);
            }
            Reading reading;
            try {
                reading = filters.reading(meter, gauge, frame.captureTime(), readTime);
            } catch (RuntimeException e) {
                // one meter whose reading cannot be made must not cost the camera's other meters theirs
                failed(meter, e, readTime);
                continue;
            }
            emit(reading);
            ok += reading.isOk() ? 1 : 0;
            if (gauge != null) {
                annotations.add(new Annotation(gauge.type(), gauge.box(), meter.id(), reading.status(),
                        label(meter.id(), reading), gauge.needle(), gauge.ticks()));
            }
        }
        List<UncalibratedGauge> uncalibrated = new ArrayList<>();
        for (FoundGauge gauge : assignment.uncalibrated()) {
            String id = MeterAssigner.uncalibratedId(frame.cameraId(), gauge, frame.width(), frame.height());
            Reading r = UNCALIBRATED.toReading(gauge.measurement(), id, frame.cameraId(), frame.captureTime(),
                    readTime);
            uncalibrated.add(new UncalibratedGauge(r, gauge.type(), gauge.box()));
            annotations.add(new Annotation(gauge.type(), gauge.box(), null, r.status(), label(id, r), gauge.needle(),
                    gauge.ticks()));
        }
        live.snapshot(frame.cameraId(), new CameraSnapshot(frame, annotations), uncalibrated);
        Optional<CameraShiftWatch.Warning> moved = shiftWatch.check(frame.cameraId(), frame.width(), frame.height(),
                meters, assignment, readTime);
        moved.ifPresent(warning -> {
            if (warning.log()) {
                log.warn(warning.text());
            }
            live.cameraWarning(frame.cameraId(), warning.text());
        });
        if (assignment.byMeter().size() == meters.size()) {
            live.cameraWarning(frame.cameraId(), null);   // every meter found in its region again
        }
        return new DetectionMemory.Outcome(gauges, ok == meters.size());
    }

    /** Counts a meter whose reading could not be made, and logs it at most once a minute. */
    private void failed(MeterCalibration meter, RuntimeException e, Instant now) {
        metrics.recordInferenceFailure();
        Instant last = failureLogged.get(meter.id());
        if (last == null || Duration.between(last, now).toMinutes() >= 1) {
            failureLogged.put(meter.id(), now);
            log.error("Meter {}: its reading could not be made ({}); the camera's other meters are read", meter.id(),
                    e.toString(), e);
        }
    }

    /** A pointer meter with scale marks is read from its pointer against them. */
    static FoundGauge marked(MeterCalibration meter, FoundGauge gauge) {
        if (gauge == null || meter.scaleMarks() == null) {
            return gauge;
        }
        return gauge.readAgainst(MarkedPointerReader.Marks.of(meter.scaleMarks(), meter.counterclockwise()));
    }

    private void emit(Reading reading) {
        live.record(reading);
        store.accept(reading);
        metrics.recordReading(reading);
    }

    static String label(String id, Reading r) {
        if (!r.isOk()) {
            return id + " " + r.status();
        }
        String value = String.format(Locale.ROOT, Math.abs(r.value()) >= 100 ? "%.1f" : "%.3g", r.value());
        return r.unit() == null ? id + " " + String.format(Locale.ROOT, "%.1f%%", r.fraction() * 100)
                : id + " " + value + " " + r.unit();
    }

    /**
     * Meters of cameras that are not streaming read CAMERA_DOWN, repeated every DOWN_REPEAT, and
     * their uncalibrated gauges are no longer listed.
     */
    private void reportDownCameras() {
        Instant now = clock.instant();
        for (CameraStatus status : cameras.get()) {
            if (status.state() == CameraState.STREAMING) {
                downSince.remove(status.id());
                downReported.remove(status.id());
                continue;
            }
            Instant since = downSince.computeIfAbsent(status.id(), id -> now);
            Instant last = downReported.get(status.id());
            boolean opening = (status.state() == CameraState.CONNECTING || status.state() == CameraState.UNKNOWN)
                    && status.lastFrameAt() == null
                    && status.reconnects() == 0 && last == null;
            if (Duration.between(since, now).compareTo(opening ? FIRST_CONNECT : DOWN_AFTER) < 0
                    || (last != null && Duration.between(last, now).compareTo(DOWN_REPEAT) < 0)) {
                continue;
            }
            downReported.put(status.id(), now);
            // What its last frame showed where no meter is calibrated is not there now either.
            live.forgetUncalibrated(status.id());
            for (MeterCalibration meter : calibrations.onCamera(status.id())) {
                // a meter out of service says so, whatever its camera does; each report is of now (not
                // of the last frame: a report of a time already reported would reach no history)
                emit(Reading.failed(meter.id(), status.id(), filters.outOfService(meter.id())
                                ? ReadingStatus.OUT_OF_SERVICE : ReadingStatus.CAMERA_DOWN, meter.range().unit(), 0,
                        now, now));
            }
        }
    }

    /** A camera whose detections are reused for another time than {@code detect-every} says. */
    void detectEvery(String cameraId, Duration lifetime) {
        detections.lifetime(cameraId, lifetime);
    }

    /** A camera read every {@code interval}: its dials' readings confirm for a few of its intervals. */
    void readInterval(String cameraId, Duration interval) {
        readIntervals.put(cameraId, interval);
    }

    /**
     * A meter's calibration changed: its scale marks' watch starts afresh, and what it learnt of
     * its marks is kept only if it is still the same dial ({@link LearnedMarks#dial}).
     */
    void recalibrated(MeterCalibration meter) {
        synchronized (publishing) {
            marksWatch.forget(meter.id());
            if (learnedMarks != null) {
                learnedMarks.recalibrated(meter);
            }
        }
    }

    /** Forgets what is kept of a meter that went. */
    void forgetMeter(String meterId) {
        synchronized (publishing) {
            outOfService.remove(meterId);
            marksWatch.forget(meterId);
            if (learnedMarks != null) {
                learnedMarks.forgetMeter(meterId);
            }
        }
    }

    void forgetCamera(String cameraId) {
        detections.forget(cameraId);
        readIntervals.remove(cameraId);
        if (viewHistories != null) {
            viewHistories.remove(cameraId);
        }
        if (learnedMarks != null) {
            synchronized (publishing) {
                learnedMarks.forgetCamera(cameraId);
            }
        }
        downSince.remove(cameraId);
        downReported.remove(cameraId);
        synchronized (publishing) {
            shiftWatch.forget(cameraId);
        }
    }
}
