package io.meterreader.pipeline;

import io.meterreader.frame.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output of the readings (MQTT, OPC UA, Modbus), kept from harming the others: the outputs are
 * called one after another under the inference stage's lock, and a failure thrown out of one would
 * cost the frame's other meters their readings. A failure is logged (the first, then at most once
 * a minute with the count) and counted, and the reading goes on to the next output.
 */
final class GuardedOutput implements Consumer<Reading> {

    private static final Logger log = LoggerFactory.getLogger(GuardedOutput.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final String name;
    private final Consumer<Reading> output;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastLogged;

    GuardedOutput(String name, Consumer<Reading> output, Clock clock) {
        this.name = name;
        this.output = output;
        this.clock = clock;
    }

    @Override
    public void accept(Reading reading) {
        try {
            output.accept(reading);
        } catch (RuntimeException e) {
            long n = failures.incrementAndGet();
            Instant now = clock.instant();
            if (lastLogged == null || !now.isBefore(lastLogged.plus(LOG_EVERY))) {
                lastLogged = now;
                log.error("{} output failed on a reading of meter {} ({} failure(s) so far; the other outputs go on): {}",
                        name, reading.meterId(), n, e.toString(), e);
            }
        }
    }

    long failures() {
        return failures.get();
    }
}
