package io.meterreader.store;

/**
 * How long the store's background threads wait before trying the database again: 1 s, doubling
 * to 30 s while it stays away, from 1 s again once a try went through. Not thread-safe: one per
 * retrying thread.
 */
final class RetryDelay {

    static final long FIRST_MILLIS = 1_000;
    static final long LAST_MILLIS = 30_000;

    private long millis = FIRST_MILLIS;

    /** The wait before the next try (each call doubles the one after it, up to the last). */
    long next() {
        long now = millis;
        millis = Math.min(2 * millis, LAST_MILLIS);
        return now;
    }

    /** The wait {@link #next} gives now, without counting a try. */
    long peek() {
        return millis;
    }

    /** A try went through: the next failure waits the first delay again. */
    void reset() {
        millis = FIRST_MILLIS;
    }
}
