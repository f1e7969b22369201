package io.meterreader.camera;

import java.time.Instant;

/**
 * A camera's health as the API and metrics show it. The URL is the masked one.
 *
 * @param lastError   the last failure, credentials removed; {@code null} if none
 * @param lastFrameAt when the last frame arrived; {@code null} if none yet
 * @param reader      what reads the camera ({@link FrameSource#reader}); {@code null} before it started
 */
public record CameraStatus(
        String id,
        String url,
        CameraState state,
        long framesGrabbed,
        long framesDropped,
        long reconnects,
        long streamBreaks,
        String lastError,
        Instant lastFrameAt,
        String reader) {

    public static CameraStatus unknown(String id, String maskedUrl) {
        return new CameraStatus(id, maskedUrl, CameraState.UNKNOWN, 0, 0, 0, 0, null, null, null);
    }
}
