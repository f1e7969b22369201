package io.meterreader.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Readings published to an MQTT broker (3.1.1), for a plant's SCADA, historian or dashboards.
 *
 * @param url         the broker: tcp://host:1883, or ssl://host:8883 (TLS, its certificate checked
 *                    against caFile, or else the JVM's trust store, and its host name against the
 *                    URL's); unset: nothing is published. Credentials go in username and password.
 *                    Several brokers, comma-separated, for a plant with a standby: the service
 *                    connects to the first that answers and, when it is lost, tries the next
 * @param clientId    the client id the broker knows the service by (default meter-reader); two
 *                    services on one broker need two ids
 * @param username    optional
 * @param password    optional; never shown
 * @param topicPrefix readings go to PREFIX/meters/METER, the service's availability (online,
 *                    offline) to PREFIX/status (default meter-reader)
 * @param qos         0, 1 (default) or 2
 * @param retain      readings and availability are retained (default true): a subscriber gets
 *                    each meter's latest reading as it subscribes
 * @param interval    a meter's readings are published at most once per interval (default 0:
 *                    every reading); a change of status or alarm state always is
 * @param caFile      with an ssl:// URL, a PEM file of the certificate authorities to trust for the
 *                    broker's certificate (a plant's own CA); unset: the JVM's trust store
 * @param certFile    with an ssl:// URL, the service's own certificate (PEM, its chain after it), for
 *                    a broker that asks its clients for one (mutual TLS); set together with keyFile
 * @param keyFile     that certificate's private key, PEM, unencrypted PKCS#8 ("BEGIN PRIVATE KEY")
 * @param homeAssistant publish Home Assistant's MQTT discovery messages (retained), so that it
 *                    lists each meter as a sensor with its unit, and its alarm (default false)
 * @param discoveryPrefix Home Assistant's discovery prefix (default homeassistant, as its MQTT
 *                    integration has it)
 * @param sparkplug   readings also published as a Sparkplug B edge node (off by default)
 * @param jsonTopics  the JSON topics under topicPrefix (default true); false, with sparkplug on, for a
 *                    broker or a plant that takes Sparkplug alone
 * @param acknowledgeAlarms take alarm acknowledgements published to PREFIX/alarms/METER/acknowledge
 *                    (default false: whoever may publish to the broker could acknowledge alarms,
 *                    so a plant turns it on where its broker's ACLs say who may)
 * @param serviceCommands take meters out of service and back in from PREFIX/meters/METER/out-of-service
 *                    and .../in-service (default false: a meter out of service raises no alarm,
 *                    so whoever may publish there could silence one; a plant turns it on for its
 *                    SCADA or maintenance system where its broker's ACLs say who may)
 */
public record MqttProperties(
        @Pattern(regexp = "(tcp|ssl)://[^/@\\s:,]+(:\\d{1,5})?(\\s*,\\s*(tcp|ssl)://[^/@\\s:,]+(:\\d{1,5})?)*",
                message = "must look like tcp://host:1883 or ssl://host:8883, or several of them separated by "
                        + "commas (credentials go in username and password)")
        String url,
        @DefaultValue("meter-reader") @NotNull
        @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}", message = "must be 1 to 64 letters, digits, '-', '_' or '.'")
        String clientId,
        String username,
        String password,
        @DefaultValue("meter-reader") @NotNull
        @Pattern(regexp = "[^#+/\\s]+(/[^#+/\\s]+)*",
                message = "must be topic levels joined by '/', without '#', '+', spaces or an empty level")
        String topicPrefix,
        @DefaultValue("1") @Min(0) @Max(2) int qos,
        @DefaultValue("true") boolean retain,
        @DefaultValue("0s") @NotNull @MinDuration(millis = 0) Duration interval,
        Path caFile,
        Path certFile,
        Path keyFile,
        @DefaultValue("false") boolean homeAssistant,
        @DefaultValue("homeassistant") @NotNull
        @Pattern(regexp = "[^#+/\\s]+(/[^#+/\\s]+)*",
                message = "must be topic levels joined by '/', without '#', '+', spaces or an empty level")
        String discoveryPrefix,
        @DefaultValue @Valid @NotNull SparkplugProperties sparkplug,
        @DefaultValue("true") boolean jsonTopics,
        @DefaultValue("false") boolean acknowledgeAlarms,
        @DefaultValue("false") boolean serviceCommands) {

    @ConstructorBinding
    public MqttProperties {
        for (String server : servers(url)) {
            if (CameraUrl.of(server).hasCredentials()) {
                // Checked here, not by the pattern: a constraint's report would print the value, password and all.
                throw new ConfigurationException("meter-reader.mqtt.url", "must not hold credentials (put them in "
                        + "meter-reader.mqtt.username and meter-reader.mqtt.password), got "
                        + CameraUrl.of(server).masked());
            }
        }
        if (caFile != null && !allTls(url)) {
            throw new ConfigurationException("meter-reader.mqtt.ca-file", "is for a broker reached over TLS "
                    + "(an ssl:// url, every one where there are several), got url " + url);
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new ConfigurationException(certFile == null ? "meter-reader.mqtt.cert-file"
                    : "meter-reader.mqtt.key-file", "must be set together with meter-reader.mqtt."
                    + (certFile == null ? "key-file" : "cert-file") + " (the client certificate and its key)");
        }
        if (certFile != null && !allTls(url)) {
            throw new ConfigurationException("meter-reader.mqtt.cert-file", "is for a broker reached over TLS "
                    + "(an ssl:// url, every one where there are several), got url " + url);
        }
        if (sparkplug != null && sparkplug.enabled() && url == null) {
            throw new ConfigurationException("meter-reader.mqtt.sparkplug.enabled", "needs a broker: set "
                    + "meter-reader.mqtt.url");
        }
        if (!jsonTopics && (sparkplug == null || !sparkplug.enabled())) {
            throw new ConfigurationException("meter-reader.mqtt.json-topics", "is false and Sparkplug is off: "
                    + "nothing would be published (set meter-reader.mqtt.sparkplug.enabled, or leave json-topics "
                    + "true)");
        }
        if (!jsonTopics && acknowledgeAlarms) {
            throw new ConfigurationException("meter-reader.mqtt.acknowledge-alarms", "needs the JSON topics it is "
                    + "published under: meter-reader.mqtt.json-topics is false");
        }
        if (!jsonTopics && serviceCommands) {
            throw new ConfigurationException("meter-reader.mqtt.service-commands", "needs the JSON topics it is "
                    + "published under: meter-reader.mqtt.json-topics is false");
        }
        if (!jsonTopics && homeAssistant) {
            throw new ConfigurationException("meter-reader.mqtt.home-assistant", "needs the JSON topics that its "
                    + "sensors read: meter-reader.mqtt.json-topics is false");
        }
    }

    /** Without a client certificate. */
    public MqttProperties(String url, String clientId, String username, String password, String topicPrefix, int qos,
                          boolean retain, Duration interval, Path caFile) {
        this(url, clientId, username, password, topicPrefix, qos, retain, interval, caFile, null, null);
    }

    /** Without Home Assistant's discovery. */
    public MqttProperties(String url, String clientId, String username, String password, String topicPrefix, int qos,
                          boolean retain, Duration interval, Path caFile, Path certFile, Path keyFile) {
        this(url, clientId, username, password, topicPrefix, qos, retain, interval, caFile, certFile, keyFile, false,
                "homeassistant");
    }

    /** Without Sparkplug. */
    public MqttProperties(String url, String clientId, String username, String password, String topicPrefix, int qos,
                          boolean retain, Duration interval, Path caFile, Path certFile, Path keyFile,
                          boolean homeAssistant, String discoveryPrefix) {
        this(url, clientId, username, password, topicPrefix, qos, retain, interval, caFile, certFile, keyFile,
                homeAssistant, discoveryPrefix, SparkplugProperties.off());
    }

    /** With the JSON topics. */
    public MqttProperties(String url, String clientId, String username, String password, String topicPrefix, int qos,
                          boolean retain, Duration interval, Path caFile, Path certFile, Path keyFile,
                          boolean homeAssistant, String discoveryPrefix, SparkplugProperties sparkplug) {
        this(url, clientId, username, password, topicPrefix, qos, retain, interval, caFile, certFile, keyFile,
                homeAssistant, discoveryPrefix, sparkplug, true);
    }

    /** Without acknowledgements over MQTT. */
    public MqttProperties(String url, String clientId, String username, String password, String topicPrefix, int qos,
                          boolean retain, Duration interval, Path caFile, Path certFile, Path keyFile,
                          boolean homeAssistant, String discoveryPrefix, SparkplugProperties sparkplug,
                          boolean jsonTopics) {
        this(url, clientId, username, password, topicPrefix, qos, retain, interval, caFile, certFile, keyFile,
                homeAssistant, discoveryPrefix, sparkplug, jsonTopics, false);
    }

    /** Without out-of-service commands over MQTT. */
    public MqttProperties(String url, String clientId, String username, String password, String topicPrefix, int qos,
                          boolean retain, Duration interval, Path caFile, Path certFile, Path keyFile,
                          boolean homeAssistant, String discoveryPrefix, SparkplugProperties sparkplug,
                          boolean jsonTopics, boolean acknowledgeAlarms) {
        this(url, clientId, username, password, topicPrefix, qos, retain, interval, caFile, certFile, keyFile,
                homeAssistant, discoveryPrefix, sparkplug, jsonTopics, acknowledgeAlarms, false);
    }

    /** The brokers of {@code url}, in order (none when it is unset). */
    public List<String> servers() {
        return servers(url);
    }

    private static List<String> servers(String url) {
        if (url == null || url.isBlank()) {
            return List.of();
        }
        return Arrays.stream(url.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether every broker is reached over TLS (ssl://), as a CA file or a client certificate needs. */
    private static boolean allTls(String url) {
        List<String> servers = servers(url);
        return !servers.isEmpty() && servers.stream().allMatch(s -> s.startsWith("ssl://"));
    }

    /** The Sparkplug edge node's id: as configured, or else the client id. */
    public String sparkplugEdgeNodeId() {
        return sparkplug.edgeNodeId() == null ? clientId : sparkplug.edgeNodeId();
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The password masked: a record's own toString would print it. */
    @Override
    public String toString() {
        return "MqttProperties[url=" + url + ", clientId=" + clientId + ", username=" + username + ", password="
                + (password == null ? null : "***") + ", topicPrefix=" + topicPrefix + ", qos=" + qos + ", retain="
                + retain + ", interval=" + interval + ", caFile=" + caFile + ", certFile=" + certFile + ", keyFile="
                + keyFile + ", homeAssistant=" + homeAssistant + ", discoveryPrefix=" + discoveryPrefix + ", sparkplug="
                + sparkplug + ", jsonTopics=" + jsonTopics + ", acknowledgeAlarms=" + acknowledgeAlarms
                + ", serviceCommands=" + serviceCommands + "]";
    }
}
