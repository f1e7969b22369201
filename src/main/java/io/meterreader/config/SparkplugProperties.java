package io.meterreader.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Readings published as an Eclipse Sparkplug B 3.0 edge node, on the MQTT broker of
 * {@code meter-reader.mqtt}, for a SCADA that speaks Sparkplug (Ignition's MQTT Engine, and
 * others): each camera is a device, each meter's value, status, alarm and confidence are its
 * metrics. Beside the plain JSON topics, on a connection of its own.
 *
 * @param enabled       publish Sparkplug (default false)
 * @param groupId       the Sparkplug group (default meter-reader): a plant or an area
 * @param edgeNodeId    the edge node's id within the group (default: the MQTT client id); unique
 *                      in the group
 * @param primaryHostId the primary host application's id, when the SCADA has one: births wait until
 *                      its STATE says it is online, and the node goes offline when it goes offline;
 *                      unset: births at once
 * @param aliases       number the device metrics in their births and send the numbers alone in data
 *                      messages, which are then much shorter (default false: names everywhere, readable
 *                      with any MQTT tool)
 * @param storeAndForward after a broker outage, each device's readings that were stored while it was
 *                      away follow its birth as historical data, so that the SCADA's history has no
 *                      gap (default false: only the latest, in the birth)
 * @param bdSeqFile     where the node keeps the bdSeq of its last connection, so that the first
 *                      birth after a restart carries the next one, as Sparkplug asks, and a host
 *                      does not take a death certificate of the previous run for this one's
 *                      (default data/sparkplug-bdseq; empty: kept in memory, from 0 at each start).
 *                      Text, not a path: an empty path would not bind
 * @param primaryHostWait with a primary host and several brokers, how long the node waits on one
 *                      broker for the host to say it is online before it moves to the next
 *                      (default 30s, at least 1s): long enough for a SCADA's host to start
 * @param commands      take the host's writes (DCMD) of a meter's {@code OutOfService},
 *                      {@code AlarmUnacknowledged} (false: acknowledge) and {@code AlarmShelved}
 *                      (default false: logged and ignored, as whoever may publish on the broker
 *                      could silence a meter's alarms)
 */
public record SparkplugProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("meter-reader") @NotNull
        @Pattern(regexp = "[^+/#]{1,64}", message = "must be 1 to 64 characters, none of '+', '/' or '#'")
        String groupId,
        @Pattern(regexp = "[^+/#]{1,64}", message = "must be 1 to 64 characters, none of '+', '/' or '#'")
        String edgeNodeId,
        @Pattern(regexp = "[^+/#]{1,64}", message = "must be 1 to 64 characters, none of '+', '/' or '#'")
        String primaryHostId,
        @DefaultValue("false") boolean aliases,
        @DefaultValue("false") boolean storeAndForward,
        @DefaultValue("data/sparkplug-bdseq") String bdSeqFile,
        @DefaultValue("30s") @NotNull @MinDuration(millis = 1000) Duration primaryHostWait,
        @DefaultValue("false") boolean commands) {

    /** The constructor the configuration binds to, the other one being for code. */
    @ConstructorBinding
    public SparkplugProperties {
    }

    /** The default wait for the primary host on one of several brokers. */
    public static final Duration PRIMARY_HOST_WAIT = Duration.ofSeconds(30);

    /** With the default wait for the primary host. */
    public SparkplugProperties(boolean enabled, String groupId, String edgeNodeId, String primaryHostId,
                               boolean aliases, boolean storeAndForward, String bdSeqFile) {
        this(enabled, groupId, edgeNodeId, primaryHostId, aliases, storeAndForward, bdSeqFile, PRIMARY_HOST_WAIT,
                false);
    }

    /** Off. */
    public static SparkplugProperties off() {
        return new SparkplugProperties(false, "meter-reader", null, null, false, false, null);
    }
}
