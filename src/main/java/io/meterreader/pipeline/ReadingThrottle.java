package io.meterreader.pipeline;

import io.meterreader.frame.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps an output (the history, the MQTT broker) to a size a plant can afford: a meter's reading
 * is passed on when at least {@code interval} (of capture time) passed since its last one passed
 * on, or when its status or alarm state changed, so no failure and no alarm is ever thinned away.
 * The live state and the metrics still see every reading.
 */
final class ReadingThrottle implements Consumer<Reading> {

    private record Stored(Instant captureTime, String status, String alarm) {
    }

    private final Consumer<Reading> output;
    private final Duration interval;
    private final Map<String, Stored> last = new ConcurrentHashMap<>();

    ReadingThrottle(Consumer<Reading> output, Duration interval) {
        this.output = output;
        this.interval = interval;
    }

    @Override
    public void accept(Reading r) {
        Stored previous = last.get(r.meterId());
        boolean due = previous == null
                || !previous.status().equals(r.status().name())
                || !previous.alarm().equals(r.alarm().name())
                || Duration.between(previous.captureTime(), r.captureTime()).compareTo(interval) >= 0;
        if (due) {
            last.put(r.meterId(), new Stored(r.captureTime(), r.status().name(), r.alarm().name()));
            output.accept(r);
        }
    }
}
