package io.meterreader.camera;

/** Where a camera's worker is in its life. */
public enum CameraState {
    /** No worker runs for it (the pipeline has not started it). */
    UNKNOWN,
    /** Opening the stream. */
    CONNECTING,
    /** Frames are arriving. */
    STREAMING,
    /**
     * Frames are arriving, but the picture stood still for the camera's freeze timeout: they are
     * not read until it has changed in several frames in a row.
     */
    FROZEN,
    /** The stream failed or stalled; waiting out the back-off before the next attempt. */
    RECONNECTING,
    /** Stopped on purpose. */
    STOPPED
}
