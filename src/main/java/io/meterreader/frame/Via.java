package io.meterreader.frame;

/**
 * Which edge an entry of the alarm journal came in by: an operator's action over the REST API
 * (and the dashboard, which uses it), an MQTT command, a Sparkplug B command or an OPC UA method
 * call; or the service itself (an alarm raised or cleared by a reading, a shelf's time ending).
 * The name an operator gives is theirs to give on some edges (an MQTT payload's {@code user}), so
 * an audit asks which edge a name came by before it trusts it.
 */
public enum Via {
    /** The service itself: a reading raised or cleared the alarm, a shelf's time came. */
    SERVICE("service"),
    /** The REST API, and the dashboard's pages, which act through it. */
    HTTP("API"),
    /** A command published to the service's MQTT command topics. */
    MQTT("MQTT"),
    /** A Sparkplug B NCMD or DCMD. */
    SPARKPLUG("Sparkplug"),
    /** An OPC UA client's method call (Acknowledge, TakeOutOfService ...). */
    OPC_UA("OPC UA");

    private final String words;

    Via(String words) {
        this.words = words;
    }

    /** The edge as a log line says it after a name: "API", "MQTT", "OPC UA". */
    public String words() {
        return words;
    }
}
