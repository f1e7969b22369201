package io.meterreader.gauge;

/**
 * How a reader arrived at a measurement, in the pixels of the image it was given: enough to
 * draw an annotated snapshot and to see why a reading failed.
 */
public sealed interface GaugeDiagnostics permits PointerDiagnostics, LevelDiagnostics {
}
