package io.meterreader.metrics;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;

/**
 * Every meter the service publishes, named once here. Stages record into it; a camera or meter
 * that goes away takes its meters with it.
 *
 * <p>Prometheus names (Micrometer adds the unit and {@code _total} suffixes):
 * <pre>
 * meter_reader_meter_value{meter,camera,unit}              latest OK value
 * meter_reader_meter_value_age_seconds{meter,camera}       age of that value (capture time to now)
 * meter_reader_meter_readings_total{meter,camera,status}   readings by status
 * meter_reader_meter_alarm{meter,camera,limit}             1 while that value is beyond the limit (low, high)
 * meter_reader_meter_alarm_shelved{meter,camera}           1 while an operator has the meter's alarm shelved
 * meter_reader_meter_out_of_service{meter,camera}          1 while an operator has the meter out of service
 * meter_reader_meter_out_of_service_age_seconds{meter,camera}  how long it has been out of service (0: in)
 * meter_reader_meter_stuck{meter,camera}                   1 while its values have not moved for its stuck-after
 * meter_reader_camera_up{camera}                           1 while streaming
 * meter_reader_camera_moved{camera}                        1 while its meters' readings suggest it moved, or its
 *                                                          frames are not the size its regions were written for
 * meter_reader_camera_frames_total{camera}                 frames grabbed
 * meter_reader_camera_drops_total{camera}                  frames dropped (replaced in the queue)
 * meter_reader_camera_reconnects_total{camera}             reconnects (each try while it is down too)
 * meter_reader_camera_stream_breaks_total{camera}          streams that delivered frames and then broke
 * meter_reader_inference_latency_seconds{model,backend}    model run time per batch (histogram)
 * meter_reader_inference_batch_size{model,backend}         images per model run
 * meter_reader_queue_depth                                 frames waiting for inference
 * meter_reader_store_up, _pending, _dropped_total          the history database (README, Metrics)
 * meter_reader_mqtt_connected, _published_total, _superseded_total
 * meter_reader_opcua_sessions                              OPC UA clients connected
 * meter_reader_modbus_clients, _requests_total             Modbus TCP clients, requests answered
 * meter_reader_output_failures_total{output}               readings an output failed on
 * meter_reader_inference_failures_total                    batches, and meters in a frame, inference failed on
 * meter_reader_access_refused_total{endpoint}              log-ins refused (http, opcua) and connections refused (modbus)
 * meter_reader_alarms{acknowledged}                        alarms on the alarm list, not shelved
 * meter_reader_alarms_shelved                              meters whose alarm is shelved
 * meter_reader_alarms_unacknowledged_age_seconds           how long the alarm waiting longest for an
 *                                                          acknowledgement has waited (0: none)
 * meter_reader_meters_out_of_service                       meters taken out of service
 * meter_reader_alarms_stale                                alarms on the list active a day or more, not shelved
 * meter_reader_alarm_journal_waiting, _dropped_total       alarm journal entries waiting for the database, lost
 * </pre>
 */
public final class MeterReaderMetrics {

