package io.meterreader.frame;

/** A reading's position relative to its meter's alarm limits. */
public enum AlarmState {
    NONE,
    LOW,
    HIGH
}
