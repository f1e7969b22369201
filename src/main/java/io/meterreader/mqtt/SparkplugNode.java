package io.meterreader.mqtt;

import io.meterreader.config.MqttProperties;
import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import io.meterreader.frame.ServiceActions;
import io.meterreader.mqtt.SparkplugPayload.DataType;
import io.meterreader.mqtt.SparkplugPayload.Metric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as an Eclipse Sparkplug B 3.0 edge node ({@code spBv1.0/GROUP/.../NODE}), on a
 * connection of its own to the broker (its will is the node's death certificate).
 *
 * <p>Each camera is a device, born (DBIRTH) while it streams and dead (DDEATH) while it does not,
 * so that the SCADA marks its meters stale; its metrics are, for each of its meters,
 * {@code METER/Value} (Double, with engUnit, engLow and engHigh properties from the calibration),
 * {@code METER/Status} and {@code METER/Alarm} (String) and {@code METER/Confidence} (Double),
 * timestamped with the frame's capture time, its alarm on the service's alarm list
 * ({@code METER/AlarmUnacknowledged}, {@code METER/AlarmShelved}: Boolean, timestamped with the
 * alarm's last change; {@link #alarm}), whether it is out of service ({@code METER/OutOfService},
 * Boolean; {@link #outOfService}) and whether its value has stopped moving ({@code METER/Stuck},
 * Boolean; {@link #stuck}), and {@code Camera/Warning} (String, null when none).
 * Readings go out as DDATA by exception: only the metrics that changed. A calibration change is
 * the device dying and being born again with its new metrics.
 *
 * <p>The node's birth (NBIRTH) carries bdSeq, which goes up by one at each try to connect and matches
 * the will's (kept in a file over restarts, so that a host never takes the previous run's death
 * certificate for this one's), and {@code Node Control/Rebirth}; an NCMD setting it true has the node and every
 * device born again. With a primary host configured, births wait for its STATE to say online, and
 * an offline STATE (not older than the last online one) ends the session: NDEATH, disconnect,
 * connect again and wait. With several brokers the node walks them for the one its primary host
 * is online on: an offline STATE, or none online within the host wait, has it move to the next.
 * Births, data and device deaths go at QoS 0, the node's death (and its will) at QoS 1 as
 * Sparkplug asks; none retained, numbered 0 to 255 in the order they are sent.
 *
 * <p>With {@code commands}, a host may write a meter's {@code OutOfService} (take it out of service,
 * put it back), {@code AlarmUnacknowledged} false (acknowledge its alarm) and {@code AlarmShelved}
 * (true: shelve it until it clears; false: unshelve it) in a DCMD to its camera's device, by name or
 * by alias; the alarm journal names the primary host (else "sparkplug") as the user. Whatever a
 * write comes to, the metric's value as it then stands goes back in the next DDATA, so a host never
 * shows a write that was refused. Without {@code commands} a DCMD is logged and ignored.
 *
 * <p>As with {@link MqttPublisher}, nothing waits on the broker but this node's own thread, and
 * memory is bounded by the meters: each meter's latest reading waits, not a queue of them, and a
 * broker back after an outage gets births with every meter's latest state. With store and forward,
 * the readings in between come from the history store ({@link #useHistory}): after a device's
 * birth, those of its meters read since the last value the host was told go as historical data.
 */
public final class SparkplugNode extends MqttSession implements Consumer<Reading> {

    static final String NAMESPACE = "spBv1.0";
    static final String REBIRTH = "Node Control/Rebirth";
    static final String BD_SEQ = "bdSeq";

    private static final Logger log = LoggerFactory.getLogger(SparkplugNode.class);

    private final String group;
    private final String node;
    /** The primary host application's id; null: none. */
    private final String primaryHost;
    /** Metrics numbered in births and sent by number in data. */
    private final boolean aliases;
    /** After a device's birth, its readings stored while the host was not told them follow. */
    private final boolean storeAndForward;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong published = new AtomicLong();

    /** Calibrated meters by id. Guarded by lock. */
    private final Map<String, MeterSpec> meters = new TreeMap<>();
    /** Cameras by id (a camera is a device). Guarded by lock. */
    private final Map<String, Device> devices = new TreeMap<>();
    /** Births in this session: the NBIRTH went out. Guarded by lock. */
    private boolean nodeBorn;
    /** An NCMD asked for a rebirth. Guarded by lock. */
    private boolean rebirthAsked;
    /** The primary host's STATE says online (always true without a primary host). Guarded by lock. */
    private boolean hostOnline;
    /** The timestamp of the primary host's last online STATE. Guarded by lock. */
    private long hostTimestamp = Long.MIN_VALUE;
    /** The primary host went offline during this session: it must end. Guarded by lock. */
    private boolean hostWentOffline;
    /** When this session connected (clock millis). Guarded by lock. */
    private long connectedAt;
    /**
     * Brokers left in a row for the primary host not being online there. Once every broker was,
     * an offline STATE no longer moves the node on at once (they would be walked without end):
     * it waits the host wait on each. Guarded by lock.
     */
    private int walked;
    /**
     * With several brokers, how long a session waits for the primary host to say it is online on
     * its broker before it moves to the next ({@code sparkplug.primary-host-wait}).
     */
    private final long hostWaitMillis;

    /** Readings stored while a device was not told them (store and forward); null: none. */
    private volatile ReadingHistory history;

    /** Where the last connection's bdSeq is kept over restarts; null: in memory only. */
    private final Path bdSeqFile;
    /** The session thread's: the current (or, before the first connection, the last) connection's. */
    private long bdSeq;
    private long seq;
    /** The next alias of this session. Guarded by lock. */
    private long nextAlias;

    /** Each meter's alarm as the alarm list last told it. Guarded by lock. */
    private final Map<String, MeterAlarm> alarms = new HashMap<>();
    /** The meters out of service, since when. Guarded by lock. */
    private final Map<String, OutOfService> outOfService = new HashMap<>();
    /** The meters whose values have stopped moving, since when. Guarded by lock. */
    private final Map<String, Instant> stuck = new HashMap<>();

    /** A host's writes (DCMD) are taken ({@code sparkplug.commands}). */
    private final boolean commands;
    /** Where a host's writes go: the alarm list; null until {@link #commandsTo}. */
    private volatile AlarmActions alarmActions;
    private volatile ServiceActions serviceActions;

    /** A meter as calibrated; min, max and unit may be null. */
    private record MeterSpec(String camera, Double min, Double max, String unit) {
    }

    private static final class Device {
        boolean streaming;
        String warning;
        /** No longer read (the camera left the configuration). */
        boolean gone;
        /** Each of its meters' latest reading. */
        final Map<String, Reading> readings = new HashMap<>();
        /** Born in this session. */
        boolean born;
        /** Its meters or their calibration changed: born again. */
        boolean changed;
        /** Something to send: a reading, a warning, a state. */
        boolean dirty;
        /** Each metric's value as last sent in this session. */
        final Map<String, Object> told = new HashMap<>();
        /** Each metric's alias since its birth (with aliases on). */
        final Map<String, Long> aliases = new HashMap<>();
        /** Each meter's latest capture time the host was told, over sessions (store and forward). */
        final Map<String, Instant> toldUpTo = new HashMap<>();
        /** Each meter's readings told lately, oldest first: QoS 0 does not say whether they arrived. */
        final Map<String, ArrayDeque<Told>> recent = new HashMap<>();

        boolean alive() {
            return streaming && !gone;
        }
    }

    /** A message to publish. */
    private record Outgoing(String topic, byte[] payload) {
    }

    /** A reading the host was told: when it was sent (clock millis), and its capture time. */
    private record Told(long sentAt, Instant capture) {
    }

    /**
     * How long a message sent at QoS 0 may go unnoticed as lost: a dead connection is found within
     * one and a half keep-alive intervals (30 s), so what was told in the last 45 s before a
     * session was lost is told again, as historical data (store and forward).
     */
    private static final long UNCONFIRMED_MILLIS = 45_000;

    /** A meter's readings to send as historical data: captured after {@code after}, before {@code before}. */
    private record Backfill(String device, String meter, Instant after, Instant before) {
    }

    /** What is due: messages, numbered, and then readings to fetch from the store and send. */
    private record Due(List<Outgoing> messages, List<Backfill> backfill) {
    }

    /** The most historical metrics in one data message (a reading is four). */
    private static final int HISTORICAL_METRICS_PER_MESSAGE = 400;
    /** The most stored readings of one meter sent after an outage. */
    private static final int MAX_BACKFILL = 10_000;

    public SparkplugNode(MqttProperties mqtt, Clock clock) {
        super(requireSparkplug(mqtt), "Sparkplug", "sparkplug-node");
        this.group = mqtt.sparkplug().groupId();
        this.node = mqtt.sparkplugEdgeNodeId();
        this.primaryHost = mqtt.sparkplug().primaryHostId();
        this.aliases = mqtt.sparkplug().aliases();
        this.storeAndForward = mqtt.sparkplug().storeAndForward();
        this.hostWaitMillis = mqtt.sparkplug().primaryHostWait().toMillis();
        this.commands = mqtt.sparkplug().commands();
        this.clock = clock;
        String file = mqtt.sparkplug().bdSeqFile();
        this.bdSeqFile = file == null || file.isBlank() ? null : Path.of(file);
        this.bdSeq = lastBdSeq(bdSeqFile);
    }

    /**
     * The bdSeq of the previous run's last connection, so that this run's first is the next; -1
     * (this run starts at 0) where none was kept. A file that holds no bdSeq is logged and
     * written over at the first connection.
     */
    private static long lastBdSeq(Path file) {
        if (file == null || !Files.exists(file)) {
            return -1;
        }
        String text = "";
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
            long last = Long.parseLong(text);
            if (last >= 0 && last <= 255) {
                return last;
            }
        } catch (IOException | NumberFormatException e) {
            // logged below
        }
        log.warn("Sparkplug: {} holds no bdSeq (0 to 255) but '{}': bdSeq starts at 0", file,
                text.length() > 20 ? text.substring(0, 20) + "..." : text);
        return -1;
    }

    /**
     * Keeps this connection's bdSeq before the will that carries it goes to the broker: written to
     * a file beside it and moved over it, so that a crash leaves the old number or the new, never
     * half a file. A file that cannot be written is logged; the node goes on, its bdSeq in memory.
     */
    private void keepBdSeq() {
        if (bdSeqFile == null) {
            return;
        }
        try {
            Path dir = bdSeqFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path next = Files.createTempFile(dir, bdSeqFile.getFileName().toString(), ".tmp");
            try {
                Files.writeString(next, bdSeq + "\n", StandardCharsets.UTF_8);
                Files.move(next, bdSeqFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(next);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Sparkplug: cannot keep bdSeq {} in {} ({}): after a restart it starts again at 0", bdSeq,
                    bdSeqFile, e.toString());
        }
    }

    private static MqttProperties requireSparkplug(MqttProperties mqtt) {
        if (!mqtt.enabled() || !mqtt.sparkplug().enabled()) {
            throw new IllegalArgumentException("Sparkplug is not enabled");
        }
        return mqtt;
    }

    /** Starts connecting and publishing; returns at once, whether the broker is there or not. */
    public void start() {
        log.info("Sparkplug: edge node {}/{} on {}{}", group, node, config.url(),
                primaryHost == null ? "" : ", births when primary host " + primaryHost + " is online");
        if (commands) {
            log.warn("Sparkplug: taking a host's writes (DCMD) of METER/OutOfService, METER/AlarmUnacknowledged "
                    + "and METER/AlarmShelved: a meter out of service or shelved raises no alarm");
        }
        startThread();
    }

    /** The topic of a node message (NBIRTH, NDEATH, NCMD ...). */
    String nodeTopic(String verb) {
        return NAMESPACE + "/" + group + "/" + verb + "/" + node;
    }

    /** The topic of a device message (DBIRTH, DDATA, DDEATH). */
    String deviceTopic(String verb, String device) {
        return nodeTopic(verb) + "/" + device;
    }

    /**
     * With {@code store-and-forward}, where a device's readings missed while it was not told them
     * (the broker away) are read from; before this, none are sent.
     */
    public void useHistory(ReadingHistory store) {
        this.history = store;
    }

    /** A meter calibrated (at start, added or changed): its camera's device is born again with it. */
    public void describe(String meterId, String cameraId, Double min, Double max, String unit) {
        MeterSpec spec = new MeterSpec(cameraId, min, max, unit);
        synchronized (lock) {
            MeterSpec old = meters.put(meterId, spec);
            if (spec.equals(old)) {
                return;
            }
            if (old != null && !old.camera().equals(cameraId)) {
                Device before = device(old.camera());
                before.readings.remove(meterId);
                before.toldUpTo.remove(meterId);
                before.recent.remove(meterId);
                before.changed = true;
            }
            device(cameraId).changed = true;
            lock.notifyAll();
        }
    }

    /** A meter no longer calibrated: its camera's device is born again without it. */
    public void forget(String meterId) {
        synchronized (lock) {
            MeterSpec old = meters.remove(meterId);
            alarms.remove(meterId);
            outOfService.remove(meterId);
            stuck.remove(meterId);
            if (old != null) {
                Device d = device(old.camera());
                d.readings.remove(meterId);
                d.toldUpTo.remove(meterId);
                d.recent.remove(meterId);
                d.changed = true;
                lock.notifyAll();
            }
        }
    }

    @Override
    public void accept(Reading reading) {
        synchronized (lock) {
            MeterSpec spec = meters.get(reading.meterId());
            if (spec == null) {
                // not calibrated (any more): its device has no metric for it
                return;
            }
            Device d = device(spec.camera());
            d.readings.put(reading.meterId(), reading);
            d.dirty = true;
            lock.notifyAll();
        }
    }

    /**
     * A change of a meter's alarm on the service's alarm list: its device's
     * {@code METER/AlarmUnacknowledged} and {@code METER/AlarmShelved}, by exception, as readings go.
     */
    public void alarm(MeterAlarm alarm) {
        synchronized (lock) {
            alarms.put(alarm.meterId(), alarm);
            MeterSpec spec = meters.get(alarm.meterId());
            if (spec != null) {
                device(spec.camera()).dirty = true;
                lock.notifyAll();
            }
        }
    }

    /**
     * A meter taken out of service ({@code since} its being out of service) or put back (null): its
     * device's {@code METER/OutOfService}, by exception.
     */
    public void outOfService(String meterId, OutOfService since) {
        changed(outOfService, meterId, since);
    }

    /**
     * A meter whose values have stopped moving for its calibration's stuck-after ({@code since} it
     * last moved), or that moves again (null): its device's {@code METER/Stuck}, by exception.
     */
    public void stuck(String meterId, Instant since) {
        changed(stuck, meterId, since);
    }

    /** A meter's entry in one of the maps of meter states put (or, null, removed), its device due to tell it. */
    private <T> void changed(Map<String, T> states, String meterId, T state) {
        synchronized (lock) {
            if (state == null) {
                states.remove(meterId);
            } else {
                states.put(meterId, state);
            }
            MeterSpec spec = meters.get(meterId);
            if (spec != null) {
                device(spec.camera()).dirty = true;
                lock.notifyAll();
            }
        }
    }

    /** Where a host's writes go, with {@code commands} (the alarm list); without it they are ignored. */
    public void commandsTo(AlarmActions alarms, ServiceActions service) {
        this.alarmActions = alarms;
        this.serviceActions = service;
    }

    /** A camera's state as the camera feed tells it (its fields {@code state} and {@code warning}). */
    public void publishCamera(String cameraId, Map<String, Object> state) {
        boolean streaming = "STREAMING".equals(state.get("state"));
        Object warning = state.get("warning");
        synchronized (lock) {
            Device d = device(cameraId);
            d.gone = false;
            d.streaming = streaming;
            d.warning = warning == null ? null : warning.toString();
            d.dirty = true;
            lock.notifyAll();
        }
    }

    /** A camera no longer read: its device dies. */
    public void forgetCamera(String cameraId) {
        synchronized (lock) {
            Device d = devices.get(cameraId);
            if (d != null) {
                d.gone = true;
                d.streaming = false;
                d.dirty = true;
                lock.notifyAll();
            }
        }
    }

    /** Guarded by lock. */
    private Device device(String cameraId) {
        return devices.computeIfAbsent(cameraId, id -> new Device());
    }

    /** Whether the node's birth went out in the current session (it is online to the SCADA). */
    public boolean isOnline() {
        synchronized (lock) {
            return connected && nodeBorn;
        }
    }

    /** What keeps the node offline, or null when it is online. */
    public String problem() {
        if (!connected) {
            return lastError == null ? "not connected yet" : lastError;
        }
        synchronized (lock) {
            if (nodeBorn) {
                return null;
            }
            return primaryHost != null && !hostOnline ? "waiting for primary host " + primaryHost + " to be online"
                    : "being born";
        }
    }

    /** Births, data and deaths published. */
    public long published() {
        return published.get();
    }

    @Override
    protected void sendDue() throws MqttException, InterruptedException {
        Due due = awaitDue();
        if (due == null) {
            boolean wasOnline;
            synchronized (lock) {
                wasOnline = hostWentOffline;
                walked++;
            }
            endSession("primary host " + primaryHost + (wasOnline ? " went offline"
                    : " not online on " + url() + " within " + hostWaitMillis / 1000 + " s"));
            // Sparkplug has an edge node walk its brokers for the one its primary host is on
            moveOn();
            return;
        }
        for (Outgoing m : due.messages()) {
            publish(m);
        }
        for (Backfill b : due.backfill()) {
            for (Outgoing m : historical(b)) {
                publish(m);
            }
        }
    }

    /** What was told lately may not have arrived: store and forward sends it again. */
    @Override
    protected void failed() {
        rollBackTold();
    }

    @Override
    protected void leave() {
        endSession(null);
    }

    private void publish(Outgoing m) throws MqttException {
        client.publish(m.topic(), m.payload(), /* qos= */ 0, /* retained= */ false);
        published.incrementAndGet();
    }

    /**
     * A meter's stored readings in a backfill's range, as historical data messages of its device,
     * numbered after what went before; none when the store cannot be read (logged).
     */
    private List<Outgoing> historical(Backfill b) {
        List<Reading> readings;
        try {
            // the store keeps microseconds: one more than the last told is the first not told
            readings = history.read(b.meter(), b.after().plusNanos(1_000), b.before(), MAX_BACKFILL);
        } catch (RuntimeException e) {
            log.warn("Sparkplug: the readings of {} stored while the broker was away cannot be read ({}); "
                    + "only its latest was sent", b.meter(), e.getMessage());
            return List.of();
        }
        if (readings.isEmpty()) {
            return List.of();
        }
        List<Metric> metrics = new ArrayList<>();
        Map<String, Long> aliasesNow;
        synchronized (lock) {
            Device d = devices.get(b.device());
            aliasesNow = d == null ? Map.of() : Map.copyOf(d.aliases);
        }
        for (Reading r : readings) {
            for (Metric m : readingMetrics(b.meter(), r, r.captureTime().toEpochMilli(), null)) {
                Long alias = aliasesNow.get(m.name());
                metrics.add((alias == null ? m : m.withAlias(alias)).asHistorical().asData());
            }
        }
        List<Outgoing> out = new ArrayList<>();
        long now = clock.millis();
        for (int i = 0; i < metrics.size(); i += HISTORICAL_METRICS_PER_MESSAGE) {
            out.add(new Outgoing(deviceTopic("DDATA", b.device()), SparkplugPayload.encodeData(now, nextSeq(),
                    metrics.subList(i, Math.min(metrics.size(), i + HISTORICAL_METRICS_PER_MESSAGE)))));
        }
        log.info("Sparkplug: {} readings of {} stored while the broker was away sent as historical data",
                readings.size(), b.meter());
        return out;
    }

    @Override
    protected void connect() throws MqttException {
        bdSeq = (bdSeq + 1) % 256;
        keepBdSeq();
        client = newClient(config.clientId() + "-sparkplug", this::received);
        MqttConnectOptions options = options();
        options.setWill(nodeTopic("NDEATH"), death(), /* qos= */ 1, /* retained= */ false);
        client.connect(options);
        String broker = connectedTo();
        synchronized (lock) {
            nodeBorn = false;
            hostOnline = primaryHost == null;
            hostWentOffline = false;
            connectedAt = clock.millis();
        }
        connected = true;
        client.subscribe(nodeTopic("NCMD"), 1);
        client.subscribe(deviceTopic("DCMD", "+"), 1);
        if (primaryHost != null) {
            client.subscribe(NAMESPACE + "/STATE/" + primaryHost, 1);
        }
        log.info("Sparkplug: connected to {} (bdSeq {})", broker, bdSeq);
    }

    /** The node's death certificate: bdSeq alone, no seq. */
    private byte[] death() {
        long now = clock.millis();
        return SparkplugPayload.encode(now, null, List.of(new Metric(BD_SEQ, now, DataType.INT64, bdSeq)));
    }

    /** A command or the primary host's state, on Paho's thread: noted for the publishing thread. */
    private void received(String topic, byte[] payload) {
        if (topic.equals(nodeTopic("NCMD"))) {
            List<SparkplugPayload.ReadMetric> metrics;
            try {
                metrics = SparkplugPayload.metrics(payload);
            } catch (IllegalArgumentException e) {
                log.warn("Sparkplug: an NCMD that is not a Sparkplug payload ({}): ignored", e.getMessage());
                return;
            }
            if (metrics.isEmpty()) {
                log.warn("Sparkplug: an NCMD without metrics ({} bytes): ignored", payload.length);
            }
            List<String> ignored = new ArrayList<>();
            for (SparkplugPayload.ReadMetric m : metrics) {
                if (REBIRTH.equals(m.name()) && Boolean.TRUE.equals(m.value())) {
                    log.info("Sparkplug: rebirth asked for");
                    synchronized (lock) {
                        rebirthAsked = true;
                        lock.notifyAll();
                    }
                } else if (REBIRTH.equals(m.name())) {
                    log.warn("Sparkplug: an NCMD writes {} = {}: a rebirth is asked for with the Boolean true; ignored",
                            REBIRTH, AlarmActions.oneLine(describe(m.value())));
                } else {
                    ignored.add(AlarmActions.oneLine(m.name()) + " = " + AlarmActions.oneLine(String.valueOf(m.value())));
                }
            }
            if (!ignored.isEmpty()) {
                log.warn("Sparkplug: an NCMD writes {}, which this edge node does not take: ignored", some(ignored));
            }
        } else if (topic.startsWith(deviceTopic("DCMD", ""))) {
            deviceCommand(topic.substring(deviceTopic("DCMD", "").length()), payload);
        } else if (primaryHost != null && topic.equals(NAMESPACE + "/STATE/" + primaryHost)) {
            hostState(payload);
        }
    }

    /** The metrics a host may write, by what follows the meter's id in their names. */
    static final List<String> WRITABLE = List.of("OutOfService", "AlarmUnacknowledged", "AlarmShelved");

    /**
     * A host's writes to a device's metrics, on Paho's thread: each done on the alarm list where
     * {@code commands} allows it; one that changes nothing has the metric told again as it stands.
     */
    private void deviceCommand(String device, byte[] payload) {
        List<SparkplugPayload.ReadMetric> metrics;
        try {
            metrics = SparkplugPayload.metrics(payload);
        } catch (IllegalArgumentException e) {
            log.warn("Sparkplug: a DCMD to {} that is not a Sparkplug payload ({}): ignored", AlarmActions.oneLine(device),
                    e.getMessage());
            return;
        }
        List<String> ignored = new ArrayList<>();
        for (SparkplugPayload.ReadMetric m : metrics) {
            String name = m.name() != null ? m.name() : aliasName(device, m.alias());
            String meter = meterOf(device, name);
            if (meter == null) {
                ignored.add((name == null ? "alias " + m.alias() : AlarmActions.oneLine(name)) + " = "
                        + AlarmActions.oneLine(String.valueOf(m.value())));
                continue;
            }
            try {
                String outcome = write(meter, name.substring(meter.length() + 1), m.value());
                // the alarm list tells this node the change, which goes out as the metric's new value
                log.info("Sparkplug: a DCMD writes {} = {}: {}", name, m.value(), outcome);
            } catch (IllegalStateException | NoSuchElementException | IllegalArgumentException e) {
                log.info("Sparkplug: a DCMD writes {} = {}, which changes nothing: {}", name, m.value(),
                        e.getMessage());
                // told again as it stands, so that the host does not show the write
                synchronized (lock) {
                    Device d = devices.get(device);
                    if (d != null) {
                        d.told.remove(name);
                        d.dirty = true;
                        lock.notifyAll();
                    }
                }
            }
        }
        if (!ignored.isEmpty()) {
            log.warn("Sparkplug: a DCMD writes {} on {}, which this edge node does not take: ignored", some(ignored),
                    AlarmActions.oneLine(device));
        }
    }

    /**
     * Writes ignored, for one log line: the first three and how many more (a command of 2,000
     * unknown metrics wrote 2,000 lines).
     */
    static String some(List<String> writes) {
        int shown = Math.min(3, writes.size());
        String first = String.join(", ", writes.subList(0, shown));
        return writes.size() == shown ? first : first + " and " + (writes.size() - shown) + " more";
    }

    /** A value written, with its Java type in words where it is not the Boolean a control takes. */
    private static String describe(Object value) {
        return value == null ? "nothing" : value instanceof String text ? "the String \"" + text + "\""
                : value.getClass().getSimpleName() + " " + value;
    }

    /** A writable metric's meter, where the metric is one of the device's, else null. */
    private String meterOf(String device, String name) {
        int slash = name == null ? -1 : name.lastIndexOf('/');
        if (slash <= 0 || !WRITABLE.contains(name.substring(slash + 1))) {
            return null;
        }
        String meter = name.substring(0, slash);
        synchronized (lock) {
            MeterSpec spec = meters.get(meter);
            return spec != null && spec.camera().equals(device) ? meter : null;
        }
    }

    /** The name of a device's metric by its alias in this session, or null. */
    private String aliasName(String device, Long alias) {
        synchronized (lock) {
            Device d = devices.get(device);
            if (alias == null || d == null) {
                return null;
            }
            return d.aliases.entrySet().stream().filter(e -> e.getValue().equals(alias)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }
    }

    /**
     * A host's write of a meter's metric, done: what it came to, in words.
     *
     * @throws IllegalStateException  the meter is already as written, or its alarm cannot be
     * @throws NoSuchElementException the meter has had no alarm
     */
    private String write(String meter, String metric, Object value) {
        if (!commands) {
            throw new IllegalStateException("this edge node takes no writes (sparkplug.commands is off)");
        }
        AlarmActions alarmList = alarmActions;
        ServiceActions service = serviceActions;
        if (alarmList == null || service == null) {
            throw new IllegalStateException("the alarm list is not there yet");
        }
        if (!(value instanceof Boolean on)) {
            throw new IllegalArgumentException(metric + " is a Boolean");
        }
        String user = primaryHost == null ? "sparkplug" : primaryHost;
        switch (metric) {
            case "OutOfService" -> {
                if (on) {
                    service.takeOutOfService(meter, user, "");
                    return meter + " taken out of service";
                }
                service.putBackInService(meter, user);
                return meter + " put back in service";
            }
            case "AlarmUnacknowledged" -> {
                if (on) {
                    throw new IllegalArgumentException("an alarm is acknowledged by writing false; true undoes "
                            + "nothing");
                }
                alarmList.acknowledge(meter, user, "");
                return meter + "'s alarm acknowledged";
            }
            default -> {
                if (on) {
                    alarmList.shelve(meter, null, user, "");
                    return meter + "'s alarm shelved until it clears";
                }
                alarmList.unshelve(meter, user);
                return meter + "'s alarm unshelved";
            }
        }
    }

    private void hostState(byte[] payload) {
        JsonNode state;
        try {
            state = json.readTree(payload);
        } catch (JacksonException e) {
            log.warn("Sparkplug: primary host {}'s STATE is not JSON: ignored", primaryHost);
            return;
        }
        JsonNode online = state == null ? null : state.get("online");
        JsonNode timestamp = state == null ? null : state.get("timestamp");
        if (online == null || !online.isBoolean() || timestamp == null || !timestamp.isIntegralNumber()) {
            log.warn("Sparkplug: primary host {}'s STATE lacks a boolean online and a numeric timestamp: ignored",
                    primaryHost);
            return;
        }
        long at = timestamp.asLong();
        synchronized (lock) {
            if (online.asBoolean()) {
                hostOnline = true;
                walked = 0;
                hostTimestamp = Math.max(hostTimestamp, at);
            } else if (at >= hostTimestamp) {
                // an offline STATE older than the last online one is stale: a host's will overtaken by its rebirth
                hostOnline = false;
                // born, the session ends; with another broker to try, it moves on born or not
                hostWentOffline = nodeBorn || (serverCount() > 1 && walked < serverCount());
            }
            lock.notifyAll();
        }
    }

    /**
     * Waits until there is something to send and returns it, numbered; empty when closing; null
     * when the primary host went offline and the session must end.
     */
    private Due awaitDue() throws InterruptedException, MqttException {
        synchronized (lock) {
            while (!closed && connected && !hostWentOffline && !hostAwayTooLong() && !(hostOnline && due())) {
                lock.wait(1_000);
            }
            if (closed) {
                return new Due(List.of(), List.of());
            }
            if (!connected) {
                throw new MqttException(MqttException.REASON_CODE_CONNECTION_LOST);
            }
            if (hostWentOffline || hostAwayTooLong()) {
                return null;
            }
            return messages(clock.millis());
        }
    }

    /**
     * With several brokers: the primary host has not said it is online on this one since the
     * session connected, for too long to wait. Guarded by lock.
     */
    private boolean hostAwayTooLong() {
        return primaryHost != null && serverCount() > 1 && !hostOnline
                && clock.millis() - connectedAt >= hostWaitMillis;
    }

    /** Guarded by lock. */
    private boolean due() {
        if (!nodeBorn || rebirthAsked) {
            return true;
        }
        for (Device d : devices.values()) {
            if (d.dirty || d.changed) {
                return true;
            }
        }
        return false;
    }

    /** What is due, in order, with its sequence numbers; the session's view updated as if sent. Guarded by lock. */
    private Due messages(long now) {
        List<Outgoing> out = new ArrayList<>();
        List<Backfill> backfill = new ArrayList<>();
        if (!nodeBorn || rebirthAsked) {
            rebirthAsked = false;
            nodeBorn = true;
            seq = 0;
            out.add(new Outgoing(nodeTopic("NBIRTH"), SparkplugPayload.encode(now, seq, List.of(
                    new Metric(BD_SEQ, now, DataType.INT64, bdSeq),
                    new Metric(REBIRTH, now, DataType.BOOLEAN, false)))));
            nextAlias = 0;
            devices.values().forEach(d -> {
                d.born = false;
                d.told.clear();
                d.aliases.clear();
            });
            log.info("Sparkplug: born as {}/{} (bdSeq {})", group, node, bdSeq);
        }
        for (Iterator<Map.Entry<String, Device>> it = devices.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Device> e = it.next();
            String id = e.getKey();
            Device d = e.getValue();
            if (d.born && (!d.alive() || d.changed)) {
                out.add(new Outgoing(deviceTopic("DDEATH", id), SparkplugPayload.encode(now, nextSeq(), List.of())));
                d.born = false;
                d.told.clear();
                d.aliases.clear();
            }
            if (d.alive()) {
                List<Metric> metrics = metrics(id, d, now);
                if (!d.born) {
                    if (aliases) {
                        // unique over the node's metrics in this session (Sparkplug 3.0)
                        metrics.forEach(m -> d.aliases.put(m.name(), nextAlias++));
                    }
                    out.add(new Outgoing(deviceTopic("DBIRTH", id), SparkplugPayload.encode(now, nextSeq(),
                            metrics.stream().map(m -> aliased(d, m)).toList())));
                    if (storeAndForward && history != null) {
                        d.readings.forEach((meter, r) -> {
                            Instant told = d.toldUpTo.get(meter);
                            if (told != null && r.captureTime().isAfter(told)) {
                                backfill.add(new Backfill(id, meter, told, r.captureTime()));
                            }
                        });
                    }
                    d.born = true;
                    metrics.forEach(m -> d.told.put(m.name(), m.value()));
                } else if (d.dirty) {
                    List<Metric> changed = metrics.stream().filter(m -> !d.told.containsKey(m.name())
                            || !Objects.equals(d.told.get(m.name()), m.value())).toList();
                    if (!changed.isEmpty()) {
                        out.add(new Outgoing(deviceTopic("DDATA", id), SparkplugPayload.encodeData(now, nextSeq(),
                                changed.stream().map(m -> aliased(d, m).asData()).toList())));
                        changed.forEach(m -> d.told.put(m.name(), m.value()));
                    }
                }
            }
            if (d.born) {
                // the host knows each meter as of its latest reading: sent, or unchanged from what was
                d.readings.forEach((meter, r) -> told(d, meter, r.captureTime(), now));
            }
            d.changed = false;
            d.dirty = false;
            if (d.gone && meters.values().stream().noneMatch(m -> m.camera().equals(id))) {
                it.remove();
            }
        }
        return new Due(out, backfill);
    }

    /** A meter's reading told the host; those told long enough ago count as arrived. Guarded by lock. */
    private static void told(Device d, String meter, Instant capture, long now) {
        if (capture.equals(d.toldUpTo.put(meter, capture))) {
            return;
        }
        ArrayDeque<Told> recent = d.recent.computeIfAbsent(meter, m -> new ArrayDeque<>());
        recent.addLast(new Told(now, capture));
        while (recent.getFirst().sentAt() < now - UNCONFIRMED_MILLIS) {
            recent.removeFirst();
        }
    }

    /**
     * A session lost: what was told lately may not have arrived, so each meter counts as told only up
     * to just before the first of those (store and forward sends them again).
     */
    private void rollBackTold() {
        long now = clock.millis();
        synchronized (lock) {
            for (Device d : devices.values()) {
                d.recent.forEach((meter, recent) -> {
                    recent.removeIf(t -> t.sentAt() < now - UNCONFIRMED_MILLIS);
                    if (!recent.isEmpty()) {
                        d.toldUpTo.put(meter, recent.getFirst().capture().minusNanos(1_000));
                    }
                });
                d.recent.clear();
            }
        }
    }

    /** A device's metrics, its meters' in their ids' order, as a birth has them. Guarded by lock. */
    private List<Metric> metrics(String cameraId, Device d, long now) {
        List<Metric> metrics = new ArrayList<>();
        meters.forEach((meterId, spec) -> {
            if (!spec.camera().equals(cameraId)) {
                return;
            }
            Reading r = d.readings.get(meterId);
            Map<String, Object> properties = new LinkedHashMap<>();
            if (spec.unit() != null) {
                properties.put("engUnit", spec.unit());
            }
            if (spec.min() != null) {
                properties.put("engLow", spec.min());
            }
            if (spec.max() != null) {
                properties.put("engHigh", spec.max());
            }
            metrics.addAll(readingMetrics(meterId, r, r == null ? now : r.captureTime().toEpochMilli(), properties));
            MeterAlarm a = alarms.get(meterId);
            long changed = a == null ? now : a.changed().toEpochMilli();
            metrics.add(new Metric(meterId + "/AlarmUnacknowledged", changed, DataType.BOOLEAN,
                    a != null && a.retained() && !a.acknowledged()));
            metrics.add(new Metric(meterId + "/AlarmShelved", changed, DataType.BOOLEAN, a != null && a.shelved()));
            OutOfService out = outOfService.get(meterId);
            metrics.add(new Metric(meterId + "/OutOfService", out == null ? now : out.since().toEpochMilli(),
                    DataType.BOOLEAN, out != null));
            Instant still = stuck.get(meterId);
            metrics.add(new Metric(meterId + "/Stuck", still == null ? now : still.toEpochMilli(), DataType.BOOLEAN,
                    still != null));
        });
        metrics.add(new Metric("Camera/Warning", now, DataType.STRING, d.warning));
        return metrics;
    }

    /**
     * A meter's four metrics for a reading (null: not read yet, every value null), at {@code at};
     * the value with {@code properties} (a birth's), or none.
     */
    private static List<Metric> readingMetrics(String meterId, Reading r, long at, Map<String, Object> properties) {
        return List.of(
                new Metric(meterId + "/Value", at, DataType.DOUBLE, r == null ? null : r.value(),
                        properties == null ? Map.of() : properties),
                new Metric(meterId + "/Status", at, DataType.STRING, r == null ? null : r.status().name()),
                new Metric(meterId + "/Alarm", at, DataType.STRING, r == null ? null : r.alarm().name()),
                new Metric(meterId + "/Confidence", at, DataType.DOUBLE, r == null ? null : r.confidence()));
    }

    /** The metric with its alias, where it has one. */
    private static Metric aliased(Device d, Metric m) {
        Long alias = d.aliases.get(m.name());
        return alias == null ? m : m.withAlias(alias);
    }

    private long nextSeq() {
        seq = (seq + 1) % 256;
        return seq;
    }

    /**
     * Ends the session on purpose: the node's death certificate first (the broker sends the will only
     * for a client that vanishes), then a disconnect. With a reason, the next loop connects again.
     */
    private void endSession(String reason) {
        if (client != null && connected) {
            try {
                client.publish(nodeTopic("NDEATH"), death(), /* qos= */ 1, /* retained= */ false);
                published.incrementAndGet();
                client.disconnect(2_000);
            } catch (MqttException e) {
                log.debug("Sparkplug: could not say NDEATH: {}", describe(e));
            }
        }
        if (reason != null) {
            log.info("Sparkplug: session ended ({}); connecting again", reason);
            lastError = reason;
            rollBackTold();
        }
        connected = false;
        closeClient();
    }
}
