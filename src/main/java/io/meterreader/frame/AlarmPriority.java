package io.meterreader.frame;

/**
 * How urgently a meter's alarm calls for an operator (ISA-18.2 asks every alarm to have one):
 * from the calibration ({@code alarms.priority}), HIGH where it says none. Each has the OPC UA
 * severity (1 to 1000) a SCADA sorts and colours its alarm list by.
 */
public enum AlarmPriority {
    LOW(250),
    MEDIUM(500),
    HIGH(700),
    CRITICAL(900);

    private final int severity;

    AlarmPriority(int severity) {
        this.severity = severity;
    }

    /** The OPC UA severity of an active alarm of this priority. */
    public int severity() {
        return severity;
    }
}
