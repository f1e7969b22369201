package io.meterreader.pipeline;

import io.meterreader.camera.CameraStatus;
import io.meterreader.camera.CameraWorker;
import io.meterreader.camera.FrameSources;
import io.meterreader.camera.Sleeper;
import io.meterreader.config.CameraProperties;
import io.meterreader.config.Cameras;
import io.meterreader.config.Calibrations;
import io.meterreader.config.InferenceProperties;
import io.meterreader.config.MeterCalibration;
import io.meterreader.metrics.MeterReaderMetrics;
import io.meterreader.frame.Reading;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live pipeline, the only place that knows every stage: camera workers feed the latest-frame
 * queue, the inference stage reads the frames, and readings go to the live state, the store and
 * the metrics. Starts in that order from the back (consumers first) and stops from the front
 * (cameras first), so no frame is produced that nobody takes.
 */
public final class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Calibrations calibrations;
    private final MeterReaderMetrics metrics;
    private final Clock clock;
    private final LatestFrameQueue queue = new LatestFrameQueue();
    private final Map<String, CameraWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, CameraProperties> cameraConfig = new ConcurrentHashMap<>();
    private final LiveReadings live;
    private final InferenceStage stage;
    private final SplittableRandom seeds = new SplittableRandom();
    private final Runnable unsubscribe;
    private volatile Runnable unfollowCameras = () -> { };

    Pipeline(Calibrations calibrations, FrameReader reader, MeterFilters filters, Consumer<Reading> store,
             MeterReaderMetrics metrics, InferenceProperties inference, Clock clock) {
        this(calibrations, List.of(reader), inference.maxBatch(), filters, store, metrics, inference, clock);
    }

    /**
     * @param readers  one per inference worker
     * @param maxBatch frames per batch of each worker
     */
    Pipeline(Calibrations calibrations, List<? extends FrameReader> readers, int maxBatch, MeterFilters filters,
             Consumer<Reading> store, MeterReaderMetrics metrics, InferenceProperties inference, Clock clock) {
        this(calibrations, readers, maxBatch, filters, store, metrics, inference, MarksMemory.NONE, clock);
    }

    /** @param marks where learnt scale marks are kept across restarts */
    Pipeline(Calibrations calibrations, List<? extends FrameReader> readers, int maxBatch, MeterFilters filters,
             Consumer<Reading> store, MeterReaderMetrics metrics, InferenceProperties inference, MarksMemory marks,
             Clock clock) {
        this.calibrations = calibrations;
        this.metrics = metrics;
        this.clock = clock;
        this.live = new LiveReadings(this::cameraStatus);
        this.stage = new InferenceStage(queue, readers, calibrations, filters, live, store, metrics,
                this::cameraStatuses, clock, maxBatch, inference.batchTimeout(),
                DetectionMemory.spread(inference.detectEvery()),
                /* alternateViews= */ inference.alternateViews() && inference.dialViews() == 2,
                inference.learnScaleMarks() ? marks : null);
        metrics.addQueue(queue::depth);
        for (MeterCalibration m : calibrations.all()) {
            metrics.addMeter(m.id(), m.camera(), m.range().unit());
        }
        this.unsubscribe = calibrations.onChange(this::calibrationsChanged);
    }

    /**
     * A calibration set put in force while running (edited files, {@link
     * io.meterreader.config.CalibrationReloader}): the next frames are read with it; here what is
     * kept per meter follows. A meter gone loses its metrics and latest readings; a changed one
     * what was learnt or warned about under its old calibration (its reading filter starts afresh
     * by itself), and its metrics start afresh where their camera or unit tags changed. A dial
     * keeps the scale marks it learnt through an edit that leaves it the same dial (a new range or
     * alarm limit: {@link LearnedMarks#dial}).
     */
    private synchronized void calibrationsChanged(Calibrations.Change change) {
        for (MeterCalibration m : change.removed()) {
            metrics.removeMeter(m.id());
            live.forgetMeter(m.id());
            stage.forgetMeter(m.id());
        }
        for (MeterCalibration m : change.changed()) {
            metrics.meterChanged(m.id(), m.camera(), m.range().unit());
            stage.recalibrated(m);
        }
        for (MeterCalibration m : change.added()) {
            metrics.addMeter(m.id(), m.camera(), m.range().unit());
        }
    }

    public LiveState liveState() {
        return live;
    }

    /** From now on each meter going into alarm leaves its annotated frame there. */
    public void useAlarmSnapshots(AlarmSnapshots pictures) {
        live.alarmSnapshots(pictures);
    }

    /** Starts the stages and the cameras in force, and from then on follows that set as it changes. */
    synchronized void start(Cameras cameras) {
        stage.start();
        unfollowCameras = cameras.onChange(this::camerasChanged);
        List<CameraProperties> all = cameras.all();
        all.forEach(this::addCamera);
        log.info("Pipeline started: {} camera(s), {} meter(s)", all.size(), calibrations.all().size());
    }

    /**
     * A cameras file put in force while running ({@link io.meterreader.config.CalibrationReloader}):
     * a camera removed stops and is forgotten, one added starts, and one whose settings changed is
     * started afresh with them (a new URL is another camera; its frame, status and counters start over).
     */
    private synchronized void camerasChanged(Cameras.Change change) {
        for (CameraProperties camera : change.removed()) {
            removeCamera(camera.id());
            log.info("Camera {} removed: no longer read", camera.id());
        }
        for (CameraProperties camera : change.changed()) {
            removeCamera(camera.id());
            addCamera(camera);
            log.info("Camera {} changed: reading it afresh from {}", camera.id(), camera.url());
        }
        for (CameraProperties camera : change.added()) {
            if (workers.containsKey(camera.id())) {
                continue; // started with the set, as the change came in
            }
            addCamera(camera);
            log.info("Camera {} added: reading {}", camera.id(), camera.url());
        }
    }

    /** Starts reading a camera; its meters come from the calibration set. */
    public synchronized void addCamera(CameraProperties camera) {
        if (workers.containsKey(camera.id())) {
            throw new IllegalArgumentException("camera " + camera.id() + " is already running");
        }
        CameraWorker worker = new CameraWorker(camera, () -> FrameSources.forCamera(camera, clock, Sleeper.SYSTEM),
                queue, clock, Sleeper.SYSTEM, seeds.split());
        cameraConfig.put(camera.id(), camera);
        workers.put(camera.id(), worker);
        if (camera.detectEvery() != null) {
            stage.detectEvery(camera.id(), camera.detectEvery());
        }
        stage.readInterval(camera.id(), camera.readInterval());
        metrics.addCamera(camera.id(), worker::status, () -> live.cameraWarning(camera.id()).isPresent());
        for (MeterCalibration m : calibrations.onCamera(camera.id())) {
            metrics.addMeter(m.id(), m.camera(), m.range().unit());
        }
        worker.start();
    }

    /** Stops a camera and forgets it: its thread ends, its frame and meters go. */
    public synchronized void removeCamera(String cameraId) {
        CameraWorker worker = workers.remove(cameraId);
        cameraConfig.remove(cameraId);
        if (worker == null) {
            return;
        }
        worker.stop();
        queue.forget(cameraId);
        live.forgetCamera(cameraId);
        stage.forgetCamera(cameraId);
        metrics.removeCamera(cameraId);
    }

    void stop() {
        unsubscribe.run();
        unfollowCameras.run();
        List<String> ids = new ArrayList<>(workers.keySet());
        ids.parallelStream().forEach(this::removeCamera);
        queue.close();
        stage.stop();
        log.info("Pipeline stopped");
    }

    CameraStatus cameraStatus(String cameraId) {
        CameraWorker worker = workers.get(cameraId);
        if (worker != null) {
            return worker.status();
        }
        CameraProperties camera = cameraConfig.get(cameraId);
        return CameraStatus.unknown(cameraId, camera == null ? "" : camera.url().masked());
    }

    List<CameraStatus> cameraStatuses() {
        return workers.values().stream().map(CameraWorker::status).toList();
    }

    public boolean isRunning() {
        return stage.isAlive();
    }

    /** How the inference workers stand (none before the pipeline starts). */
    InferenceStage.Progress inferenceProgress() {
        return stage.progress();
    }

    /** CPU time all camera threads spent reading and decoding, so far. */
    long decodeCpuNanos() {
        return workers.values().stream().mapToLong(CameraWorker::grabCpuNanos).sum();
    }

    int queueDepth() {
        return queue.depth();
    }
}
