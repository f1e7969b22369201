package io.meterreader.pipeline;

import io.meterreader.camera.CameraStatus;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import java.util.Optional;

/** What the running pipeline knows now: camera health and each meter's latest reading. */
public interface LiveState {

    /** The camera's status; state UNKNOWN when no worker runs for it. */
    CameraStatus camera(String cameraId);

    /** The meter's latest reading, if it has been read since start-up. */
    Optional<Reading> latestReading(String meterId);

    /**
     * The meter's latest OK reading: what a display keeps showing, marked as old, while the
     * latest reading has no value (IMPLAUSIBLE, CAMERA_DOWN, ...).
     */
    default Optional<Reading> lastOk(String meterId) {
        return Optional.empty();
    }

    /**
     * The scale marks a pointer meter calibrated without them has learnt from its tick readings
     * ({@code meter-reader.inference.learn-scale-marks}), as a calibration would give them.
     */
    default Optional<MeterCalibration.ScaleMarks> learntScaleMarks(String meterId) {
        return Optional.empty();
    }

    /**
     * What the readings of the camera's frames suggest is wrong with the camera itself (it seems
     * to have moved: {@link CameraShiftWatch}), until its meters are found in their regions again.
     */
    default Optional<String> cameraWarning(String cameraId) {
        return Optional.empty();
    }

    /** The latest frame of the camera that was read, with its annotations. */
    Optional<CameraSnapshot> snapshot(String cameraId);

    /** Gauges found where no meter is calibrated, in the latest frame of each camera. */
    default java.util.List<UncalibratedGauge> uncalibrated() {
        return java.util.List.of();
    }
}
