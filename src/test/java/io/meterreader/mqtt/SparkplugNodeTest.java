package io.meterreader.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.config.MqttProperties;
import io.meterreader.config.SparkplugProperties;
import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingHistory;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge node against a real broker (Mosquitto), its messages read with Eclipse Tahu's classes:
 * births, data by exception, device deaths, sequence numbers, bdSeq, rebirth on command, a broker
 * restart, and a primary host's STATE.
 */
class SparkplugNodeTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String NODE = "spBv1.0/plant/%s/hall-1";

    @BeforeEach
    void mosquitto() {
        assumeTrue(MqttBroker.available(), "Debian's mosquitto is not installed (scripts/test installs it)");
    }

    private static MqttProperties config(String url, String primaryHost) {
        return config(url, primaryHost, false);
    }

    private static MqttProperties config(String url, String primaryHost, boolean aliases) {
        return withSparkplug(url, new SparkplugProperties(true, "plant", "hall-1", primaryHost, aliases, false, null));
    }

    /** With a primary host, waiting {@code wait} on each broker for it to be online. */
    private static MqttProperties config(String url, String primaryHost, Duration wait) {
        return withSparkplug(url, new SparkplugProperties(true, "plant", "hall-1", primaryHost, false, false, null,
                wait, false));
    }

    /** Taking a host's writes (DCMD), or not. */
    private static MqttProperties withCommands(String url, boolean commands, boolean aliases) {
        return withSparkplug(url, new SparkplugProperties(true, "plant", "hall-1", "scada", aliases, false, null,
                SparkplugProperties.PRIMARY_HOST_WAIT, commands));
    }

    private static MqttProperties withSparkplug(String url, SparkplugProperties sparkplug) {
        return new MqttProperties(url, "sparkplug-test-" + System.nanoTime(), null, null, "meter-reader", 1, true,
                Duration.ZERO, null, null, null, false, "homeassistant", sparkplug);
    }

    /** A history store in a list, with the store's order and range (ReadingStore's own are tested against SQL). */
    private static ReadingHistory listed(List<Reading> stored) {
        return (meter, from, to, limit) -> stored.stream()
                .filter(r -> r.meterId().equals(meter) && !r.captureTime().isBefore(from) && r.captureTime().isBefore(to))
                .limit(limit).toList();
    }

    private static Reading ok(String meter, String camera, double value, double confidence, int second) {
        return new Reading(meter, camera, ReadingStatus.OK, value, "bar", value / 10, confidence, AlarmState.NONE,
                T0.plusSeconds(second), T0.plusSeconds(second).plusMillis(80));
    }

    private static String topic(String verb) {
        return NODE.formatted(verb);
    }

    @Test
    void writesIgnored_areOneLine_namingTheFirstThreeAndHowManyMore() {
        assertThat(SparkplugNode.some(List.of("a = 1"))).isEqualTo("a = 1");
        assertThat(SparkplugNode.some(List.of("a = 1", "b = 2", "c = 3"))).isEqualTo("a = 1, b = 2, c = 3");
        assertThat(SparkplugNode.some(java.util.stream.IntStream.range(0, 2000).mapToObj(k -> "Value" + k + " = 1.0")
                .toList())).isEqualTo("Value0 = 1.0, Value1 = 1.0, Value2 = 1.0 and 1997 more");
    }

    @Test
    void camerasAreDevices_bornWhileStreaming_readingsGoByException_inOneSequence() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start(); Messages messages = new Messages(broker.url())) {
            SparkplugNode node = new SparkplugNode(config(broker.url(), null), Clock.systemUTC());
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.describe("tank", "cam1", 0.0, 100.0, "%");
            node.describe("steam", "cam2", 0.0, 16.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            node.publishCamera("cam2", Map.of("state", "CONNECTING"));
            node.start();
            try {
                Payload birth = messages.await(topic("NBIRTH"));
                assertThat(birth.getSeq()).isZero();
                assertThat(metric(birth, "bdSeq").getDatatype()).isEqualTo(4);
                assertThat(metric(birth, "bdSeq").getLongValue()).isZero();
                assertThat(metric(birth, "Node Control/Rebirth").getDatatype()).isEqualTo(11);
                assertThat(metric(birth, "Node Control/Rebirth").getBooleanValue()).isFalse();

                Payload cam1 = messages.await(topic("DBIRTH") + "/cam1");
                assertThat(cam1.getSeq()).isEqualTo(1);
                assertThat(cam1.getMetricsList()).extracting(Payload.Metric::getName).containsExactly(
                        "boiler/Value", "boiler/Status", "boiler/Alarm", "boiler/Confidence",
                        "boiler/AlarmUnacknowledged", "boiler/AlarmShelved", "boiler/OutOfService", "boiler/Stuck",
                        "tank/Value", "tank/Status", "tank/Alarm", "tank/Confidence",
                        "tank/AlarmUnacknowledged", "tank/AlarmShelved", "tank/OutOfService", "tank/Stuck",
                        "Camera/Warning");
                assertThat(metric(cam1, "boiler/AlarmUnacknowledged").getDatatype()).isEqualTo(11);
                assertThat(metric(cam1, "boiler/AlarmUnacknowledged").getBooleanValue()).isFalse();
                Payload.Metric boiler = metric(cam1, "boiler/Value");
                assertThat(boiler.getDatatype()).isEqualTo(10);
                assertThat(boiler.getIsNull()).as("no reading yet").isTrue();
                assertThat(boiler.getProperties().getKeysList()).containsExactly("engUnit", "engLow", "engHigh");
                assertThat(boiler.getProperties().getValues(0).getStringValue()).isEqualTo("bar");
                assertThat(boiler.getProperties().getValues(2).getDoubleValue()).isEqualTo(10.0);
                assertThat(metric(cam1, "tank/Value").getProperties().getValues(0).getStringValue()).isEqualTo("%");
                messages.quiet(Duration.ofMillis(500));
                assertThat(messages.topics()).as("cam2 is not streaming: no birth")
                        .containsExactly(topic("NBIRTH"), topic("DBIRTH") + "/cam1");

                node.accept(ok("boiler", "cam1", 6.25, 0.9, 1));
                Payload data = messages.await(topic("DDATA") + "/cam1");
                assertThat(data.getSeq()).isEqualTo(2);
                assertThat(data.getMetricsList()).extracting(Payload.Metric::getName)
                        .containsExactly("boiler/Value", "boiler/Status", "boiler/Alarm", "boiler/Confidence");
                assertThat(metric(data, "boiler/Value").getDoubleValue()).isEqualTo(6.25);
                assertThat(metric(data, "boiler/Value").hasDatatype()).as("the birth gave it").isFalse();
                assertThat(metric(data, "boiler/Value").getTimestamp()).isEqualTo(T0.plusSeconds(1).toEpochMilli());
                assertThat(metric(data, "boiler/Status").getStringValue()).isEqualTo("OK");
                assertThat(metric(data, "boiler/Alarm").getStringValue()).isEqualTo("NONE");
                assertThat(metric(data, "boiler/Confidence").getDoubleValue()).isEqualTo(0.9);

                // the same reading again changes nothing: nothing goes; a new value goes alone
                node.accept(ok("boiler", "cam1", 6.25, 0.9, 2));
                node.accept(ok("boiler", "cam1", 6.5, 0.9, 3));
                Payload second = messages.awaitNth(topic("DDATA") + "/cam1", 1);
                assertThat(second.getSeq()).isEqualTo(3);
                assertThat(second.getMetricsList()).extracting(Payload.Metric::getName).containsExactly("boiler/Value");
                assertThat(metric(second, "boiler/Value").getDoubleValue()).isEqualTo(6.5);

                // a failed reading after a good one: its value goes null
                node.accept(ok("tank", "cam1", 40.0, 0.9, 4));
                assertThat(metric(messages.awaitNth(topic("DDATA") + "/cam1", 2), "tank/Value").getDoubleValue())
                        .isEqualTo(40.0);
                node.accept(new Reading("tank", "cam1", ReadingStatus.POINTER_NOT_FOUND, null, "%", null, 0.2,
                        AlarmState.NONE, T0.plusSeconds(5), T0.plusSeconds(5)));
                Payload failed = messages.awaitNth(topic("DDATA") + "/cam1", 3);
                assertThat(metric(failed, "tank/Status").getStringValue()).isEqualTo("POINTER_NOT_FOUND");
                assertThat(metric(failed, "tank/Value").getIsNull()).isTrue();
                assertThat(metric(failed, "tank/Value").hasDoubleValue()).isFalse();

                // the alarm list: raised (unacknowledged), then shelved, each by exception
                MeterAlarm raised = new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, false,
                        T0.plusSeconds(6), T0.plusSeconds(6), 9.5, "bar", null, "", "", null, null);
                node.alarm(raised);
                Payload unacked = messages.awaitNth(topic("DDATA") + "/cam1", 4);
                assertThat(unacked.getMetricsList()).extracting(Payload.Metric::getName)
                        .containsExactly("boiler/AlarmUnacknowledged");
                assertThat(metric(unacked, "boiler/AlarmUnacknowledged").getBooleanValue()).isTrue();
                assertThat(metric(unacked, "boiler/AlarmUnacknowledged").getTimestamp())
                        .isEqualTo(T0.plusSeconds(6).toEpochMilli());
                node.alarm(raised.withShelf(new AlarmShelf(T0.plusSeconds(7), T0.plusSeconds(3607), "ana", ""),
                        T0.plusSeconds(7)));
                Payload shelved = messages.awaitNth(topic("DDATA") + "/cam1", 5);
                assertThat(shelved.getMetricsList()).extracting(Payload.Metric::getName)
                        .containsExactly("boiler/AlarmShelved");
                assertThat(metric(shelved, "boiler/AlarmShelved").getBooleanValue()).isTrue();

                node.publishCamera("cam2", Map.of("state", "STREAMING"));
                assertThat(metric(messages.await(topic("DBIRTH") + "/cam2"), "steam/Value").getIsNull()).isTrue();

                // cam1 stops streaming: it dies; it comes back with its latest values
                node.publishCamera("cam1", Map.of("state", "RECONNECTING"));
                assertThat(messages.await(topic("DDEATH") + "/cam1").getMetricsCount()).isZero();
                node.publishCamera("cam1", Map.of("state", "STREAMING", "warning", "moved"));
                Payload reborn = messages.awaitNth(topic("DBIRTH") + "/cam1", 1);
                assertThat(metric(reborn, "boiler/Value").getDoubleValue()).isEqualTo(6.5);
                assertThat(metric(reborn, "tank/Value").getIsNull()).isTrue();
                assertThat(metric(reborn, "Camera/Warning").getStringValue()).isEqualTo("moved");
                assertThat(metric(reborn, "boiler/AlarmShelved").getBooleanValue()).isTrue();

                // a calibration change: cam2 dies and is born again with the new range
                node.describe("steam", "cam2", 0.0, 25.0, "bar");
                Payload cam2 = messages.awaitNth(topic("DBIRTH") + "/cam2", 1);
                assertThat(metric(cam2, "steam/Value").getProperties().getValues(2).getDoubleValue()).isEqualTo(25.0);
                assertThat(messages.topics()).containsSubsequence(topic("DDEATH") + "/cam2", topic("DBIRTH") + "/cam2");
                // a meter moved to another camera leaves its old one's metrics
                node.describe("tank", "cam2", 0.0, 100.0, "%");
                Payload moved = messages.awaitNth(topic("DBIRTH") + "/cam2", 2);
                assertThat(moved.getMetricsList()).extracting(Payload.Metric::getName).contains("tank/Value");
                Payload left = messages.awaitNth(topic("DBIRTH") + "/cam1", 2);
                assertThat(left.getMetricsList()).extracting(Payload.Metric::getName).doesNotContain("tank/Value");
            } finally {
                node.close();
            }
            Payload death = messages.await(topic("NDEATH"));
            assertThat(death.hasSeq()).isFalse();
            assertThat(metric(death, "bdSeq").getLongValue()).isZero();
            messages.assertSequence();
            assertThat(messages.all).allMatch(m -> !m.retained() && (m.qos() == 0 || m.topic().contains("NDEATH")),
                    "births, data and deaths at QoS 0, none retained");
        }
    }

    @Test
    void aRebirthCommand_bearsTheNodeAgain_aBrokerRestartTooWithTheNextBdSeq_andGarbageIsIgnored() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             SparkplugNode node = new SparkplugNode(config(broker.url(), null), Clock.systemUTC())) {
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            try (Messages messages = new Messages(broker.url())) {
                node.start();
                messages.await(topic("DBIRTH") + "/cam1");
                node.accept(ok("boiler", "cam1", 3.0, 0.8, 1));
                messages.await(topic("DDATA") + "/cam1");

                messages.publish(topic("NCMD"), new byte[] {0x12, 0x40});
                messages.publish(topic("NCMD"), Payload.newBuilder().setTimestamp(System.currentTimeMillis())
                        .addMetrics(Payload.Metric.newBuilder().setName("Node Control/Rebirth").setDatatype(11)
                                .setBooleanValue(true)).build().toByteArray());
                Payload again = messages.awaitNth(topic("NBIRTH"), 1);
                assertThat(again.getSeq()).isZero();
                assertThat(metric(again, "bdSeq").getLongValue()).as("the same session").isZero();
                Payload device = messages.awaitNth(topic("DBIRTH") + "/cam1", 1);
                assertThat(device.getSeq()).isEqualTo(1);
                assertThat(metric(device, "boiler/Value").getDoubleValue()).isEqualTo(3.0);
                node.accept(ok("boiler", "cam1", 3.5, 0.8, 2));
                assertThat(messages.awaitNth(topic("DDATA") + "/cam1", 1).getSeq()).isEqualTo(2);
            }

            broker.stop();
            node.accept(ok("boiler", "cam1", 4.0, 0.8, 3));
            broker.start();
            try (Messages messages = new Messages(broker.url())) {
                Payload birth = messages.await(topic("NBIRTH"));
                long bdSeq = metric(birth, "bdSeq").getLongValue();
                assertThat(bdSeq).as("a new connection, a new bdSeq").isPositive();
                Payload device = messages.await(topic("DBIRTH") + "/cam1");
                assertThat(metric(device, "boiler/Value").getDoubleValue()).as("the latest, kept while away")
                        .isEqualTo(4.0);
                node.close();
                assertThat(metric(messages.await(topic("NDEATH")), "bdSeq").getLongValue()).isEqualTo(bdSeq);
            }
        }
    }

    @Test
    void bdSeq_isKeptOverRestarts_inItsFile_wrappingAfter255_andAFileWithoutOneStartsAt0(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("state/sparkplug-bdseq");
        try (MqttBroker broker = MqttBroker.onFreePort().start()) {
            MqttProperties config = withSparkplug(broker.url(),
                    new SparkplugProperties(true, "plant", "hall-1", null, false, false, file.toString()));
            assertThat(bdSeqOfARun(broker, config)).as("no file yet").isZero();
            assertThat(Files.readString(file).strip()).isEqualTo("0");
            assertThat(bdSeqOfARun(broker, config)).as("the next run goes on from the last").isEqualTo(1);
            assertThat(bdSeqOfARun(broker, config)).isEqualTo(2);

            Files.writeString(file, "255\n");
            assertThat(bdSeqOfARun(broker, config)).isZero();
            Files.writeString(file, "not a number");
            assertThat(bdSeqOfARun(broker, config)).as("garbage: from 0, and written over").isZero();
            assertThat(bdSeqOfARun(broker, config)).isEqualTo(1);
            Files.writeString(file, "300");
            assertThat(bdSeqOfARun(broker, config)).isZero();
            assertThat(dir.resolve("state")).as("no temporary file left").isDirectoryContaining(
                    p -> p.equals(file)).isDirectoryNotContaining(p -> !p.equals(file));

            // a file that cannot be written (its folder is a file): the node goes on, in memory
            Path blocked = dir.resolve("blocker");
            Files.writeString(blocked, "");
            MqttProperties unwritable = withSparkplug(broker.url(),
                    new SparkplugProperties(true, "plant", "hall-1", null, false, false,
                            blocked.resolve("bdseq").toString()));
            assertThat(bdSeqOfARun(broker, unwritable)).isZero();
            assertThat(bdSeqOfARun(broker, unwritable)).isZero();
        }
    }

    /** The bdSeq of a node started, born and stopped: its NBIRTH's, checked against its NDEATH's. */
    private static long bdSeqOfARun(MqttBroker broker, MqttProperties config) throws Exception {
        try (Messages messages = new Messages(broker.url())) {
            SparkplugNode node = new SparkplugNode(config, Clock.systemUTC());
            node.start();
            long bdSeq = metric(messages.await(topic("NBIRTH")), "bdSeq").getLongValue();
            node.close();
            assertThat(metric(messages.await(topic("NDEATH")), "bdSeq").getLongValue()).isEqualTo(bdSeq);
            return bdSeq;
        }
    }

    @Test
    void withAliases_birthsNumberEachMetric_onceInTheSession_andDataCarriesTheNumbersAlone() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start(); Messages messages = new Messages(broker.url());
             SparkplugNode node = new SparkplugNode(config(broker.url(), null, true), Clock.systemUTC())) {
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.describe("steam", "cam2", 0.0, 16.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            node.publishCamera("cam2", Map.of("state", "STREAMING"));
            node.start();
            Payload birth = messages.await(topic("NBIRTH"));
            assertThat(birth.getMetricsList()).as("the node's own metrics have no alias")
                    .noneMatch(Payload.Metric::hasAlias);
            Payload cam1 = messages.await(topic("DBIRTH") + "/cam1");
            Payload cam2 = messages.await(topic("DBIRTH") + "/cam2");
            assertThat(cam1.getMetricsList()).allMatch(m -> m.hasName() && m.hasAlias());
            List<Long> aliases = new ArrayList<>();
            cam1.getMetricsList().forEach(m -> aliases.add(m.getAlias()));
            cam2.getMetricsList().forEach(m -> aliases.add(m.getAlias()));
            assertThat(aliases).doesNotHaveDuplicates();

            node.accept(ok("boiler", "cam1", 6.25, 0.9, 1));
            Payload data = messages.await(topic("DDATA") + "/cam1");
            long value = metric(cam1, "boiler/Value").getAlias();
            assertThat(data.getMetricsList()).noneMatch(Payload.Metric::hasName);
            Payload.Metric byAlias = data.getMetricsList().stream().filter(m -> m.getAlias() == value).findFirst()
                    .orElseThrow();
            assertThat(byAlias.getDoubleValue()).isEqualTo(6.25);

            // cam2 born again (a calibration edit): new numbers, none of cam1's
            node.describe("steam", "cam2", 0.0, 25.0, "bar");
            Payload again = messages.awaitNth(topic("DBIRTH") + "/cam2", 1);
            List<Long> cam1Aliases = cam1.getMetricsList().stream().map(Payload.Metric::getAlias).toList();
            assertThat(again.getMetricsList()).extracting(Payload.Metric::getAlias).doesNotContainAnyElementsOf(
                    cam1Aliases);
        }
    }

    @Test
    void storeAndForward_sendsTheReadingsStoredWhileTheBrokerWasAway_asHistoricalData_afterTheBirths()
            throws Exception {
        List<Reading> stored = new CopyOnWriteArrayList<>();
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             SparkplugNode node = new SparkplugNode(withSparkplug(broker.url(),
                     new SparkplugProperties(true, "plant", "hall-1", null, false, true, null)), Clock.systemUTC())) {
            node.useHistory(listed(stored));
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            try (Messages messages = new Messages(broker.url())) {
                node.start();
                messages.await(topic("DBIRTH") + "/cam1");
                Reading first = ok("boiler", "cam1", 1.0, 0.9, 1);
                stored.add(first);
                node.accept(first);
                messages.await(topic("DDATA") + "/cam1");
            }
            broker.stop();
            // read and stored while the broker is away: only the last waits in memory
            for (int s = 2; s <= 6; s++) {
                Reading r = ok("boiler", "cam1", s, 0.9, s);
                stored.add(r);
                node.accept(r);
            }
            broker.start();
            try (Messages messages = new Messages(broker.url())) {
                Payload birth = messages.await(topic("DBIRTH") + "/cam1");
                assertThat(metric(birth, "boiler/Value").getDoubleValue()).isEqualTo(6.0);
                assertThat(metric(birth, "boiler/Value").getIsHistorical()).isFalse();
                Payload backfill = messages.await(topic("DDATA") + "/cam1");
                assertThat(backfill.getMetricsList()).allMatch(Payload.Metric::getIsHistorical);
                List<Payload.Metric> values = backfill.getMetricsList().stream()
                        .filter(m -> m.getName().equals("boiler/Value")).toList();
                // 1.0 went out at QoS 0 a moment before the broker went, so it may not have arrived: again
                assertThat(values).extracting(Payload.Metric::getDoubleValue).as("from 1.0, before 6.0")
                        .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
                assertThat(values).extracting(Payload.Metric::getTimestamp).containsExactly(
                        T0.plusSeconds(1).toEpochMilli(), T0.plusSeconds(2).toEpochMilli(),
                        T0.plusSeconds(3).toEpochMilli(), T0.plusSeconds(4).toEpochMilli(),
                        T0.plusSeconds(5).toEpochMilli());
                assertThat(backfill.getSeq()).isEqualTo(birth.getSeq() + 1);

                // nothing more is owed: a new reading goes as live data, alone
                node.accept(ok("boiler", "cam1", 7.0, 0.9, 7));
                Payload live = messages.awaitNth(topic("DDATA") + "/cam1", 1);
                assertThat(live.getMetricsList()).noneMatch(Payload.Metric::getIsHistorical);
                assertThat(metric(live, "boiler/Value").getDoubleValue()).isEqualTo(7.0);
            }
        }
    }

    @Test
    void withAPrimaryHost_birthsWaitForItsOnlineState_andItsOfflineStateEndsTheSession() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start(); Messages messages = new Messages(broker.url())) {
            SparkplugNode node = new SparkplugNode(config(broker.url(), "scada"), Clock.systemUTC());
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            node.start();
            try {
                messages.quiet(Duration.ofSeconds(2));
                assertThat(messages.topics()).as("no birth before the host is online").isEmpty();
                assertThat(node.problem()).contains("waiting for primary host scada");

                messages.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":1000}");
                assertThat(metric(messages.await(topic("NBIRTH")), "bdSeq").getLongValue()).isZero();
                messages.await(topic("DBIRTH") + "/cam1");
                assertThat(node.problem()).isNull();

                // an offline state older than the online one is a stale will: ignored
                messages.publishRetained("spBv1.0/STATE/scada", "{\"online\":false,\"timestamp\":999}");
                messages.publishRetained("spBv1.0/STATE/scada", "not json");
                messages.quiet(Duration.ofMillis(800));
                assertThat(messages.topics()).doesNotContain(topic("NDEATH"));

                messages.publishRetained("spBv1.0/STATE/scada", "{\"online\":false,\"timestamp\":2000}");
                assertThat(metric(messages.await(topic("NDEATH")), "bdSeq").getLongValue()).isZero();
                messages.quiet(Duration.ofSeconds(1));
                assertThat(messages.count(topic("NBIRTH"))).as("offline: no birth").isEqualTo(1);

                messages.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":3000}");
                Payload reborn = messages.awaitNth(topic("NBIRTH"), 1);
                assertThat(metric(reborn, "bdSeq").getLongValue()).as("a new session").isEqualTo(1);
                messages.awaitNth(topic("DBIRTH") + "/cam1", 1);
            } finally {
                node.close();
            }
        }
    }

    @Test
    void severalBrokers_theNodeWalksThemForTheOneItsPrimaryHostIsOnlineOn() throws Exception {
        try (MqttBroker a = MqttBroker.onFreePort().start(); MqttBroker b = MqttBroker.onFreePort().start();
             MqttBroker silent = MqttBroker.onFreePort().start();
             Messages onA = new Messages(a.url()); Messages onB = new Messages(b.url())) {
            onA.publishRetained("spBv1.0/STATE/scada", "{\"online\":false,\"timestamp\":1000}");
            onB.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":1000}");
            SparkplugNode node = new SparkplugNode(config(a.url() + "," + b.url(), "scada"), Clock.systemUTC());
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            node.start();
            try {
                Payload birth = onB.await(topic("NBIRTH"));
                onB.await(topic("DBIRTH") + "/cam1");
                assertThat(onA.topics()).as("the host is offline on A: no birth there").doesNotContain(topic("NBIRTH"));
                assertThat(node.url()).isEqualTo(b.url());

                // the host moves to A: the node dies on B and is born on A, in a new session
                onB.publishRetained("spBv1.0/STATE/scada", "{\"online\":false,\"timestamp\":2000}");
                onA.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":2000}");
                assertThat(metric(onB.await(topic("NDEATH")), "bdSeq").getLongValue())
                        .isEqualTo(metric(birth, "bdSeq").getLongValue());
                Payload onTheOther = onA.await(topic("NBIRTH"));
                assertThat(metric(onTheOther, "bdSeq").getLongValue()).isGreaterThan(metric(birth, "bdSeq").getLongValue());
                onA.await(topic("DBIRTH") + "/cam1");
                node.accept(ok("boiler", "cam1", 2.5, 0.9, 1));
                assertThat(metric(onA.await(topic("DDATA") + "/cam1"), "boiler/Value").getDoubleValue()).isEqualTo(2.5);
            } finally {
                node.close();
            }

            // a broker the host never said anything on is left after the wait
            try (Messages onB2 = new Messages(b.url())) {
                onB.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":3000}");
                SparkplugNode waiting = new SparkplugNode(config(silent.url() + "," + b.url(), "scada",
                        Duration.ofMillis(1_500)), Clock.systemUTC());
                waiting.start();
                try {
                    onB2.await(topic("NBIRTH"));
                    assertThat(waiting.url()).isEqualTo(b.url());
                } finally {
                    waiting.close();
                }
            }

            // the host offline everywhere: once round, then a broker per wait, not a storm of connections
            onA.publishRetained("spBv1.0/STATE/scada", "{\"online\":false,\"timestamp\":4000}");
            onB.publishRetained("spBv1.0/STATE/scada", "{\"online\":false,\"timestamp\":4000}");
            long before = onA.count(topic("NDEATH")) + onB.count(topic("NDEATH"));
            SparkplugNode stranded = new SparkplugNode(config(a.url() + "," + b.url(), "scada",
                    Duration.ofMillis(1_500)), Clock.systemUTC());
            stranded.start();
            try {
                onA.quiet(Duration.ofSeconds(4));
                long left = onA.count(topic("NDEATH")) + onB.count(topic("NDEATH")) - before;
                assertThat(left).as("brokers left in 4 s").isBetween(2L, 5L);
                assertThat(stranded.problem()).contains("waiting for primary host scada");
            } finally {
                stranded.close();
            }
        }
    }

    @Test
    void withCommands_aHostTakesAMeterOutOfService_acknowledgesAndShelvesItsAlarm_byNameOrAlias() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start(); Messages messages = new Messages(broker.url());
             SparkplugNode node = new SparkplugNode(withCommands(broker.url(), /* commands= */ true,
                     /* aliases= */ true), Clock.systemUTC())) {
            AlarmList alarms = new AlarmList(Clock.systemUTC());
            List<AlarmEvent> journal = new CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            alarms.addListener(node::alarm);
            alarms.addServiceListener(node::outOfService);
            node.commandsTo(alarms.via(Via.SPARKPLUG), alarms.via(Via.SPARKPLUG));
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.describe("tank", "cam2", 0.0, 100.0, "%");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            node.publishCamera("cam2", Map.of("state", "STREAMING"));
            messages.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":1}");
            node.start();
            Payload birth = messages.await(topic("DBIRTH") + "/cam1");
            assertThat(metric(birth, "boiler/OutOfService").getBooleanValue()).isFalse();
            long outOfService = metric(birth, "boiler/OutOfService").getAlias();

            // by alias, as a host does where the birth numbered the metrics
            messages.publish(topic("DCMD") + "/cam1", write(null, outOfService, true));
            assertThat(messages.awaitMetric(topic("DDATA") + "/cam1", outOfService).getBooleanValue()).isTrue();
            assertThat(alarms.outOfService("boiler")).get().extracting(OutOfService::user).isEqualTo("scada");
            // already out of service: changes nothing, and the host is told it again as it stands
            long told = messages.count(topic("DDATA") + "/cam1");
            messages.publish(topic("DCMD") + "/cam1", write("boiler/OutOfService", null, true));
            assertThat(messages.awaitMetricAfter(topic("DDATA") + "/cam1", outOfService, told).getBooleanValue())
                    .isTrue();
            messages.publish(topic("DCMD") + "/cam1", write("boiler/OutOfService", null, false));
            assertThat(messages.awaitMetricAfter(topic("DDATA") + "/cam1", outOfService, told + 1)
                    .getBooleanValue()).isFalse();
            assertThat(alarms.isOutOfService("boiler")).isFalse();

            // the tank's alarm, acknowledged and shelved until it clears, then unshelved
            alarms.accept(new Reading("tank", "cam2", ReadingStatus.OK, 95.0, "%", 0.95, 0.9, AlarmState.HIGH, T0,
                    T0));
            Payload tank = messages.await(topic("DBIRTH") + "/cam2");
            long unacknowledged = metric(tank, "tank/AlarmUnacknowledged").getAlias();
            long shelved = metric(tank, "tank/AlarmShelved").getAlias();
            assertThat(messages.awaitMetric(topic("DDATA") + "/cam2", unacknowledged).getBooleanValue()).isTrue();
            messages.publish(topic("DCMD") + "/cam2", write("tank/AlarmUnacknowledged", null, false));
            awaitTrue(() -> alarms.get("tank").orElseThrow().acknowledged());
            messages.publish(topic("DCMD") + "/cam2", write("tank/AlarmShelved", null, true));
            assertThat(messages.awaitMetric(topic("DDATA") + "/cam2", shelved).getBooleanValue()).isTrue();
            messages.publish(topic("DCMD") + "/cam2", write("tank/AlarmShelved", null, false));
            awaitTrue(() -> !alarms.get("tank").orElseThrow().shelved());
            // a metric of another device, one that is not writable, and garbage: nothing
            messages.publish(topic("DCMD") + "/cam1", write("tank/OutOfService", null, true));
            messages.publish(topic("DCMD") + "/cam2", write("tank/Value", null, true));
            messages.publish(topic("DCMD") + "/cam2", new byte[] {0x12, 0x40});
            messages.quiet(Duration.ofMillis(500));
            assertThat(alarms.isOutOfService("tank")).isFalse();
            // each journalled as come in by Sparkplug: a host's name is the host's to give
            assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::user, AlarmEvent::via).contains(
                    tuple(AlarmEvent.Kind.OUT_OF_SERVICE, "scada", Via.SPARKPLUG),
                    tuple(AlarmEvent.Kind.BACK_IN_SERVICE, "scada", Via.SPARKPLUG),
                    tuple(AlarmEvent.Kind.ACKNOWLEDGED, "scada", Via.SPARKPLUG),
                    tuple(AlarmEvent.Kind.SHELVED, "scada", Via.SPARKPLUG),
                    tuple(AlarmEvent.Kind.UNSHELVED, "scada", Via.SPARKPLUG));
            messages.assertSequence();
        }
    }

    @Test
    void withoutCommands_aHostsWriteIsIgnored_andToldBackAsItStands() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start(); Messages messages = new Messages(broker.url());
             SparkplugNode node = new SparkplugNode(withCommands(broker.url(), /* commands= */ false,
                     /* aliases= */ false), Clock.systemUTC())) {
            AlarmList alarms = new AlarmList(Clock.systemUTC());
            alarms.addServiceListener(node::outOfService);
            node.commandsTo(alarms.via(Via.SPARKPLUG), alarms.via(Via.SPARKPLUG));
            node.describe("boiler", "cam1", 0.0, 10.0, "bar");
            node.publishCamera("cam1", Map.of("state", "STREAMING"));
            messages.publishRetained("spBv1.0/STATE/scada", "{\"online\":true,\"timestamp\":1}");
            node.start();
            messages.await(topic("DBIRTH") + "/cam1");
            messages.publish(topic("DCMD") + "/cam1", write("boiler/OutOfService", null, true));
            Payload told = messages.await(topic("DDATA") + "/cam1");
            assertThat(told.getMetricsList()).extracting(Payload.Metric::getName)
                    .containsExactly("boiler/OutOfService");
            assertThat(metric(told, "boiler/OutOfService").getBooleanValue()).isFalse();
            assertThat(alarms.isOutOfService("boiler")).isFalse();
            // taken out of service elsewhere (the dashboard): the host is told
            alarms.via(Via.HTTP).takeOutOfService("boiler", "ann", "sent for calibration");
            assertThat(metric(messages.awaitNth(topic("DDATA") + "/cam1", 1), "boiler/OutOfService").getBooleanValue())
                    .isTrue();
            // its values stopped moving an hour ago (StuckWatch)
            Instant since = Instant.now().minusSeconds(3600);
            node.stuck("boiler", since);
            Payload.Metric stuck = metric(messages.awaitNth(topic("DDATA") + "/cam1", 2), "boiler/Stuck");
            assertThat(stuck.getBooleanValue()).isTrue();
            assertThat(stuck.getTimestamp()).isEqualTo(since.toEpochMilli());
        }
    }

    /** A host's DCMD writing one Boolean metric, by name or (name null) by alias. */
    private static byte[] write(String name, Long alias, boolean value) {
        Payload.Metric.Builder metric = Payload.Metric.newBuilder().setDatatype(11).setBooleanValue(value);
        if (name != null) {
            metric.setName(name);
        } else {
            metric.setAlias(alias);
        }
        return Payload.newBuilder().setTimestamp(System.currentTimeMillis()).addMetrics(metric).build().toByteArray();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(end);
            Thread.sleep(20);
        }
    }

    private static Payload.Metric metric(Payload payload, String name) {
        return payload.getMetricsList().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + payload));
    }

    /** A client that keeps every Sparkplug message the edge node sends, in order. */
    private static final class Messages implements AutoCloseable {
        record Received(String topic, byte[] payload, int qos, boolean retained) {
        }

        final List<Received> all = new CopyOnWriteArrayList<>();
        private final MqttClient client;

        Messages(String url) throws MqttException {
            client = new MqttClient(url, "sparkplug-host-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.subscribe("spBv1.0/plant/#", 1, (topic, message) ->
                    all.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained())));
        }

        void publish(String topic, byte[] payload) throws MqttException {
            client.publish(topic, payload, 0, false);
        }

        void publishRetained(String topic, String payload) throws MqttException {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(true);
            client.publish(topic, message);
        }

        List<String> topics() {
            return all.stream().map(Received::topic).toList();
        }

        long count(String topic) {
            return all.stream().filter(m -> m.topic().equals(topic)).count();
        }

        Payload await(String topic) throws Exception {
            return awaitNth(topic, 0);
        }

        /** The topic's message number {@code n} (from 0), waiting up to 20 s for it. */
        Payload awaitNth(String topic, int n) throws Exception {
            Predicate<Received> on = m -> m.topic().equals(topic);
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end) {
                List<Received> matching = all.stream().filter(on).toList();
                if (matching.size() > n) {
                    return Payload.parseFrom(matching.get(n).payload());
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no message " + n + " on " + topic + "; got " + topics());
        }

        /** The first metric numbered {@code alias} on the topic, waiting up to 20 s for it. */
        Payload.Metric awaitMetric(String topic, long alias) throws Exception {
            return awaitMetricAfter(topic, alias, 0);
        }

        /** The first metric numbered {@code alias} on the topic past its first {@code skip} messages (20 s). */
        Payload.Metric awaitMetricAfter(String topic, long alias, long skip) throws Exception {
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end) {
                List<Received> on = all.stream().filter(m -> m.topic().equals(topic)).skip(skip).toList();
                for (Received m : on) {
                    for (Payload.Metric metric : Payload.parseFrom(m.payload()).getMetricsList()) {
                        if (metric.hasAlias() && metric.getAlias() == alias) {
                            return metric;
                        }
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no metric " + alias + " on " + topic + "; got " + topics());
        }

        void quiet(Duration d) throws InterruptedException {
            Thread.sleep(d.toMillis());
        }

        /** Every message of the node's but a death certificate carries seq: 0 at a birth, then one more each time. */
        void assertSequence() throws Exception {
            Long previous = null;
            for (Received m : all) {
                if (m.topic().contains("CMD/")) {
                    // a host's command, which this client sent
                    continue;
                }
                Payload p = Payload.parseFrom(m.payload());
                if (m.topic().contains("/NDEATH/")) {
                    assertThat(p.hasSeq()).isFalse();
                    continue;
                }
                assertThat(p.hasSeq()).as(m.topic()).isTrue();
                if (m.topic().contains("/NBIRTH/")) {
                    assertThat(p.getSeq()).isZero();
                } else {
                    assertThat(p.getSeq()).as(m.topic()).isEqualTo((previous + 1) % 256);
                }
                previous = p.getSeq();
            }
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