    public static final String METER_VALUE = "meter.reader.meter.value";
    public static final String METER_VALUE_AGE = "meter.reader.meter.value.age";
    public static final String METER_READINGS = "meter.reader.meter.readings";
    public static final String METER_ALARM = "meter.reader.meter.alarm";
    public static final String METER_ALARM_SHELVED = "meter.reader.meter.alarm.shelved";
    public static final String METER_OUT_OF_SERVICE = "meter.reader.meter.out.of.service";
    public static final String METER_OUT_OF_SERVICE_AGE = "meter.reader.meter.out.of.service.age";
    public static final String METER_STUCK = "meter.reader.meter.stuck";
    public static final String CAMERA_UP = "meter.reader.camera.up";
    public static final String CAMERA_MOVED = "meter.reader.camera.moved";
    public static final String CAMERA_FRAMES = "meter.reader.camera.frames";
    public static final String CAMERA_DROPS = "meter.reader.camera.drops";
    public static final String CAMERA_RECONNECTS = "meter.reader.camera.reconnects";
    public static final String CAMERA_STREAM_BREAKS = "meter.reader.camera.stream.breaks";
    public static final String INFERENCE_LATENCY = "meter.reader.inference.latency";
    public static final String INFERENCE_BATCH = "meter.reader.inference.batch.size";
    public static final String QUEUE_DEPTH = "meter.reader.queue.depth";
    public static final String STORE_UP = "meter.reader.store.up";
    public static final String STORE_PENDING = "meter.reader.store.pending";
    public static final String STORE_DROPPED = "meter.reader.store.dropped";
    public static final String MQTT_CONNECTED = "meter.reader.mqtt.connected";
    public static final String MQTT_PUBLISHED = "meter.reader.mqtt.published";
    public static final String MQTT_SUPERSEDED = "meter.reader.mqtt.superseded";
    public static final String SPARKPLUG_ONLINE = "meter.reader.sparkplug.online";
    public static final String SPARKPLUG_PUBLISHED = "meter.reader.sparkplug.published";
    public static final String OPCUA_SESSIONS = "meter.reader.opcua.sessions";
    public static final String MODBUS_CLIENTS = "meter.reader.modbus.clients";
    public static final String MODBUS_REQUESTS = "meter.reader.modbus.requests";
    public static final String OUTPUT_FAILURES = "meter.reader.output.failures";
    public static final String INFERENCE_FAILURES = "meter.reader.inference.failures";
    public static final String ACCESS_REFUSED = "meter.reader.access.refused";
    public static final String ALARMS = "meter.reader.alarms";
    public static final String ALARMS_SHELVED = "meter.reader.alarms.shelved";
    public static final String METERS_OUT_OF_SERVICE = "meter.reader.meters.out.of.service";
    public static final String ALARMS_STALE = "meter.reader.alarms.stale";
    public static final String ALARMS_UNACKNOWLEDGED_FOR = "meter.reader.alarms.unacknowledged.age";
    public static final String ALARM_JOURNAL_WAITING = "meter.reader.alarm.journal.waiting";
    public static final String ALARM_JOURNAL_DROPPED = "meter.reader.alarm.journal.dropped";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter inferenceFailures;
    private final Map<String, CameraSeries> cameraSeries = new ConcurrentHashMap<>();
    private final Map<String, MeterSeries> meterSeries = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile MqttSeries mqtt;
    private volatile SparkplugSeries sparkplug;
    private volatile StoreSeries store;
    private volatile IntSupplier opcUaSessions;
    private volatile AlarmJournalSeries alarmJournal;
    private volatile ModbusSeries modbus;
    private final Map<String, LongSupplier> outputFailures = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> accessRefusals = new ConcurrentHashMap<>();
    /** Whether a meter's alarm is shelved; none until the alarm list is added. */
    private volatile Predicate<String> alarmShelved = meter -> false;
    /** Whether a meter is out of service; none until the alarm list's are added. */
    private volatile Predicate<String> outOfService = meter -> false;
    /** Each meter's seconds out of service (0: in service). */
    private volatile ToDoubleFunction<String> outOfServiceFor = meter -> 0;
    private volatile Predicate<String> stuck = meter -> false;

