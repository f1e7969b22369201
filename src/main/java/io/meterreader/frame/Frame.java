package io.meterreader.frame;

import java.time.Instant;
import java.util.Objects;

/**
 * A decoded camera frame: 8-bit BGR pixels, row-major, 3 bytes per pixel, with no row padding.
 * The pixel array is owned by the frame: a source copies out of its decoder's reused buffer.
 *
 * @param cameraId    the camera that produced it
 * @param sequence    the camera's frame counter, increasing from 0 on each connection
 * @param captureTime when the camera captured it (from the stream where it says so), to the microsecond
 */
public record Frame(String cameraId, long sequence, Instant captureTime, int width, int height, byte[] bgr) {

    public Frame {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(captureTime, "captureTime");
        Objects.requireNonNull(bgr, "bgr");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (bgr.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "a " + width + "x" + height + " BGR frame needs " + width * height * 3 + " bytes, got " + bgr.length);
        }
        // as its readings carry it, and the history keeps it: a frame and its readings match by their time
        captureTime = StoredTimes.micros(captureTime);
    }

    @Override
    public String toString() {
        return "Frame[" + cameraId + " #" + sequence + " " + width + "x" + height + " at " + captureTime + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
