package io.meterreader.camera;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: 1 s doubling to a 10 s cap, each with up to ±20% jitter so that cameras
 * that failed together (a switch restarting) do not all knock at once. A camera that has
 * streamed for 10 s (not a connection that breaks at once) starts again from 1 s: one that
 * streamed 55 s before it stalled waited 30 s between its tries, coming back up to 30 s after
 * its camera did. The cap was 30 s until the soak audit (2026-12-07) saw readings come back 30 to
 * 33 s after a camera that had been away a minute: a try every 10 s costs a camera that is away
 * one refused connection (its log quietens after 5 failures all the same), and brings a camera
 * that restarted back within about 10 s.
 */
final class Backoff {

    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration CAP = Duration.ofSeconds(10);
    static final Duration HEALTHY = Duration.ofSeconds(10);
    static final double JITTER = 0.2;

    private final RandomGenerator random;
    private int failures;

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    Duration next() {
        long base = Math.min(CAP.toMillis(), INITIAL.toMillis() << Math.min(failures, 20));
        failures++;
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(base * factor));
    }

    /** Called when a connection ends: if it streamed long enough, failures are forgotten. */
    void connectionLasted(Duration streamed) {
        if (streamed.compareTo(HEALTHY) >= 0) {
            failures = 0;
        }
    }

    int failures() {
        return failures;
    }
}