    public MeterReaderMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        // there from the start, so that an alert or a graph has its zero
        this.inferenceFailures = Counter.builder(INFERENCE_FAILURES)
                .description("Batches of frames, and meters in a frame, that the inference stage failed on (logged)")
                .register(registry);
    }

    /** One camera's meters and the status they read: held here, as Micrometer holds it only weakly. */
    private record CameraSeries(Supplier<CameraStatus> status, BooleanSupplier moved, List<Meter> meters) {
    }

    /** Publishes a camera's health, read from its status on every scrape. */
    public void addCamera(String cameraId, Supplier<CameraStatus> status) {
        addCamera(cameraId, status, () -> false);
    }

    /**
     * As {@link #addCamera(String, Supplier)}, with whether its meters' readings suggest it has
     * moved (the pipeline's camera warning).
     */
    public void addCamera(String cameraId, Supplier<CameraStatus> status, BooleanSupplier moved) {
        removeCamera(cameraId);
        Tags tags = Tags.of("camera", cameraId);
        List<Meter> meters = new ArrayList<>();
        // The meters read the status through the series object, which this class keeps alive:
        // Micrometer keeps only a weak reference to a meter's state object, and a supplier
        // nothing else held was collected, leaving camera_up NaN and the counters at 0.
        CameraSeries series = new CameraSeries(status, moved, meters);
        meters.add(Gauge.builder(CAMERA_UP, series, s -> s.status().get().state() == CameraState.STREAMING ? 1 : 0)
                .description("1 while the camera is streaming, 0 otherwise").tags(tags).register(registry));
        meters.add(Gauge.builder(CAMERA_MOVED, series, s -> s.moved().getAsBoolean() ? 1 : 0)
                .description("1 while the camera's meters are missing from their regions and gauges like them sit "
                        + "the same way off (it seems to have moved), or its frames are not the size its regions were "
                        + "written for, 0 otherwise").tags(tags).register(registry));
        meters.add(FunctionCounter.builder(CAMERA_FRAMES, series, s -> s.status().get().framesGrabbed())
                .description("Frames grabbed from the camera").tags(tags).register(registry));
        meters.add(FunctionCounter.builder(CAMERA_DROPS, series, s -> s.status().get().framesDropped())
                .description("Frames dropped because a newer one replaced them in the queue").tags(tags)
                .register(registry));
        meters.add(FunctionCounter.builder(CAMERA_RECONNECTS, series, s -> s.status().get().reconnects())
                .description("Reconnects after a failure, end of stream or stall").tags(tags).register(registry));
        meters.add(FunctionCounter.builder(CAMERA_STREAM_BREAKS, series, s -> s.status().get().streamBreaks())
                .description("Streams that delivered frames and then broke (one outage is one)").tags(tags)
                .register(registry));
        cameraSeries.put(cameraId, series);
    }

    public void removeCamera(String cameraId) {
        CameraSeries camera = cameraSeries.remove(cameraId);
        if (camera != null) {
            camera.meters().forEach(registry::remove);
        }
        meterSeries.values().removeIf(series -> {
            if (series.camera.equals(cameraId)) {
                series.remove(registry);
                return true;
            }
            return false;
        });
    }

    /** Publishes a meter's value, its age and its readings by status. */
    public void addMeter(String meterId, String cameraId, String unit) {
        meterSeries.computeIfAbsent(meterId, id -> new MeterSeries(registry, clock, id, cameraId, unit,
                meter -> alarmShelved.test(meter), meter -> outOfService.test(meter),
                meter -> outOfServiceFor.applyAsDouble(meter), meter -> stuck.test(meter)));
    }

    /** Where each meter's being stuck (its values not moving for its stuck-after) is known. */
    public void addStuck(Predicate<String> meterStuck) {
        stuck = meterStuck;
    }

    /**
     * A meter's calibration edited: its series go on as they are (value, age, counts) where its
     * camera and unit, their tags, stay; else they start afresh under the new tags.
     */
    public void meterChanged(String meterId, String cameraId, String unit) {
        MeterSeries series = meterSeries.get(meterId);
        if (series != null && series.camera.equals(cameraId) && series.unit.equals(unit)) {
            return;
        }
        removeMeter(meterId);
        addMeter(meterId, cameraId, unit);
    }

    public void removeMeter(String meterId) {
        MeterSeries series = meterSeries.remove(meterId);
        if (series != null) {
            series.remove(registry);
        }
    }

    public void recordReading(Reading reading) {
        MeterSeries series = meterSeries.get(reading.meterId());
        if (series != null) {
            series.record(registry, reading);
        }
    }

    /** The model-run timer for one model on one backend. */
    public Timer inferenceTimer(String model, String backend) {
        return timers.computeIfAbsent(model + "/" + backend, k -> Timer.builder(INFERENCE_LATENCY)
                .description("Time of one model run over a batch, pre- and post-processing included")
                .tags("model", model, "backend", backend)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry));
    }

    /** A batch, or one meter of a frame, that the inference stage failed on (and logged). */
    public void recordInferenceFailure() {
        inferenceFailures.increment();
    }

    public void recordBatch(String model, String backend, int size) {
        DistributionSummary.builder(INFERENCE_BATCH).description("Images per model run").tags("model", model,
                "backend", backend).register(registry).record(size);
    }

    public void addQueue(IntSupplier depth) {
        Gauge.builder(QUEUE_DEPTH, depth, IntSupplier::getAsInt).strongReference(true)
                .description("Frames waiting for inference (at most one per camera)").register(registry);
    }

    /**
     * Publishes the MQTT output's health: whether it is connected to its broker, readings
     * published, and readings a newer one of the same meter replaced before they could be sent
     * (while the broker was away or slow).
     */
    public void addMqtt(BooleanSupplier connected, LongSupplier published, LongSupplier superseded) {
        MqttSeries series = new MqttSeries(connected, published, superseded);
        mqtt = series;
        Gauge.builder(MQTT_CONNECTED, series, s -> s.connected().getAsBoolean() ? 1 : 0)
                .description("1 while connected to the MQTT broker, 0 otherwise").register(registry);
        FunctionCounter.builder(MQTT_PUBLISHED, series, s -> s.published().getAsLong())
                .description("Readings published to the MQTT broker").register(registry);
        FunctionCounter.builder(MQTT_SUPERSEDED, series, s -> s.superseded().getAsLong())
                .description("Readings not published because a newer one of the same meter replaced them while "
                        + "waiting (the broker away or slow)").register(registry);
    }

    /**
     * Publishes the Sparkplug edge node's state: 1 while it is online to the SCADA (born: connected,
     * and its primary host online where it has one), and the messages it published.
     */
    public void addSparkplug(BooleanSupplier online, LongSupplier published) {
        SparkplugSeries series = new SparkplugSeries(online, published);
        sparkplug = series;
        Gauge.builder(SPARKPLUG_ONLINE, series, s -> s.online().getAsBoolean() ? 1 : 0)
                .description("1 while the Sparkplug edge node is online (born), 0 otherwise").register(registry);
        FunctionCounter.builder(SPARKPLUG_PUBLISHED, series, s -> s.published().getAsLong())
                .description("Sparkplug births, data and deaths published").register(registry);
    }

    /**
     * Publishes the reading store's health: whether its database can be used, readings waiting
     * to be written, and readings dropped (the buffer full while the database was away or slow).
     */
    public void addStore(BooleanSupplier up, IntSupplier pending, LongSupplier dropped) {
        StoreSeries series = new StoreSeries(up, pending, dropped);
        store = series;
        Gauge.builder(STORE_UP, series, s -> s.up().getAsBoolean() ? 1 : 0)
                .description("1 while the reading store's database takes readings, 0 while it is away").register(registry);
        Gauge.builder(STORE_PENDING, series, s -> s.pending().getAsInt())
                .description("Readings waiting in memory to be written to the reading store").register(registry);
        FunctionCounter.builder(STORE_DROPPED, series, s -> s.dropped().getAsLong())
                .description("Readings never stored: the buffer was full while the database was away or slow")
                .register(registry);
    }

    private record StoreSeries(BooleanSupplier up, IntSupplier pending, LongSupplier dropped) {
    }

    /**
     * Publishes the alarm list: how many alarms are on it and not shelved, acknowledged and not
     * (an alarm nobody acknowledges for long is one nobody is looking at), how many meters have
     * their alarm shelved, and which.
     */
    public void addAlarmList(IntSupplier unacknowledged, IntSupplier acknowledged, IntSupplier shelved,
                             Predicate<String> meterShelved) {
        String counted = "Alarms on the alarm list (active, or cleared and not yet acknowledged), not shelved";
        Gauge.builder(ALARMS, unacknowledged, IntSupplier::getAsInt).tag("acknowledged", "false").strongReference(true)
                .description(counted).register(registry);
        Gauge.builder(ALARMS, acknowledged, IntSupplier::getAsInt).tag("acknowledged", "true").strongReference(true)
                .description(counted).register(registry);
        Gauge.builder(ALARMS_SHELVED, shelved, IntSupplier::getAsInt).strongReference(true)
                .description("Meters whose alarm an operator has shelved").register(registry);
        alarmShelved = meterShelved;
    }

    /** Publishes how many alarms on the list have stood a day or more (ISA-18.2's stale alarms). */
    public void addStaleAlarms(IntSupplier stale) {
        Gauge.builder(ALARMS_STALE, stale, IntSupplier::getAsInt).strongReference(true)
                .description("Alarms on the alarm list active a day or more (stale), shelved ones not counted")
                .register(registry);
    }

    /**
     * Publishes how long the alarm that has waited longest for an acknowledgement has waited (0:
     * none waits): an alert on it keeps its time over a restart.
     */
    public void addUnacknowledgedFor(DoubleSupplier seconds) {
        Gauge.builder(ALARMS_UNACKNOWLEDGED_FOR, seconds, DoubleSupplier::getAsDouble).strongReference(true)
                .baseUnit("seconds").description("How long the alarm on the list (not shelved) that has waited "
                        + "longest for an acknowledgement has waited since it was raised; 0 where none waits")
                .register(registry);
    }

    /** Publishes how many meters are out of service, and which. */
    public void addOutOfService(IntSupplier count, Predicate<String> meterOutOfService) {
        addOutOfService(count, meterOutOfService, meter -> 0);
    }

    /**
     * As {@link #addOutOfService(IntSupplier, Predicate)}, with how long each has been out (seconds
     * since it was taken out, 0 in service): an alert on it keeps its time over a restart, where a
     * "for: 7d" on the 0/1 gauge started again.
     */
    public void addOutOfService(IntSupplier count, Predicate<String> meterOutOfService,
                                ToDoubleFunction<String> secondsOut) {
        Gauge.builder(METERS_OUT_OF_SERVICE, count, IntSupplier::getAsInt).strongReference(true)
                .description("Meters an operator has taken out of service: not read, not alarmed").register(registry);
        outOfService = meterOutOfService;
        outOfServiceFor = secondsOut;
    }

    /**
     * Publishes the alarm journal's entries waiting for the database, and those lost because too
     * many waited (an audit trail with a gap is one to know of).
     */
    public void addAlarmJournal(IntSupplier waiting, LongSupplier dropped) {
        Gauge.builder(ALARM_JOURNAL_WAITING, waiting, IntSupplier::getAsInt).strongReference(true)
                .description("Alarm journal entries waiting in memory to be written to the reading store")
                .register(registry);
        FunctionCounter.builder(ALARM_JOURNAL_DROPPED, dropped, LongSupplier::getAsLong)
                .description("Alarm journal entries never kept: too many waited while the database was away")
                .register(registry);
        alarmJournal = new AlarmJournalSeries(waiting, dropped);
    }

    /** The alarm journal's suppliers, held here: Micrometer holds a function counter's object only weakly. */
    private record AlarmJournalSeries(IntSupplier waiting, LongSupplier dropped) {
    }

    /** Publishes the OPC UA server's clients: a SCADA that stopped polling shows as none. */
    public void addOpcUa(IntSupplier sessions) {
        opcUaSessions = sessions;
        Gauge.builder(OPCUA_SESSIONS, sessions, IntSupplier::getAsInt)
                .description("OPC UA clients connected (sessions)").register(registry);
    }

    /** Publishes the Modbus TCP server's clients and the requests it answered. */
    public void addModbus(IntSupplier clients, LongSupplier requests) {
        ModbusSeries series = new ModbusSeries(clients, requests);
        modbus = series;
        Gauge.builder(MODBUS_CLIENTS, series, s -> s.clients().getAsInt())
                .description("Modbus TCP clients connected").register(registry);
        FunctionCounter.builder(MODBUS_REQUESTS, series, s -> s.requests().getAsLong())
                .description("Modbus TCP requests answered (registers read, or an exception)").register(registry);
    }

    private record ModbusSeries(IntSupplier clients, LongSupplier requests) {
    }

    /** Publishes how often an output of the readings (history, MQTT, OPC UA, Modbus) failed on one. */
    public void addOutput(String output, LongSupplier failures) {
        outputFailures.put(output, failures);
        FunctionCounter.builder(OUTPUT_FAILURES, failures, LongSupplier::getAsLong)
                .description("Readings an output failed on (logged; the other outputs still got them)")
                .tag("output", output).register(registry);
    }

    /**
     * Publishes how often an endpoint turned someone away: wrong credentials over HTTP (and the
     * 429s after them), OPC UA log-ins refused, Modbus connections from addresses not allowed. A
     * burst is someone guessing, or a client configured wrong.
     */
    public void addAccessRefusals(String endpoint, LongSupplier refused) {
        accessRefusals.put(endpoint, refused);
        FunctionCounter.builder(ACCESS_REFUSED, refused, LongSupplier::getAsLong)
                .description("Log-ins and connections an endpoint refused (wrong credentials, an address not allowed)")
                .tag("endpoint", endpoint).register(registry);
    }

    /** The MQTT output's suppliers, held here: Micrometer holds a meter's state object only weakly. */
    private record MqttSeries(BooleanSupplier connected, LongSupplier published, LongSupplier superseded) {
    }

    /** The Sparkplug node's suppliers, held here as the MQTT output's are. */
    private record SparkplugSeries(BooleanSupplier online, LongSupplier published) {
    }

    /** One meter's series. */
    private static final class MeterSeries {
        final String meter;
        final String camera;
        final String unit;
        final List<Meter> meters = new ArrayList<>();
        final Map<ReadingStatus, Counter> byStatus = new ConcurrentHashMap<>();
        volatile double value = Double.NaN;
        volatile Instant valueCapturedAt;
        volatile AlarmState alarm = AlarmState.NONE;

        MeterSeries(MeterRegistry registry, Clock clock, String meter, String camera, String unit,
                    Predicate<String> shelved, Predicate<String> outOfService, ToDoubleFunction<String> outFor,
                    Predicate<String> stuck) {
            this.meter = meter;
            this.camera = camera;
            this.unit = unit;
            Tags tags = Tags.of("meter", meter, "camera", camera);
            meters.add(Gauge.builder(METER_VALUE, this, s -> s.value)
                    .description("The meter's latest OK value, in its unit").tags(tags.and("unit", unit))
                    .register(registry));
            meters.add(Gauge.builder(METER_VALUE_AGE, this, s -> s.valueCapturedAt == null ? Double.NaN
                            : Duration.between(s.valueCapturedAt, clock.instant()).toMillis() / 1000.0)
                    .description("Seconds since the frame of the latest OK value was captured").baseUnit("seconds")
                    .tags(tags).register(registry));
            for (AlarmState limit : List.of(AlarmState.LOW, AlarmState.HIGH)) {
                meters.add(Gauge.builder(METER_ALARM, this, s -> s.alarm == limit ? 1 : 0)
                        .description("1 while the meter's latest OK value is beyond this alarm limit, 0 otherwise")
                        .tags(tags.and("limit", limit.name().toLowerCase(java.util.Locale.ROOT))).register(registry));
            }
            meters.add(Gauge.builder(METER_ALARM_SHELVED, this, s -> shelved.test(s.meter) ? 1 : 0)
                    .description("1 while an operator has the meter's alarm shelved, 0 otherwise").tags(tags)
                    .register(registry));
            meters.add(Gauge.builder(METER_OUT_OF_SERVICE, this, s -> outOfService.test(s.meter) ? 1 : 0)
                    .description("1 while an operator has the meter out of service, 0 otherwise").tags(tags)
                    .register(registry));
            meters.add(Gauge.builder(METER_OUT_OF_SERVICE_AGE, this, s -> outFor.applyAsDouble(s.meter))
                    .description("How long the meter has been out of service, since it was taken out; 0 in service")
                    .baseUnit("seconds").tags(tags).register(registry));
            meters.add(Gauge.builder(METER_STUCK, this, s -> stuck.test(s.meter) ? 1 : 0)
                    .description("1 while the meter's values have stayed within its stuck-band for its stuck-after, "
                            + "0 otherwise (and for a meter that is not watched)").tags(tags).register(registry));
            for (ReadingStatus status : ReadingStatus.values()) {
                // Every status is present from the start, so a rate() over it never sees a gap.
                counter(registry, status);
            }
        }

        Counter counter(MeterRegistry registry, ReadingStatus status) {
            return byStatus.computeIfAbsent(status, s -> {
                Counter c = Counter.builder(METER_READINGS).description("Readings of the meter, by status")
                        .tags("meter", meter, "camera", camera, "status", s.name()).register(registry);
                meters.add(c);
                return c;
            });
        }

        void record(MeterRegistry registry, Reading reading) {
            counter(registry, reading.status()).increment();
            if (reading.isOk()) {
                value = reading.value();
                valueCapturedAt = reading.captureTime();
                alarm = reading.alarm();
            } else if (reading.status() == ReadingStatus.OUT_OF_SERVICE) {
                // its last value, from before, is the old gauge's (the API's lastOk is null too), beyond no
                // limit that matters now: none, so that a trend has a gap, not the old gauge's line
                value = Double.NaN;
                valueCapturedAt = null;
                alarm = AlarmState.NONE;
            }
        }

        void remove(MeterRegistry registry) {
            meters.forEach(registry::remove);
        }
    }
}
