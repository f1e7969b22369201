package io.meterreader.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Home Assistant's MQTT discovery messages for the service's meters: for each meter a sensor
 * whose state is the value of its readings' topic, and a problem sensor that is on while the
 * meter is beyond an alarm limit, both on a device per camera, which has a connectivity sensor
 * of its own (on while it streams); for a meter watched for a stuck pointer or level, a problem
 * sensor that is on while it looks stuck; and, where the service takes acknowledgements over MQTT, a
 * button that acknowledges the meter's alarm. Home Assistant (its MQTT
 * integration, default discovery prefix {@code homeassistant}) then lists every meter with its
 * unit and trend, unavailable while the service is offline, without a line of its configuration.
 * A failed reading's value is null, which Home Assistant shows as unknown; its status, confidence
 * and alarm are the sensor's attributes.
 */
final class HomeAssistantDiscovery {

    /** Units Home Assistant accepts for its pressure sensors... */
    private static final Set<String> PRESSURE_UNITS = Set.of("Pa", "kPa", "hPa", "MPa", "bar", "cbar", "mbar", "mmHg",
            "inHg", "psi");
    /** ...and its temperature sensors. */
    private static final Set<String> TEMPERATURE_UNITS = Set.of("°C", "°F", "K");

    private final String discoveryPrefix;
    private final String nodeId;
    private final String statusTopic;

    /**
     * @param discoveryPrefix Home Assistant's discovery prefix
     * @param clientId        the service's MQTT client id: two services on one broker are two nodes
     * @param statusTopic     the service's availability topic (online, offline)
     */
    HomeAssistantDiscovery(String discoveryPrefix, String clientId, String statusTopic) {
        this.discoveryPrefix = discoveryPrefix;
        this.nodeId = objectId(clientId);
        this.statusTopic = statusTopic;
    }

    /** The meter's value sensor's discovery topic. */
    String sensorTopic(String meterId) {
        return discoveryPrefix + "/sensor/" + nodeId + "/" + objectId(meterId) + "/config";
    }

    /** The meter's alarm sensor's discovery topic. */
    String alarmTopic(String meterId) {
        return discoveryPrefix + "/binary_sensor/" + nodeId + "/" + objectId(meterId) + "_alarm/config";
    }

    /** The stuck sensor's discovery topic of a meter watched for a stuck pointer or level. */
    String stuckTopic(String meterId) {
        return discoveryPrefix + "/binary_sensor/" + nodeId + "/" + objectId(meterId) + "_stuck/config";
    }

    /** The buttons a meter's alarm has in Home Assistant (with {@code acknowledge-alarms}): the command each presses. */
    static final List<String> BUTTONS = List.of("acknowledge", "shelve", "unshelve");

    /** The discovery topic of the meter's button for {@code command} ({@link #BUTTONS}). */
    String buttonTopic(String meterId, String command) {
        return discoveryPrefix + "/button/" + nodeId + "/" + objectId(meterId) + "_" + command + "/config";
    }

    /** A camera's connectivity sensor's discovery topic. */
    String cameraTopic(String cameraId) {
        return discoveryPrefix + "/binary_sensor/" + nodeId + "/camera_" + objectId(cameraId) + "/config";
    }

    /** A camera's connectivity sensor: on while it streams, its state's other fields as attributes. */
    Map<String, Object> camera(String cameraId, String stateTopic) {
        Map<String, Object> config = common(cameraId, stateTopic);
        config.put("name", "streaming");
        config.put("unique_id", nodeId + "_camera_" + objectId(cameraId));
        config.put("device_class", "connectivity");
        config.put("value_template", "{{ 'ON' if value_json.state == 'STREAMING' else 'OFF' }}");
        config.put("json_attributes_topic", stateTopic);
        config.put("json_attributes_template",
                "{{ {'state': value_json.state, 'last_error': value_json.lastError, 'warning': value_json.warning}"
                        + " | tojson }}");
        return config;
    }

