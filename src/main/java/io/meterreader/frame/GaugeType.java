package io.meterreader.frame;

/** The two kinds of gauge the service reads. */
public enum GaugeType {
    /** A dial with a rotating pointer over an arc of tick marks. */
    POINTER,
    /** A sight glass whose liquid surface rises and falls. */
    LEVEL
}
