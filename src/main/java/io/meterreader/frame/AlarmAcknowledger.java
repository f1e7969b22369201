package io.meterreader.frame;

/** Where an operator's acknowledgement of a meter's alarm goes, from whichever edge it came in by. */
@FunctionalInterface
public interface AlarmAcknowledger {

    /**
     * Acknowledges the meter's alarm.
     *
     * @param user    who acknowledges ("" for nobody named)
     * @param comment why, or what was done ("" for none)
     * @return the alarm, acknowledged
     * @throws java.util.NoSuchElementException the meter has no alarm on the list
     * @throws IllegalStateException            the alarm is already acknowledged
     */
    MeterAlarm acknowledge(String meterId, String user, String comment);
}
