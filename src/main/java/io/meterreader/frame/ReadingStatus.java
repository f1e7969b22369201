package io.meterreader.frame;

/**
 * Why a reading has, or has not, a value. Only {@link #OK} carries a value; every other status
 * says what went wrong, so a failure is never disguised as a number.
 */
public enum ReadingStatus {
    /** The gauge was read and the value is trusted. */
    OK("read"),
    /** No gauge was found where the meter is calibrated. */
    NOT_DETECTED("no gauge detected in the meter's region"),
    /** The gauge was found but its pointer (or liquid surface) was not. */
    POINTER_NOT_FOUND("pointer or liquid surface not found"),
    /** The gauge was found but not enough of its scale to place the pointer on it. */
    SCALE_NOT_FOUND("scale ticks not found"),
    /** A reading was made but its confidence is below the meter's threshold. */
    LOW_CONFIDENCE("reading confidence below threshold"),
    /** The pointer lies outside the scale's first and last tick. */
    OUT_OF_RANGE("pointer outside the scale"),
    /** The value jumped faster than the meter can change; the previous value stands. */
    IMPLAUSIBLE("change faster than the meter's maximum rate"),
    /** The camera delivered no frame to read. */
    CAMERA_DOWN("camera not streaming"),
    /**
     * An operator has taken the meter out of service (ISA-18.2: for maintenance, a gauge being
     * replaced): it is not read, and its alarm is off the list, until it is put back.
     */
    OUT_OF_SERVICE("meter taken out of service");

    private final String description;

    ReadingStatus(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public boolean hasValue() {
        return this == OK;
    }
}
