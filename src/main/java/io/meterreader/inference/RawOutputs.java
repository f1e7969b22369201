package io.meterreader.inference;

import java.nio.FloatBuffer;

/**
 * A model run's outputs in the Ultralytics layout, in buffers the runner reuses: valid until its
 * next run.
 *
 * @param predictions {@code [n, 4 + nc (+ 32), N]}
 * @param prototypes  {@code [n, 32, H/4, W/4]}, or null for a detection model
 */
public record RawOutputs(FloatBuffer predictions, FloatBuffer prototypes) {
}
