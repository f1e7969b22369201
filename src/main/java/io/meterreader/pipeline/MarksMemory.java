package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;

/**
 * Where the scale marks a dial learnt ({@link LearnedMarks}) are kept between runs of the
 * service, so that a restart does not lose them for the readings it takes to learn them again.
 */
interface MarksMemory {

    /** What was kept for the meter under this very calibration; null when nothing was (or under another). */
    LearnedMarks.Learnt recall(MeterCalibration meter);

    /**
     * Whether {@link #recall} can say now; while it cannot (the database is away), a meter asks
     * again on its later frames, until it has learnt marks of its own.
     */
    default boolean canRecall() {
        return true;
    }

    /** Keeps the meter's marks in place of what was kept; must not block. */
    void keep(MeterCalibration meter, LearnedMarks.Learnt learnt);

    /** Forgets what was kept for the meter (its dial moved); must not block. */
    void forget(MeterCalibration meter);

    /** Keeps nothing. */
    MarksMemory NONE = new MarksMemory() {
        @Override
        public LearnedMarks.Learnt recall(MeterCalibration meter) {
            return null;
        }

        @Override
        public void keep(MeterCalibration meter, LearnedMarks.Learnt learnt) {
        }

        @Override
        public void forget(MeterCalibration meter) {
        }
    };
}