    /** The value sensor of a meter whose readings go to {@code stateTopic}. */
    Map<String, Object> sensor(String meterId, String cameraId, String unit, String stateTopic) {
        Map<String, Object> config = common(cameraId, stateTopic);
        config.put("name", meterId);
        config.put("unique_id", nodeId + "_" + objectId(meterId));
        config.put("value_template", "{{ value_json.value }}");
        if (unit != null && !unit.isBlank()) {
            config.put("unit_of_measurement", unit);
            if (PRESSURE_UNITS.contains(unit)) {
                config.put("device_class", "pressure");
            } else if (TEMPERATURE_UNITS.contains(unit)) {
                config.put("device_class", "temperature");
            }
        }
        config.put("state_class", "measurement");
        config.put("json_attributes_topic", stateTopic);
        config.put("json_attributes_template",
                "{{ {'status': value_json.status, 'confidence': value_json.confidence, 'alarm': value_json.alarm,"
                        + " 'capture_time': value_json.captureTime} | tojson }}");
        return config;
    }

    /** The alarm sensor of a meter: on while its latest OK value is beyond a limit. */
    Map<String, Object> alarm(String meterId, String cameraId, String stateTopic) {
        Map<String, Object> config = common(cameraId, stateTopic);
        config.put("name", meterId + " alarm");
        config.put("unique_id", nodeId + "_" + objectId(meterId) + "_alarm");
        config.put("device_class", "problem");
        config.put("value_template", "{{ 'OFF' if value_json.alarm == 'NONE' else 'ON' }}");
        return config;
    }

    /**
     * The stuck sensor of a meter watched for a stuck pointer or level: a problem that is on while
     * its values have not moved for its {@code stuck-after}, with since when as an attribute.
     */
    Map<String, Object> stuck(String meterId, String cameraId, String stateTopic) {
        Map<String, Object> config = common(cameraId, stateTopic);
        config.put("name", meterId + " stuck");
        config.put("unique_id", nodeId + "_" + objectId(meterId) + "_stuck");
        config.put("device_class", "problem");
        config.put("value_template", "{{ 'ON' if value_json.stuck else 'OFF' }}");
        config.put("json_attributes_topic", stateTopic);
        config.put("json_attributes_template", "{{ {'since': value_json.since} | tojson }}");
        return config;
    }

    /**
     * A button for one of the meter's alarm commands (with {@code acknowledge-alarms}): pressed, it
     * publishes to {@code commandTopic} as Home Assistant's user "home-assistant": acknowledge,
     * shelve for an hour, unshelve.
     */
    Map<String, Object> button(String meterId, String cameraId, String command, String commandTopic) {
        Map<String, Object> config = common(cameraId, null);
        config.remove("state_topic");
        config.put("name", meterId + switch (command) {
            case "acknowledge" -> " acknowledge alarm";
            case "shelve" -> " shelve alarm for 1 h";
            case "unshelve" -> " unshelve alarm";
            default -> throw new IllegalArgumentException("no button for " + command);
        });
        config.put("unique_id", nodeId + "_" + objectId(meterId) + "_" + command);
        config.put("command_topic", commandTopic);
        config.put("payload_press", command.equals("shelve") ? "{\"user\": \"home-assistant\", \"duration\": \"1h\", "
                + "\"reason\": \"shelved from Home Assistant\"}" : "{\"user\": \"home-assistant\"}");
        config.put("icon", switch (command) {
            case "acknowledge" -> "mdi:bell-check";
            case "shelve" -> "mdi:bell-sleep";
            default -> "mdi:bell-ring";
        });
        return config;
    }

    private Map<String, Object> common(String cameraId, String stateTopic) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("state_topic", stateTopic);
        config.put("availability_topic", statusTopic);
        config.put("payload_available", "online");
        config.put("payload_not_available", "offline");
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of(nodeId + "_camera_" + objectId(cameraId)));
        device.put("name", "Camera " + cameraId);
        device.put("manufacturer", "Meter Reader");
        device.put("model", "gauges read by camera");
        config.put("device", device);
        config.put("origin", Map.of("name", "Meter Reader"));
        return config;
    }

    /**
     * An id as a topic level Home Assistant takes for a node or object id (letters, digits, '_'
     * and '-'). An id with other characters (a '.': meter and camera ids allow it) has them made
     * '_' and the start of its SHA-256 added, so that meter "tank.1" is not taken for meter
     * "tank_1".
     */
    static String objectId(String id) {
        String plain = id.replaceAll("[^A-Za-z0-9_-]", "_");
        if (plain.equals(id)) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return plain + "_" + HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
