package io.meterreader.opcua;

import io.meterreader.frame.Reading;
import java.time.Instant;
import java.util.List;

/** A meter's stored readings, as the OPC UA server reads them for a client's history read. */
@FunctionalInterface
public interface MeterHistory {

    /**
     * At most {@code limit} readings of a meter from {@code from} (inclusive) towards {@code to}
     * (exclusive), in that direction: oldest first when {@code from} is before {@code to}, newest
     * first when after; those at {@code from} alone when equal.
     *
     * @throws RuntimeException the store cannot be read now
     */
    List<Reading> read(String meterId, Instant from, Instant to, int limit);
}
