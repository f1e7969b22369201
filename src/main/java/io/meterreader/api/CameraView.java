package io.meterreader.api;

import io.meterreader.camera.CameraStatus;
import io.meterreader.config.CameraProperties;
import java.time.Instant;

/**
 * A camera as the API shows it; the URL is masked. {@code reader}: what reads it, {@code native}
 * (the service's own RTSP client), {@code ffmpeg} or {@code sim}. {@code warning}: what its
 * readings suggest is wrong with the camera (it seems to have moved), or null.
 */
record CameraView(
        String id,
        String url,
        String state,
        long readIntervalMillis,
        boolean keyframesOnly,
        long frames,
        long drops,
        long reconnects,
        String lastError,
        Instant lastFrameAt,
        String reader,
        String warning) {

    static CameraView of(CameraProperties camera, CameraStatus status, String warning) {
        return new CameraView(camera.id(), camera.url().masked(), status.state().name(),
                camera.readInterval().toMillis(), camera.keyframesOnly(), status.framesGrabbed(),
                status.framesDropped(), status.reconnects(), status.lastError(), status.lastFrameAt(),
                status.reader(), warning);
    }
}
