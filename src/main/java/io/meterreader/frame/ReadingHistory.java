package io.meterreader.frame;

import java.time.Instant;
import java.util.List;

/**
 * A meter's stored readings, as an output reads them back: OPC UA's history reads, Sparkplug's
 * store and forward. The pipeline's wiring hands the store's over, so that no output knows the store.
 */
@FunctionalInterface
public interface ReadingHistory {

    /**
     * At most {@code limit} readings of a meter from {@code from} (inclusive) towards {@code to}
     * (exclusive), in that direction: oldest first when {@code from} is before {@code to}, newest
     * first when after; those at {@code from} alone when equal.
     *
     * @throws RuntimeException the store cannot be read now
     */
    List<Reading> read(String meterId, Instant from, Instant to, int limit);
}
