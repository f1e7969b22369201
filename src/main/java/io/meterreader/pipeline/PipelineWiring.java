package io.meterreader.pipeline;

import io.meterreader.config.Calibrations;
import io.meterreader.config.Cameras;
import io.meterreader.config.MeterCalibration;
import io.meterreader.config.MeterReaderProperties;
import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.ConditionDisabled;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.Via;
import io.meterreader.inference.Models;
import io.meterreader.metrics.MeterReaderMetrics;
import io.meterreader.modbus.ModbusServer;
import io.meterreader.mqtt.MqttPublisher;
import io.meterreader.mqtt.SparkplugNode;
import io.meterreader.opcua.OpcUaOutput;
import io.meterreader.store.AlarmJournal;
import io.meterreader.store.AlarmStore;
import io.meterreader.store.LearntMarksStore;
import io.meterreader.store.ReadingStore;
import io.meterreader.store.ReadingWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Wires the stages: the models on the chosen backend, the frame reader over them, the offline
 * reader, and (unless {@code meter-reader.pipeline.enabled} is false) the live pipeline, which
 * starts after the web server is up and stops before it goes down, its readings going to the
 * store and, where a broker is configured, to MQTT.
 */
@Configuration(proxyBeanMethods = false)
class PipelineWiring {

    private static final Logger log = LoggerFactory.getLogger(PipelineWiring.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MeterReaderMetrics meterReaderMetrics(MeterRegistry registry, Clock clock) {
        return new MeterReaderMetrics(registry, clock);
    }

    @Bean(destroyMethod = "close")
    InferenceWorkers inferenceWorkers(MeterReaderProperties properties, MeterReaderMetrics metrics) {
        InferenceWorkers workers = InferenceWorkers.open(properties.inference(), metrics);
        Models models = workers.models().get(0);
        log.info("Inference backend: {} ({}); {} worker(s) of {} thread(s), batches of up to {} frames",
                models.backend(), models.selectionReason(), workers.models().size(), workers.threads(),
                workers.maxBatch());
        return workers;
    }

    /** The first worker's models (closed with the workers). */
    @Bean(destroyMethod = "")
    Models models(InferenceWorkers workers) {
        return workers.models().get(0);
    }

    /** The first worker's frame reader, which also serves offline reads. */
    @Bean
    ModelFrameReader frameReader(InferenceWorkers workers) {
        return workers.readers().get(0);
    }

    @Bean
    OfflineReader offlineReader(ModelFrameReader reader) {
        return new OfflineReader(reader);
    }

    @Bean
    Pipeline pipeline(Calibrations calibrations, InferenceWorkers workers, ReadingWriter writer, ReadingStore store,
                      LearntMarksStore learntMarks, ObjectProvider<MqttPublisher> mqtt,
                      ObjectProvider<SparkplugNode> sparkplug, ObjectProvider<OpcUaOutput> opcua, ObjectProvider<ModbusServer> modbus,
                      ObjectProvider<AlarmSnapshots> alarmSnapshots, AlarmList alarms, AlarmStore alarmStore,
                      AlarmJournal alarmJournal, StuckWatch stuck,
                      MeterReaderMetrics metrics,
                      MeterReaderProperties properties, Clock clock) {
        // the alarm list first: every reading, so that no change of alarm is missed
        Consumer<Reading> outputs = guarded("alarms", alarms, metrics, clock);
        outputs = outputs.andThen(guarded("stuck", stuck, metrics, clock));
        calibrations.onChange(change -> change.removed().forEach(m -> {
            alarms.forget(m.id());
            alarmStore.forget(m.id());
        }));
        // Each output thins a meter's readings at its own interval; a change of status or alarm always passes.
        outputs = outputs.andThen(guarded("history", new ReadingThrottle(writer::write,
                properties.storage().interval()), metrics, clock));
        MqttPublisher publisher = mqtt.getIfAvailable();
        if (publisher != null) {
            outputs = outputs.andThen(guarded("mqtt", new ReadingThrottle(publisher,
                    properties.mqtt().interval()), metrics, clock));
            // the alarm list too, a retained message a meter
            alarms.addListener(publisher::alarm);
            AlarmList.Edge overMqtt = alarms.via(Via.MQTT);
            publisher.acknowledgeWith(overMqtt);
            publisher.serviceWith(overMqtt, id -> calibrations.meter(id).isPresent());
            // a meter no longer calibrated leaves no retained reading behind on the broker
            // and whether a watched meter is stuck, a retained message a meter
            stuck.addListener(publisher::stuck);
            calibrations.all().forEach(m -> publisher.describe(m.id(), m.camera(), m.range().unit(),
                    m.stuck() != null));
            calibrations.onChange(change -> {
                change.removed().forEach(m -> publisher.forget(m.id()));
                Stream.concat(change.added().stream(), change.changed().stream())
                        .forEach(m -> publisher.describe(m.id(), m.camera(), m.range().unit(), m.stuck() != null));
            });
        }
        SparkplugNode node = sparkplug.getIfAvailable();
        if (node != null) {
            // by exception: each device's data carries only the metrics that changed
            outputs = outputs.andThen(guarded("sparkplug", new ReadingThrottle(node, properties.mqtt().interval()),
                    metrics, clock));
            // with store-and-forward, what was read while the broker was away follows the births
            node.useHistory(store::between);
            // each meter's alarm on the alarm list: unacknowledged, shelved
            alarms.addListener(node::alarm);
            // each meter's being out of service; and a host's writes, with sparkplug.commands
            alarms.addServiceListener(node::outOfService);
            stuck.addListener(node::stuck);
            AlarmList.Edge overSparkplug = alarms.via(Via.SPARKPLUG);
            node.commandsTo(overSparkplug, overSparkplug);
            calibrations.all().forEach(m -> node.describe(m.id(), m.camera(), m.range().min(), m.range().max(),
                    m.range().unit()));
            calibrations.onChange(change -> {
                change.removed().forEach(m -> node.forget(m.id()));
                Stream.concat(change.added().stream(), change.changed().stream()).forEach(m -> node.describe(m.id(),
                        m.camera(), m.range().min(), m.range().max(), m.range().unit()));
            });
        }
        // the OPC UA conditions a client disabled stay so over a restart: known before the conditions are made
        Map<String, ConditionDisabled> disabled = alarmStore.loadDisabledConditions();
        disabled.keySet().stream().filter(id -> calibrations.meter(id).isEmpty()).forEach(alarmStore::forget);
        alarms.restoreDisabledConditions(disabled.entrySet().stream()
                .filter(e -> calibrations.meter(e.getKey()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        alarms.addConditionListener(alarmStore::saveConditionDisabled);
        OpcUaOutput server = opcua.getIfAvailable();
        if (server != null) {
            // every reading: the server holds each meter's latest, and clients sample it as they choose
            outputs = outputs.andThen(guarded("opcua", server, metrics, clock));
            // and a client's history read gets the stored readings
            server.useHistory(store::between);
            // each meter's alarm is a condition there, which a client acknowledges on the alarm list
            alarms.addListener(server::alarm);
            alarms.addServiceListener(server::outOfService);
            AlarmList.Edge opcUa = alarms.via(Via.OPC_UA);
            server.operateWith(opcUa);
            server.serviceWith(opcUa);
            stuck.addListener(server::stuck);
            calibrations.all().forEach(m -> describe(server, m));
            calibrations.onChange(change -> {
                change.removed().forEach(m -> server.forget(m.id()));
                Stream.concat(change.added().stream(), change.changed().stream()).forEach(m -> describe(server, m));
            });
        }
        ModbusServer registers = modbus.getIfAvailable();
        if (registers != null) {
            outputs = outputs.andThen(guarded("modbus", registers, metrics, clock));
            // its discrete inputs: each meter's alarm unacknowledged, shelved, and its looking stuck
            alarms.addListener(registers::alarm);
            stuck.addListener(registers::stuck);
            calibrations.onChange(change -> change.removed().forEach(m -> registers.forget(m.id())));
        }
        // the alarm list as it was when the service stopped (its outputs told), then kept as it changes
        // the meters out of service first: their alarms left the list when they were taken out
        Map<String, OutOfService> outOfService = alarmStore.loadOutOfService();
        outOfService.keySet().stream().filter(id -> calibrations.meter(id).isEmpty()).forEach(alarmStore::forget);
        alarms.restoreOutOfService(outOfService.entrySet().stream()
                .filter(e -> calibrations.meter(e.getKey()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        if (node != null) {
            calibrations.all().forEach(m -> alarms.outOfService(m.id()).ifPresent(o -> node.outOfService(m.id(), o)));
        }
        List<MeterAlarm> kept = alarmStore.load();
        kept.stream().filter(a -> calibrations.meter(a.meterId()).isEmpty())
                .forEach(a -> alarmStore.forget(a.meterId()));
        List<MeterAlarm> restored = kept.stream().filter(a -> calibrations.meter(a.meterId()).isPresent()).toList();
        alarms.restore(restored);
        // an alarm kept for a meter out of service (the service stopped before its row went) goes now
        restored.stream().filter(a -> alarms.isOutOfService(a.meterId()))
                .forEach(a -> alarmStore.save(a.takenOutOfService(a.changed())));
        // a meter still in the alarm it was in before the restart is not pictured going into it again
        alarmSnapshots.ifAvailable(pictures -> restored.stream().filter(a -> !alarms.isOutOfService(a.meterId()))
                .forEach(a -> pictures.assume(a.meterId(), a.state())));
        if (!alarmStore.ready() && !alarmStore.startedFromCopy()) {
            // a database that comes after the start: the meters out of service and the alarms kept, then
            alarmStore.whenReady(() -> restoreLate(calibrations, alarms, alarmStore, server));
        }
        // whether a meter is stuck picks up where it stood before the restart, its listeners wired
        stuck.resume(calibrations.all(), store::between, clock.instant());
        alarms.addListener(alarmStore::save);
        alarms.addServiceListener(alarmStore::saveOutOfService);
        alarms.addJournal(alarmJournal::record);
        metrics.addAlarmJournal(alarmJournal::waiting, alarmJournal::dropped);
        Pipeline pipeline = new Pipeline(calibrations, workers.readers(), workers.maxBatch(),
                new CalibratedMeterFilters(id -> alarms.get(id).map(MeterAlarm::state).orElse(AlarmState.NONE),
                        alarms::isOutOfService, alarms::wasOutOfServiceAt),
                outputs, metrics, properties.inference(),
                new StoredMarks(learntMarks, clock), clock);
        alarmSnapshots.ifAvailable(pipeline::useAlarmSnapshots);
        return pipeline;
    }

    /**
     * What the alarm list kept when the service stopped, read back once a database that was not there
     * at the start has come: the meters out of service again (unless taken out or put back
     * meanwhile), then the alarms kept for meters that have none on the list and are in service;
     * and the OPC UA conditions disabled then that no client enabled or disabled meanwhile.
     */
    private static void restoreLate(Calibrations calibrations, AlarmList alarms, AlarmStore alarmStore,
                                    OpcUaOutput server) {
        List<String> disabled = alarms.resumeDisabledConditions(alarmStore.loadDisabledConditions().entrySet()
                .stream().filter(e -> calibrations.meter(e.getKey()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        if (server != null && !disabled.isEmpty()) {
            server.conditionsDisabledLate();
        }
        Map<String, OutOfService> kept = alarmStore.loadOutOfService().entrySet().stream()
                .filter(e -> calibrations.meter(e.getKey()).isPresent())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<String> resumed = alarms.resumeOutOfService(kept);
        List<MeterAlarm> listed = alarmStore.load().stream()
                .filter(a -> calibrations.meter(a.meterId()).isPresent()).toList();
        alarms.restore(listed);
        log.info("The reading store has come: {} meter(s) out of service again {}, {} alarm(s) kept read back, "
                + "{} OPC UA condition(s) disabled again {}", resumed.size(), resumed, listed.size(), disabled.size(),
                disabled);
    }

    /** The alarm list: each meter's alarm until cleared and acknowledged (REST, dashboard, OPC UA). */
    @Bean
    AlarmList alarmList(Clock clock, MeterReaderMetrics metrics, Calibrations calibrations,
                        MeterReaderProperties properties) {
        // an alarm takes its meter's priority as it is raised
        AlarmList alarms = new AlarmList(clock, meter -> calibrations.meter(meter).map(m -> m.alarms().priority())
                .orElse(AlarmPriority.HIGH), properties.alarms().maxShelfTime());
        metrics.addAlarmList(() -> alarms.count(/* acknowledged= */ false), () -> alarms.count(true),
                alarms::countShelved, meter -> alarms.get(meter).map(MeterAlarm::shelved).orElse(false));
        metrics.addOutOfService(alarms::countOutOfService, alarms::isOutOfService, meter -> alarms.outOfService(meter)
                .map(o -> Math.max(0, Duration.between(o.since(), clock.instant()).toMillis() / 1000.0)).orElse(0.0));
        metrics.addStaleAlarms(alarms::countStale);
        metrics.addUnacknowledgedFor(alarms::unacknowledgedFor);
        return alarms;
    }

    /** Which meters read one value for longer than their calibration's stuck-after (REST, dashboard, metrics). */
    @Bean
    StuckWatch stuckWatch(Calibrations calibrations, MeterReaderMetrics metrics) {
        StuckWatch watch = new StuckWatch(calibrations::meter);
        calibrations.onChange(change -> Stream.concat(change.removed().stream(), change.changed().stream())
                .forEach(m -> watch.forget(m.id())));
        metrics.addStuck(meter -> watch.stuck(meter).isPresent());
        return watch;
    }

    /** Ends the alarm list's timed shelves on time, whether or not readings come. */
    @Bean
    ShelfTimer shelfTimer(AlarmList alarms, ObjectProvider<OpcUaOutput> opcua, Clock clock) {
        return new ShelfTimer(alarms, opcua.getIfAvailable(), clock);
    }

    /**
     * Asks the alarm list every second whether a shelf's time has come, and counts the OPC UA
     * conditions' UnshelveTime down, where the server runs.
     */
    static final class ShelfTimer {
        private final AlarmList alarms;
        private final OpcUaOutput opcua;
        private final Clock clock;

        ShelfTimer(AlarmList alarms, OpcUaOutput opcua, Clock clock) {
            this.alarms = alarms;
            this.opcua = opcua;
            this.clock = clock;
        }

        @Scheduled(fixedDelay = 1000)
        void endShelves() {
            alarms.endShelves();
            if (opcua != null) {
                opcua.countDownShelves(clock.instant());
            }
        }
    }

    /** Each meter's frame as it went into alarm, kept in {@code storage.alarm-snapshots} (unset or empty: not kept). */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${meter-reader.storage.alarm-snapshots:data/alarm-snapshots}' != ''")
    AlarmSnapshots alarmSnapshots(MeterReaderProperties properties) {
        return new AlarmSnapshots(Path.of(properties.storage().alarmSnapshots()),
                properties.storage().alarmSnapshotsKept());
    }

    /** An output kept from harming the others, its failures counted in the metrics. */
    private static Consumer<Reading> guarded(String name, Consumer<Reading> output, MeterReaderMetrics metrics,
                                             Clock clock) {
        GuardedOutput guarded = new GuardedOutput(name, output, clock);
        metrics.addOutput(name, guarded::failures);
        return guarded;
    }

    /**
     * Each camera's state to MQTT, Sparkplug and OPC UA when it changes, where they are configured;
     * null: none is.
     */
    private static CameraStateFeed cameraStateFeed(Pipeline pipeline, MqttPublisher publisher, SparkplugNode node,
                                                   OpcUaOutput server) {
        BiConsumer<String, Map<String, Object>> changed = (id, state) -> { };
        Consumer<String> gone = id -> { };
        if (publisher != null) {
            changed = changed.andThen(publisher::publishCamera);
            gone = gone.andThen(publisher::forgetCamera);
        }
        if (node != null) {
            changed = changed.andThen(node::publishCamera);
            gone = gone.andThen(node::forgetCamera);
        }
        if (server != null) {
            changed = changed.andThen(server::publishCamera);
            gone = gone.andThen(server::forgetCamera);
        }
        if (publisher == null && node == null && server == null) {
            return null;
        }
        LiveState live = pipeline.liveState();
        return new CameraStateFeed(pipeline::cameraStatuses, id -> live.cameraWarning(id).orElse(null), changed, gone,
                Duration.ofSeconds(1));
    }

    @Bean
    LiveState liveState(Pipeline pipeline, MeterReaderProperties properties, Cameras cameras) {
        return properties.pipeline().enabled() ? pipeline.liveState() : new ConfiguredLiveState(cameras);
    }

    @Bean
    SmartLifecycle pipelineLifecycle(Pipeline pipeline, MeterReaderProperties properties, Cameras cameras,
                                     ObjectProvider<MqttPublisher> mqtt, ObjectProvider<SparkplugNode> sparkplug,
                                     ObjectProvider<OpcUaOutput> opcua) {
        CameraStateFeed feed = cameraStateFeed(pipeline, mqtt.getIfAvailable(), sparkplug.getIfAvailable(),
                opcua.getIfAvailable());
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                if (properties.pipeline().enabled()) {
                    pipeline.start(cameras);
                    if (feed != null) {
                        feed.start();
                    }
                } else {
                    log.info("Live pipeline disabled (meter-reader.pipeline.enabled=false): no camera is read");
                }
                running = true;
            }

            @Override
            public void stop() {
                if (feed != null) {
                    // before the cameras stop: a restart is not every camera going away
                    feed.close();
                }
                if (properties.pipeline().enabled()) {
                    pipeline.stop();
                }
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                // After the web server (which starts in a late phase) so the API is up first; stops before it.
                return Integer.MAX_VALUE - 2048;
            }
        };
    }

    /** {@code inference} in {@code /actuator/health}, and in its liveness group: DOWN when a worker died or is stuck. */
    @Bean
    HealthIndicator inferenceHealthIndicator(Pipeline pipeline, Models models, MeterReaderProperties properties) {
        if (!properties.pipeline().enabled()) {
            return () -> Health.up().withDetail("backend", models.backend())
                    .withDetail("pipeline", "disabled: only offline reads").build();
        }
        return () -> PipelineHealth.inference(pipeline.inferenceProgress(), models.backend(), pipeline.queueDepth());
    }

    /** {@code cameras} in {@code /actuator/health}: DEGRADED while a camera is not streaming or seems to have moved. */
    @Bean
    HealthIndicator camerasHealthIndicator(Pipeline pipeline, MeterReaderProperties properties) {
        if (!properties.pipeline().enabled()) {
            return () -> Health.up().withDetail("pipeline", "disabled: no camera is read").build();
        }
        LiveState live = pipeline.liveState();
        return () -> PipelineHealth.cameras(pipeline.cameraStatuses(), id -> live.cameraWarning(id).orElse(null));
    }

    @Bean
    InfoContributor inferenceInfo(Models models, InferenceWorkers workers) {
        return builder -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("backend", models.backend());
            info.put("workers", workers.models().size());
            info.put("threadsPerWorker", workers.threads());
            info.put("reason", models.selectionReason());
            info.put("detector", models.detector().info());
            info.put("segmenter", models.segmenter().info());
            builder.withDetail("inference", info);
        };
    }

    /** A meter's range, unit and alarm limits on the OPC UA server. */
    private static void describe(OpcUaOutput server, MeterCalibration m) {
        server.describe(m.id(), m.range().min(), m.range().max(), m.range().unit(), m.alarms().low(),
                m.alarms().high());
    }
}
