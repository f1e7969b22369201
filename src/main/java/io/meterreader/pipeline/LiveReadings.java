package io.meterreader.pipeline;

import io.meterreader.camera.CameraStatus;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the running pipeline knows now: each meter's latest reading, each camera's latest
 * annotated frame and its uncalibrated gauges. Written by the inference stage, read by the API.
 */
final class LiveReadings implements LiveState {

    private final Function<String, CameraStatus> cameras;
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final Map<String, Reading> lastOk = new ConcurrentHashMap<>();
    private final Map<String, CameraSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, List<UncalibratedGauge>> uncalibrated = new ConcurrentHashMap<>();
    private final Map<String, MeterCalibration.ScaleMarks> learntMarks = new ConcurrentHashMap<>();
    private final Map<String, String> cameraWarnings = new ConcurrentHashMap<>();
    /** Where meters going into alarm leave their picture; null: nowhere. */
    private volatile AlarmSnapshots alarmSnapshots;

    LiveReadings(Function<String, CameraStatus> cameras) {
        this.cameras = cameras;
    }

    @Override
    public CameraStatus camera(String cameraId) {
        return cameras.apply(cameraId);
    }

    @Override
    public Optional<Reading> latestReading(String meterId) {
        return Optional.ofNullable(latest.get(meterId));
    }

    @Override
    public Optional<CameraSnapshot> snapshot(String cameraId) {
        return Optional.ofNullable(snapshots.get(cameraId));
    }

    @Override
    public List<UncalibratedGauge> uncalibrated() {
        List<UncalibratedGauge> all = new ArrayList<>();
        uncalibrated.values().forEach(all::addAll);
        all.sort(Comparator.comparing(g -> g.reading().meterId()));
        return all;
    }

    @Override
    public Optional<Reading> lastOk(String meterId) {
        return Optional.ofNullable(lastOk.get(meterId));
    }

    @Override
    public Optional<String> cameraWarning(String cameraId) {
        return Optional.ofNullable(cameraWarnings.get(cameraId));
    }

    /** The camera's warning now; null: none. */
    void cameraWarning(String cameraId, String warning) {
        if (warning == null) {
            cameraWarnings.remove(cameraId);
        } else {
            cameraWarnings.put(cameraId, warning);
        }
    }

    @Override
    public Optional<MeterCalibration.ScaleMarks> learntScaleMarks(String meterId) {
        return Optional.ofNullable(learntMarks.get(meterId));
    }

    /** The meter's learnt scale marks now; null: none. */
    void learntScaleMarks(String meterId, MeterCalibration.ScaleMarks marks) {
        if (marks == null) {
            learntMarks.remove(meterId);
        } else {
            learntMarks.put(meterId, marks);
        }
    }

    void alarmSnapshots(AlarmSnapshots pictures) {
        this.alarmSnapshots = pictures;
    }

    void record(Reading reading) {
        latest.put(reading.meterId(), reading);
        if (reading.isOk()) {
            lastOk.put(reading.meterId(), reading);
        } else if (reading.status() == ReadingStatus.OUT_OF_SERVICE) {
            // the gauge read before it went away (for maintenance, or replaced) says nothing of the one back
            lastOk.remove(reading.meterId());
        }
        AlarmSnapshots pictures = alarmSnapshots;
        if (pictures != null) {
            pictures.reading(reading);
        }
    }

    void snapshot(String cameraId, CameraSnapshot snapshot, List<UncalibratedGauge> uncalibratedGauges) {
        snapshots.put(cameraId, snapshot);
        uncalibrated.put(cameraId, List.copyOf(uncalibratedGauges));
        AlarmSnapshots pictures = alarmSnapshots;
        if (pictures != null) {
            pictures.snapshot(snapshot);
        }
    }

    /** Forgets the gauges the camera's last frame showed where no meter is calibrated (its snapshot stays). */
    void forgetUncalibrated(String cameraId) {
        uncalibrated.remove(cameraId);
    }

    void forgetCamera(String cameraId) {
        snapshots.remove(cameraId);
        uncalibrated.remove(cameraId);
        cameraWarnings.remove(cameraId);
    }

    /** Forgets what is kept of a meter no longer calibrated. */
    void forgetMeter(String meterId) {
        latest.remove(meterId);
        lastOk.remove(meterId);
        learntMarks.remove(meterId);
        AlarmSnapshots pictures = alarmSnapshots;
        if (pictures != null) {
            pictures.forgetMeter(meterId);
        }
    }
}
