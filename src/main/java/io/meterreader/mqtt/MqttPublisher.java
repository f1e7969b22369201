package io.meterreader.mqtt;

import io.meterreader.config.MqttProperties;
import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ServiceActions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes to an MQTT broker: each meter's readings on {@code PREFIX/meters/METER} as JSON (the
 * API's reading: meterId, cameraId, status, value, unit, fraction, confidence, alarm, captureTime,
 * readTime), each camera's state on {@code PREFIX/cameras/CAMERA} when it changes, and the
 * service's availability on {@code PREFIX/status}: "online" once connected, "offline" when it
 * stops, or, through the broker's last will, when it vanishes; each meter's alarm on the alarm
 * list on {@code PREFIX/alarms/METER} ({@link #alarm}); whether a watched meter is stuck on
 * {@code PREFIX/meters/METER/stuck} ({@link #stuck}).
 *
 * <p>Nothing here waits on the broker but its own thread, so a broker that is slow or away never
 * holds up the pipeline: the latest unsent message of each topic waits (a newer reading replaces
 * one still waiting, and is counted as superseded), and one thread sends them, connecting again
 * with back-off (1 s, doubling to a minute) while the broker is away. Memory stays bounded by the
 * number of meters and cameras, each meter's readings go out in order, and a broker back after an
 * outage gets every meter's latest state at once.
 */
public final class MqttPublisher extends MqttSession implements Consumer<Reading> {

    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);

    /** The longest user and comment or reason a command keeps, as on the API. */
    static final int MAX_USER = AlarmActions.MAX_USER;

    private final String statusTopic;
    /** Where acknowledgements go; null: none taken. */
    private volatile AlarmActions acknowledger;
    /** Where out-of-service commands go, and the meters there are; null: none taken. */
    private volatile ServiceCommands service;
    private volatile Set<String> personalNames = Set.of();
    private volatile Set<String> sharedNames = Set.of();
    private final JsonMapper json = JsonMapper.builder().build();
    /**
     * Each topic's latest message not yet sent (a meter's reading, a camera's state, or an empty
     * retained message that clears a topic), in the order topics first waited. Guarded by lock.
     */
    private final LinkedHashMap<String, Outgoing> pending = new LinkedHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong superseded = new AtomicLong();
    /** Home Assistant's discovery messages, when asked for; null otherwise. */
    private final HomeAssistantDiscovery discovery;
    /**
     * The discovery messages in force, by topic, sent again at each connection: a broker that
     * restarted without keeping its retained messages would leave Home Assistant without its meters.
     * Guarded by lock.
     */
    private final Map<String, byte[]> announced = new LinkedHashMap<>();
    /**
     * Every retained message in force, by topic (readings, alarms, cameras, stuck meters, discovery):
     * sent again at each connection, for a broker that lost its retained messages meanwhile (a
     * restart without persistence); guarded by lock.
     */
    private final Map<String, Outgoing> inForce = new LinkedHashMap<>();
    /** Numbers the answers to commands, each its own message: a second must not replace a first unsent. */
    private long answers;

    /** A message to send; an empty payload clears the topic's retained message. */
    private record Outgoing(byte[] payload, boolean retained, boolean reading) {
    }

    private static final byte[] CLEAR = new byte[0];

    /** The fields each command's JSON takes: another is a mistake that would leave its part out. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "acknowledge", Set.of("user", "comment"), "comment", Set.of("user", "comment"),
            "shelve", Set.of("user", "duration", "reason"), "unshelve", Set.of("user"),
            "out-of-service", Set.of("user", "reason"), "in-service", Set.of("user"));

    public MqttPublisher(MqttProperties config) {
        super(requireBroker(config), "MQTT", "mqtt-publisher");
        this.statusTopic = config.topicPrefix() + "/status";
        this.discovery = config.homeAssistant()
                ? new HomeAssistantDiscovery(config.discoveryPrefix(), config.clientId(), statusTopic) : null;
    }

    private static MqttProperties requireBroker(MqttProperties config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("no MQTT broker url");
        }
        return config;
    }

    /** Starts connecting and publishing; returns at once, whether the broker is there or not. */
    public void start() {
        log.info("MQTT: publishing readings to {} under {}/meters/<meter> (QoS {}{})", config.url(),
                config.topicPrefix(), config.qos(), config.retain() ? ", retained" : "");
        // commands that change alarms are said at start-up, so that nobody takes them without knowing
        if (config.acknowledgeAlarms()) {
            log.info("MQTT: taking alarm commands on {}/alarms/<meter>/{acknowledge,comment,shelve,unshelve}",
                    config.topicPrefix());
        }
        if (config.serviceCommands()) {
            log.warn("MQTT: taking meters out of service on {}/meters/<meter>/out-of-service (and back on "
                    + ".../in-service): a meter out of service raises no alarm", config.topicPrefix());
        }
        startThread();
    }

    /** The topic a meter's readings go to. */
    public String topic(String meterId) {
        return config.topicPrefix() + "/meters/" + meterId;
    }

    /** The topic a meter's alarm (on the alarm list) goes to. */
    public String alarmTopic(String meterId) {
        return config.topicPrefix() + "/alarms/" + meterId;
    }

    /**
     * A change of a meter's alarm on the service's alarm list, as JSON on {@link #alarmTopic}
     * (the API's alarm and {@code onList}), retained as readings are: a subscriber to
     * {@code PREFIX/alarms/#} has the list, each meter's last alarm with {@code onList} false once
     * it has cleared and been acknowledged.
     */
    public void alarm(MeterAlarm alarm) {
        offer(alarmTopic(alarm.meterId()), new Outgoing(payload(alarm), config.retain(), /* reading= */ false));
    }

    /** The topic a watched meter's being stuck goes to ({@code stuck-after} in its calibration). */
    public String stuckTopic(String meterId) {
        return topic(meterId) + "/stuck";
    }

    /**
     * A watched meter stuck since {@code since} (when its values last moved), or not stuck (null),
     * as JSON on {@link #stuckTopic}, retained as readings are:
     * {@code {"meterId": "tank", "stuck": true, "since": "2026-12-07T03:00:00Z"}}.
     */
    public void stuck(String meterId, Instant since) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("meterId", meterId);
        fields.put("stuck", since != null);
        fields.put("since", since == null ? null : since.toString());
        offer(stuckTopic(meterId), new Outgoing(json.writeValueAsBytes(fields), config.retain(), /* reading= */ false));
    }

    /** Where alarm commands published to the broker go ({@code acknowledge-alarms}): the alarm list. */
    public void acknowledgeWith(AlarmActions list) {
        acknowledger = list;
    }

    /**
     * The names of the personal accounts ({@code access.users}): a command may not name one, as the
     * API's shared accounts may not, for the journal could not tell that person's own entries from
     * those made in their name by whoever may publish to the broker.
     */
    public void reservePersonalNames(Set<String> names) {
        personalNames = Set.copyOf(names);
    }

    /**
     * The names of the API's shared accounts ({@code access.username}, {@code viewer-username}):
     * a command may not name one either, or it would read in the journal as done on the dashboard.
     */
    public void reserveSharedNames(Set<String> names) {
        sharedNames = Set.copyOf(names);
    }

    /** The alarm commands taken on {@code PREFIX/alarms/METER/COMMAND}. */
    static final Set<String> COMMANDS = Set.of("acknowledge", "comment", "shelve", "unshelve");

    /** Where out-of-service commands go ({@code service-commands}), for the meters {@code known} says exist. */
    public void serviceWith(ServiceActions actions, Predicate<String> known) {
        service = new ServiceCommands(actions, known);
    }

    private record ServiceCommands(ServiceActions actions, Predicate<String> known) {
    }

    /** The service commands taken on {@code PREFIX/meters/METER/COMMAND}. */
    static final Set<String> SERVICE_COMMANDS = Set.of("out-of-service", "in-service");

    /** A command published to the broker: an alarm's ({@link #alarmCommand}) or a meter's ({@link #serviceCommand}). */
    private void arrived(String topic, byte[] payload) {
        int slash = topic.lastIndexOf('/');
        String alarms = config.topicPrefix() + "/alarms/";
        String meters = config.topicPrefix() + "/meters/";
        if (topic.startsWith(alarms) && slash > alarms.length() && COMMANDS.contains(topic.substring(slash + 1))) {
            alarmCommand(topic.substring(alarms.length(), slash), topic.substring(slash + 1), payload);
        } else if (topic.startsWith(meters) && slash > meters.length()
                && SERVICE_COMMANDS.contains(topic.substring(slash + 1))) {
            serviceCommand(topic.substring(meters.length(), slash), topic.substring(slash + 1), payload);
        }
    }

    /**
     * An alarm command published to {@code PREFIX/alarms/METER/COMMAND} ({@link #COMMANDS}): a
     * JSON object ({@code user}, and {@code comment} to acknowledge or comment, {@code duration}
     * and {@code reason} to shelve, all optional but a comment's), or plain text taken as the
     * comment, or nothing. Its outcome goes to {@code PREFIX/alarms/METER/result}, not retained:
     * {@code {"command": ..., "ok": true}}, or {@code "ok": false} with a {@code detail} that says
     * why (no alarm, already acknowledged, a bad duration, a payload that is not JSON), which is
     * also logged; a refused command changes nothing.
     */
    private void alarmCommand(String meterId, String command, byte[] payload) {
        AlarmActions list = acknowledger;
        if (list == null) {
            return;
        }
        command(meterId + "'s alarm", alarmTopic(meterId) + "/result", command, payload, (body, text, user) -> {
            switch (command) {
                case "acknowledge" -> list.acknowledge(meterId, user, comment(body, text));
                case "comment" -> {
                    String comment = comment(body, text);
                    if (comment.isBlank()) {
                        throw new IllegalArgumentException("a comment says something: none given");
                    }
                    list.comment(meterId, user, comment);
                }
                case "shelve" -> {
                    if (body == null) {
                        throw new IllegalArgumentException("a shelving is a JSON object ({\"duration\": \"2h\", "
                                + "\"reason\": ...}), {} for one until the alarm clears");
                    }
                    JsonNode d = body.get("duration");
                    // a number is seconds, as the calibration takes one
                    String duration = d != null && d.isNumber() ? d.asString() : field(body, "duration").strip();
                    list.shelve(meterId, duration.isEmpty() ? null : DurationStyle.detectAndParse(duration,
                            ChronoUnit.SECONDS), user,
                            AlarmActions.text(operatorText("reason", field(body, "reason"))));
                }
                default -> list.unshelve(meterId, user);
            }
        });
    }

    /**
     * A service command published to {@code PREFIX/meters/METER/COMMAND} ({@link #SERVICE_COMMANDS}):
     * {@code out-of-service} takes the meter out of service, {@code in-service} puts it back, as
     * the API's do. The payload is a JSON object ({@code user}, and {@code reason} to take it out,
     * both optional), or plain text taken as the reason, or nothing. Its outcome goes to
     * {@code PREFIX/meters/METER/result}, not retained, as an alarm command's does: refused for a
     * meter the service does not have, one out of service already (or not, to put back), or a
     * payload that is not JSON.
     */
    private void serviceCommand(String meterId, String command, byte[] payload) {
        ServiceCommands commands = service;
        if (commands == null) {
            return;
        }
        command(meterId, topic(meterId) + "/result", command, payload, (body, text, user) -> {
            if (!commands.known().test(meterId)) {
                throw new NoSuchElementException("no meter " + meterId);
            }
            if (command.equals("out-of-service")) {
                commands.actions().takeOutOfService(meterId, user,
                        AlarmActions.text(operatorText("reason", body == null ? text : field(body, "reason"))));
            } else {
                commands.actions().putBackInService(meterId, user);
            }
        });
    }

    /** The comment of an acknowledgement or a comment: the JSON's, or the plain text sent. */
    private static String comment(JsonNode body, String text) {
        return AlarmActions.text(operatorText("comment", body == null ? text : field(body, "comment")));
    }

    /** What a command does: given its payload as JSON (null where it is plain text), as text, and the user it names. */
    private interface CommandAction {
        void apply(JsonNode body, String text, String user);
    }

    /**
     * Takes a command's payload (a JSON object, or plain text, or nothing), does it, and answers on
     * {@code resultTopic}; what went wrong (not JSON, or what the action threw) is logged and
     * answered as {@code ok: false} with the reason.
     */
    private void command(String what, String resultTopic, String command, byte[] payload, CommandAction action) {
        String detail;
        if (payload.length == 0) {
            // what clears a retained message: a person deleting a stale command must not give it
            detail = "an empty message is no command (it is how a retained message is cleared): send {} for one "
                    + "without fields";
        } else {
            detail = apply(new String(payload, StandardCharsets.UTF_8).strip(), FIELDS.getOrDefault(command, Set.of()),
                    action);
        }
        if (detail != null) {
            log.info("MQTT: {} of {} changed nothing: {}", command, AlarmActions.oneLine(what),
                    AlarmActions.oneLine(detail));
        }
        answer(resultTopic, command, detail);
    }

    /** Does a command of this payload; null where it took, else why not. */
    private String apply(String text, Set<String> fields, CommandAction action) {
        try {
            JsonNode body = text.startsWith("{") ? json.readTree(text) : null;
            if (body == null && jsonNeitherObjectNorText(text)) {
                // a flow's msg.payload of null or [] went out as "null" and "[]", and was journalled as the comment
                throw new IllegalArgumentException("a command is a JSON object or plain text; '" + text
                        + "' is JSON that is neither");
            }
            if (body != null) {
                for (String name : body.propertyNames()) {
                    if (!fields.contains(name)) {
                        // {"usr": "bob"} recorded no one, {"duraton": "2h"} shelved until the alarm cleared
                        throw new IllegalArgumentException("'" + name + "' is not a field it takes (it takes "
                                + String.join(", ", new TreeSet<>(fields)) + ")");
                    }
                }
            }
            String user = cut(field(body, "user").strip(), MAX_USER);
            String refused = AlarmActions.personalNameRefused(personalNames, user);
            if (refused == null) {
                refused = AlarmActions.sharedNameRefused(sharedNames, user);
            }
            if (refused == null) {
                refused = AlarmActions.textRefused("user", user, /* name= */ true);
            }
            if (refused != null) {
                throw new IllegalArgumentException(refused);
            }
            action.apply(body, text, user);
            return null;
        } catch (JacksonException e) {
            return "not JSON: " + e.getOriginalMessage();
        } catch (IllegalStateException | NoSuchElementException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** JSON null or an array: what a program sends by mistake, never a person's words. */
    private boolean jsonNeitherObjectNorText(String text) {
        if (!text.equals("null") && !text.startsWith("[")) {
            return false;
        }
        try {
            JsonNode node = json.readTree(text);
            return node != null && (node.isNull() || node.isArray());
        } catch (JacksonException e) {
            return false;   // "[maint] valve replaced": plain text
        }
    }

    /** A comment or a reason as sent, refused where the alarm list would not keep it (a control character). */
    private static String operatorText(String field, String text) {
        String refused = AlarmActions.textRefused(field, text, /* name= */ false);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        return text;
    }

    /** A text field of a command's JSON: "" where absent or null, refused where it is not text. */
    private static String field(JsonNode body, String name) {
        JsonNode v = body == null ? null : body.get(name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isString()) {
            throw new IllegalArgumentException(name + " must be text");
        }
        return v.asString();
    }

    /** A command's outcome, not retained: {@code ok}, or not and why. */
    private void answer(String topic, String command, String detail) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", command);
        result.put("ok", detail == null);
        if (detail != null) {
            result.put("detail", detail);
        }
        Outgoing message = new Outgoing(json.writeValueAsBytes(result), /* retained= */ false, /* reading= */ false);
        synchronized (lock) {
            // keyed apart from the topic (no topic holds a NUL), so that none replaces another waiting
            pending.put(topic + '\u0000' + answers++, message);
            lock.notifyAll();
        }
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** The topic a camera's state goes to. */
    public String cameraTopic(String cameraId) {
        return config.topicPrefix() + "/cameras/" + cameraId;
    }

    @Override
    public void accept(Reading reading) {
        offer(topic(reading.meterId()), new Outgoing(payload(reading), config.retain(), /* reading= */ true));
    }

    /**
     * A meter that is no longer calibrated: its reading waiting (if any) is dropped, and its retained
     * reading is cleared on the broker (an empty retained message), so that a subscriber does not
     * go on seeing the last value of a meter that is gone.
     */
    public void forget(String meterId) {
        clear(topic(meterId));
        clear(alarmTopic(meterId));
        clear(stuckTopic(meterId));
        if (discovery != null) {
            clearRetained(discovery.sensorTopic(meterId));
            clearRetained(discovery.alarmTopic(meterId));
            clearRetained(discovery.stuckTopic(meterId));
            if (config.acknowledgeAlarms()) {
                HomeAssistantDiscovery.BUTTONS.forEach(command -> clearRetained(discovery.buttonTopic(meterId, command)));
            }
        }
    }

    /**
     * A meter calibrated (at start, added or changed). One watched for a stuck pointer or level
     * ({@code stuck-after}) starts as not stuck on {@link #stuckTopic} (the watch starts afresh
     * too, and says so if it finds the meter stuck); another has that topic cleared, in case it
     * was watched before. With {@code home-assistant}, its discovery messages are published,
     * retained, so that Home Assistant lists it.
     */
    public void describe(String meterId, String cameraId, String unit, boolean watchedForStuck) {
        if (watchedForStuck) {
            stuck(meterId, null);
        } else {
            clear(stuckTopic(meterId));
        }
        if (discovery == null) {
            return;
        }
        String state = topic(meterId);
        announce(discovery.sensorTopic(meterId), json.writeValueAsBytes(discovery.sensor(meterId, cameraId, unit, state)));
        announce(discovery.alarmTopic(meterId), json.writeValueAsBytes(discovery.alarm(meterId, cameraId, state)));
        if (watchedForStuck) {
            announce(discovery.stuckTopic(meterId), json.writeValueAsBytes(discovery.stuck(meterId, cameraId,
                    stuckTopic(meterId))));
        } else {
            clearRetained(discovery.stuckTopic(meterId));
        }
        if (config.acknowledgeAlarms()) {
            for (String command : HomeAssistantDiscovery.BUTTONS) {
                announce(discovery.buttonTopic(meterId, command), json.writeValueAsBytes(discovery.button(meterId,
                        cameraId, command, alarmTopic(meterId) + "/" + command)));
            }
        }
    }

    private void announce(String topic, byte[] payload) {
        synchronized (lock) {
            announced.put(topic, payload);
        }
        offer(topic, new Outgoing(payload, /* retained= */ true, /* reading= */ false));
    }

    /**
     * A new connection: every retained message in force goes again (discovery, and each meter's
     * reading, alarm and stuck state and each camera's state, as they stand), unless a newer one
     * waits already: the broker may have lost them while the service was away from it.
     */
    private void announceAgain() {
        synchronized (lock) {
            inForce.forEach(pending::putIfAbsent);
        }
    }

    /** A camera's state, as JSON of these fields, for {@link #cameraTopic}; a newer one replaces one waiting. */
    public void publishCamera(String cameraId, Map<String, Object> state) {
        if (discovery != null) {
            String topic = discovery.cameraTopic(cameraId);
            boolean known;
            synchronized (lock) {
                known = announced.containsKey(topic);
            }
            if (!known) {
                announce(topic, json.writeValueAsBytes(discovery.camera(cameraId, cameraTopic(cameraId))));
            }
        }
        offer(cameraTopic(cameraId), new Outgoing(json.writeValueAsBytes(state), config.retain(), false));
    }

    /** A camera no longer read: its retained state is cleared, as a meter's reading is ({@link #forget}). */
    public void forgetCamera(String cameraId) {
        clear(cameraTopic(cameraId));
        if (discovery != null) {
            clearRetained(discovery.cameraTopic(cameraId));
        }
    }

    private void offer(String topic, Outgoing message) {
        synchronized (lock) {
            if (message.retained()) {
                inForce.put(topic, message);
            }
            if (pending.put(topic, message) != null && message.reading()) {
                superseded.incrementAndGet();
            }
            lock.notifyAll();
        }
    }

    private void clear(String topic) {
        if (config.retain()) {
            clearRetained(topic);
        } else {
            synchronized (lock) {
                pending.remove(topic);
            }
        }
    }

    /** Drops what waits for the topic and clears its retained message on the broker. */
    private void clearRetained(String topic) {
        synchronized (lock) {
            announced.remove(topic);
            inForce.remove(topic);
            pending.remove(topic);
            pending.put(topic, new Outgoing(CLEAR, true, false));
            lock.notifyAll();
        }
    }

    /** Why the broker was last unreachable; null while connected or before the first try. */
    public String lastError() {
        return connected ? null : lastError;
    }

    public long published() {
        return published.get();
    }

    public long superseded() {
        return superseded.get();
    }

    /** Messages waiting to be sent (at most one per meter or camera). */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    @Override
    protected void sendDue() throws MqttException, InterruptedException {
        List<Map.Entry<String, Outgoing>> batch = awaitPending();
        for (int i = 0; i < batch.size(); i++) {
            try {
                send(batch.get(i).getKey(), batch.get(i).getValue());
            } catch (MqttException e) {
                requeue(batch.subList(i, batch.size()));
                throw e;
            }
        }
    }

    @Override
    protected void connect() throws MqttException {
        // the JSON topics subscribe to nothing but alarm and service commands, where asked (a command
        // left retained on the broker is not taken: it would acknowledge whatever alarm came next)
        client = newClient(config.clientId(), this::arrived, /* skipRetained= */ true);
        MqttConnectOptions options = options();
        options.setWill(statusTopic, bytes("offline"), config.qos(), config.retain());
        client.connect(options);
        if (config.acknowledgeAlarms()) {
            for (String command : COMMANDS) {
                client.subscribe(config.topicPrefix() + "/alarms/+/" + command, config.qos());
            }
        }
        if (config.serviceCommands()) {
            for (String command : SERVICE_COMMANDS) {
                client.subscribe(config.topicPrefix() + "/meters/+/" + command, config.qos());
            }
        }
        String broker = connectedTo();
        client.publish(statusTopic, bytes("online"), config.qos(), config.retain());
        connected = true;
        log.info("MQTT: connected to {} as {}", broker, config.clientId());
        announceAgain();
    }

    /** Waits until messages are pending (or the connection dropped, or the publisher closes) and takes them. */
    private List<Map.Entry<String, Outgoing>> awaitPending() throws InterruptedException, MqttException {
        synchronized (lock) {
            while (pending.isEmpty() && !closed && connected) {
                lock.wait(1_000);
            }
            if (!connected && !closed) {
                throw new MqttException(MqttException.REASON_CODE_CONNECTION_LOST);
            }
            List<Map.Entry<String, Outgoing>> batch = new ArrayList<>(pending.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue())).toList());
            pending.clear();
            return batch;
        }
    }

    /** Puts back messages that could not be sent, unless a newer one for the same topic came meanwhile. */
    private void requeue(List<Map.Entry<String, Outgoing>> unsent) {
        synchronized (lock) {
            for (Map.Entry<String, Outgoing> m : unsent) {
                if (pending.putIfAbsent(m.getKey(), m.getValue()) != null && m.getValue().reading()) {
                    superseded.incrementAndGet();
                }
            }
        }
    }

    private void send(String key, Outgoing message) throws MqttException {
        int answer = key.indexOf('\u0000');
        client.publish(answer < 0 ? key : key.substring(0, answer), message.payload(), config.qos(),
                message.retained());
        if (message.reading()) {
            published.incrementAndGet();
        }
    }

    /** The alarm as the API shows it, and whether it is on the list. */
    byte[] payload(MeterAlarm a) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("meterId", a.meterId());
        fields.put("state", a.state().name());
        fields.put("limit", a.limit().name());
        fields.put("priority", a.priority().name());
        fields.put("active", a.active());
        fields.put("acknowledged", a.acknowledged());
        fields.put("onList", a.listed());
        fields.put("raised", a.raised().toString());
        fields.put("changed", a.changed().toString());
        fields.put("value", a.value());
        fields.put("unit", a.unit());
        fields.put("acknowledgedAt", a.acknowledgedAt() == null ? null : a.acknowledgedAt().toString());
        fields.put("acknowledgedBy", a.acknowledgedBy());
        fields.put("comment", a.comment());
        Map<String, Object> shelf = null;
        if (a.shelved()) {
            shelf = new LinkedHashMap<>();
            shelf.put("since", a.shelf().since().toString());
            shelf.put("until", a.shelf().oneShot() ? null : a.shelf().until().toString());
            shelf.put("oneShot", a.shelf().oneShot());
            shelf.put("user", a.shelf().user());
            shelf.put("reason", a.shelf().reason());
        }
        fields.put("shelf", shelf);
        return json.writeValueAsBytes(fields);
    }

    /** The reading as the API shows it. */
    byte[] payload(Reading r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("meterId", r.meterId());
        fields.put("cameraId", r.cameraId());
        fields.put("status", r.status().name());
        fields.put("value", r.value());
        fields.put("unit", r.unit());
        fields.put("fraction", r.fraction());
        fields.put("confidence", r.confidence());
        fields.put("alarm", r.alarm().name());
        fields.put("captureTime", r.captureTime() == null ? null : r.captureTime().toString());
        fields.put("readTime", r.readTime() == null ? null : r.readTime().toString());
        return json.writeValueAsBytes(fields);
    }

    /** Says "offline" on the way out (the broker sends the will only when a client vanishes) and disconnects. */
    @Override
    protected void leave() {
        if (client != null && connected) {
            try {
                client.publish(statusTopic, bytes("offline"), config.qos(), config.retain());
                client.disconnect(2_000);
            } catch (MqttException e) {
                log.debug("MQTT: could not say offline: {}", describe(e));
            }
        }
        connected = false;
        closeClient();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
