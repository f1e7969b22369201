package io.meterreader.frame;

import java.time.Instant;
import java.util.Objects;

/**
 * A meter's alarm condition disabled by an OPC UA client (Part 9's Disable): its events are not
 * sent until a client enables it again, over restarts too.
 *
 * @param since when it was disabled
 * @param user  who disabled it (the OPC UA user or certificate subject; "" when anonymous)
 */
public record ConditionDisabled(Instant since, String user) {

    public ConditionDisabled {
        Objects.requireNonNull(since, "since");
        user = user == null ? "" : user;
    }
}
