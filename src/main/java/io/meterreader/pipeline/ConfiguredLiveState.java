package io.meterreader.pipeline;

import io.meterreader.camera.CameraStatus;
import io.meterreader.config.CameraProperties;
import io.meterreader.config.Cameras;
import io.meterreader.frame.Reading;
import java.util.Optional;

/** The state before any camera runs: every configured camera UNKNOWN, no readings. */
final class ConfiguredLiveState implements LiveState {

    private final Cameras cameras;

    ConfiguredLiveState(Cameras cameras) {
        this.cameras = cameras;
    }

    @Override
    public CameraStatus camera(String cameraId) {
        CameraProperties camera = cameras.camera(cameraId)
                .orElseThrow(() -> new IllegalArgumentException("unknown camera " + cameraId));
        return CameraStatus.unknown(camera.id(), camera.url().masked());
    }

    @Override
    public Optional<Reading> latestReading(String meterId) {
        return Optional.empty();
    }

    @Override
    public Optional<CameraSnapshot> snapshot(String cameraId) {
        return Optional.empty();
    }
}
