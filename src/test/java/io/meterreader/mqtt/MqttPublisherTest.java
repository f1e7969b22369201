package io.meterreader.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.config.ConfigurationException;
import io.meterreader.config.MqttProperties;
import io.meterreader.config.SparkplugProperties;
import io.meterreader.frame.AlarmEvent;
import io.meterreader.frame.AlarmShelf;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.MeterAlarm;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Via;
import io.meterreader.pipeline.AlarmList;
import io.meterreader.frame.Reading;
import io.meterreader.frame.ReadingStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Readings reach a real broker (Mosquitto), and a broker that is away holds nothing up and loses no meter's latest state. */
class MqttPublisherTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    @BeforeEach
    void mosquitto() {
        assumeTrue(MqttBroker.available(), "Debian's mosquitto is not installed (scripts/test installs it)");
    }

    private static MqttProperties config(String url, String prefix) {
        return new MqttProperties(url, "meter-reader-test-" + System.nanoTime(), null, null, prefix, 1, true,
                Duration.ZERO, null);
    }

    private static Reading ok(String meter, double value, int second) {
        return new Reading(meter, "cam1", ReadingStatus.OK, value, "bar", value / 10, 0.9, AlarmState.NONE,
                T0.plusSeconds(second), T0.plusSeconds(second).plusMillis(80));
    }

    @Test
    void aReading_isPublishedRetainedAsTheApiShowsIt_clearedWhenItsMeterGoes_andTheStatusSaysOnlineThenOffline() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start()) {
            MqttPublisher publisher = new MqttPublisher(config(broker.url(), "plant/hall-1"));
            publisher.start();
            publisher.accept(ok("boiler", 6.25, 1));
            publisher.accept(new Reading("tank", "cam1", ReadingStatus.POINTER_NOT_FOUND, null, "m", null, 0.1,
                    AlarmState.NONE, T0, T0.plusMillis(90)));
            long end = System.nanoTime() + 20_000_000_000L;
            while (publisher.published() < 2 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(publisher.published()).isEqualTo(2);

            // subscribed afterwards: retained messages come all the same
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/hall-1/#")) {
                assertThat(sub.await("plant/hall-1/status", "online")).isTrue();
                assertThat(sub.await("plant/hall-1/meters/tank", "POINTER_NOT_FOUND")).isTrue();
                assertThat(sub.await("plant/hall-1/meters/boiler", "6.25")).isTrue();
                JsonNode boiler = JsonMapper.builder().build().readTree(sub.latest.get("plant/hall-1/meters/boiler"));
                assertThat(boiler.get("meterId").asString()).isEqualTo("boiler");
                assertThat(boiler.get("cameraId").asString()).isEqualTo("cam1");
                assertThat(boiler.get("status").asString()).isEqualTo("OK");
                assertThat(boiler.get("value").asDouble()).isEqualTo(6.25);
                assertThat(boiler.get("unit").asString()).isEqualTo("bar");
                assertThat(boiler.get("fraction").asDouble()).isEqualTo(0.625);
                assertThat(boiler.get("alarm").asString()).isEqualTo("NONE");
                assertThat(boiler.get("captureTime").asString()).isEqualTo("2026-12-06T03:00:01Z");
                JsonNode tank = JsonMapper.builder().build().readTree(sub.latest.get("plant/hall-1/meters/tank"));
                assertThat(tank.get("value").isNull()).as("a failed reading has no value").isTrue();

                // a meter no longer calibrated: its retained reading is cleared
                publisher.forget("tank");
                long cleared = System.nanoTime() + 20_000_000_000L;
                while (!"".equals(sub.latest.get("plant/hall-1/meters/tank")) && System.nanoTime() < cleared) {
                    Thread.sleep(20);
                }
                assertThat(sub.latest.get("plant/hall-1/meters/tank")).isEmpty();
                try (MqttBroker.Subscriber late = broker.subscribe("plant/hall-1/meters/#")) {
                    assertThat(late.await("plant/hall-1/meters/boiler", "6.25")).isTrue();
                    assertThat(late.latest).doesNotContainKey("plant/hall-1/meters/tank");
                }

                publisher.close();
                assertThat(sub.await("plant/hall-1/status", "offline")).isTrue();
                assertThat(publisher.isConnected()).isFalse();
            }
        }
    }

    @Test
    void homeAssistantDiscovery_listsEachMeter_clearsOneThatGoes_andComesAgainAfterABrokerRestart() throws Exception {
        MqttBroker broker = MqttBroker.onFreePort().start();
        MqttPublisher publisher = new MqttPublisher(new MqttProperties(broker.url(), "plant-1", null, null, "plant", 1,
                true, Duration.ZERO, null, null, null, true, "ha"));
        try {
            publisher.start();
            publisher.describe("boiler.1", "cam1", "bar", /* watchedForStuck= */ false);
            publisher.describe("tank", "cam1", "%", /* watchedForStuck= */ false);
            publisher.accept(ok("boiler.1", 6.25, 1));
            publisher.publishCamera("cam1", java.util.Map.of("cameraId", "cam1", "state", "STREAMING"));
            publisher.publishCamera("cam2", java.util.Map.of("cameraId", "cam2", "state", "RECONNECTING"));
            String boilerTopic = "ha/sensor/plant-1/boiler_1_9ac4c8/config";
            try (MqttBroker.Subscriber sub = broker.subscribe("ha/#")) {
                assertThat(sub.await(boilerTopic, "bar")).isTrue();
                assertThat(sub.await("ha/sensor/plant-1/tank/config", "%")).isTrue();
                assertThat(sub.await("ha/binary_sensor/plant-1/boiler_1_9ac4c8_alarm/config", "problem")).isTrue();

                JsonNode boiler = JsonMapper.builder().build().readTree(sub.latest.get(boilerTopic));
                assertThat(boiler.get("name").asString()).isEqualTo("boiler.1");
                assertThat(boiler.get("unique_id").asString()).isEqualTo("plant-1_boiler_1_9ac4c8");
                assertThat(boiler.get("state_topic").asString()).isEqualTo("plant/meters/boiler.1");
                assertThat(boiler.get("value_template").asString()).isEqualTo("{{ value_json.value }}");
                assertThat(boiler.get("unit_of_measurement").asString()).isEqualTo("bar");
                assertThat(boiler.get("device_class").asString()).isEqualTo("pressure");
                assertThat(boiler.get("availability_topic").asString()).isEqualTo("plant/status");
                assertThat(boiler.get("device").get("identifiers").get(0).asString()).isEqualTo("plant-1_camera_cam1");
                JsonNode tank = JsonMapper.builder().build().readTree(sub.latest.get("ha/sensor/plant-1/tank/config"));
                assertThat(tank.has("device_class")).as("a percentage is no pressure or temperature").isFalse();
                JsonNode alarm = JsonMapper.builder().build()
                        .readTree(sub.latest.get("ha/binary_sensor/plant-1/boiler_1_9ac4c8_alarm/config"));
                assertThat(alarm.get("value_template").asString()).contains("value_json.alarm == 'NONE'");
                assertThat(sub.await("ha/binary_sensor/plant-1/camera_cam1/config", "connectivity")).isTrue();
                JsonNode camera = JsonMapper.builder().build()
                        .readTree(sub.latest.get("ha/binary_sensor/plant-1/camera_cam1/config"));
                assertThat(camera.get("state_topic").asString()).isEqualTo("plant/cameras/cam1");
                assertThat(camera.get("device").get("identifiers").get(0).asString()).isEqualTo("plant-1_camera_cam1");
                assertThat(sub.await("ha/binary_sensor/plant-1/camera_cam2/config", "connectivity")).isTrue();
                publisher.forgetCamera("cam2");

                publisher.forget("tank");
                long end = System.nanoTime() + 20_000_000_000L;
                while (!("".equals(sub.latest.get("ha/sensor/plant-1/tank/config"))
                        && "".equals(sub.latest.get("ha/binary_sensor/plant-1/tank_alarm/config")))
                        && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(sub.latest.get("ha/sensor/plant-1/tank/config")).as("a meter that goes is removed").isEmpty();
                assertThat(sub.latest.get("ha/binary_sensor/plant-1/tank_alarm/config")).isEmpty();
                end = System.nanoTime() + 20_000_000_000L;
                while (!"".equals(sub.latest.get("ha/binary_sensor/plant-1/camera_cam2/config"))
                        && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(sub.latest.get("ha/binary_sensor/plant-1/camera_cam2/config")).as("a camera removed").isEmpty();
            }

            // A broker restarted without its retained messages: the meters in force are announced again.
            broker.stop();
            broker.start();
            try (MqttBroker.Subscriber sub = broker.subscribe("ha/#")) {
                assertThat(sub.await(boilerTopic, "pressure")).isTrue();
                assertThat(sub.await("ha/binary_sensor/plant-1/boiler_1_9ac4c8_alarm/config", "problem")).isTrue();
                assertThat(sub.await("ha/binary_sensor/plant-1/camera_cam1/config", "connectivity")).isTrue();
                Thread.sleep(500);
                assertThat(sub.latest).doesNotContainKey("ha/binary_sensor/plant-1/camera_cam2/config");
                assertThat(sub.latest).doesNotContainKey("ha/sensor/plant-1/tank/config");
            }
        } finally {
            publisher.close();
            broker.close();
        }
    }

    @Test
    void withoutHomeAssistant_describeSendsNothing() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start()) {
            MqttPublisher publisher = new MqttPublisher(config(broker.url(), "plant"));
            try {
                publisher.start();
                publisher.describe("boiler", "cam1", "bar", /* watchedForStuck= */ false);
                publisher.accept(ok("boiler", 1, 1));
                try (MqttBroker.Subscriber sub = broker.subscribe("#")) {
                    assertThat(sub.await("plant/meters/boiler", "boiler")).isTrue();
                    Thread.sleep(300);
                    assertThat(sub.latest.keySet()).noneMatch(t -> t.startsWith("homeassistant/"));
                }
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void aBrokerAway_holdsOneReadingPerMeter_andGetsEachMetersLatestWhenItComes() throws Exception {
        MqttBroker broker = MqttBroker.onFreePort();
        MqttPublisher publisher = new MqttPublisher(config(broker.url(), "plant"));
        publisher.start();
        try {
            for (int i = 0; i < 3000; i++) {
                publisher.accept(ok("m" + i % 3, i, i));
            }
            assertThat(publisher.isConnected()).isFalse();
            assertThat(publisher.pending()).as("one reading per meter waits").isEqualTo(3);
            assertThat(publisher.superseded()).isEqualTo(2997);

            broker.start();
            long end = System.nanoTime() + 30_000_000_000L;
            while (publisher.published() < 3 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(publisher.published()).as("each meter's latest, once the broker is up").isEqualTo(3);
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/meters/#")) {
                assertThat(sub.await("plant/meters/m0", "\"value\":2997.0")).isTrue();
                assertThat(sub.await("plant/meters/m1", "\"value\":2998.0")).isTrue();
                assertThat(sub.await("plant/meters/m2", "\"value\":2999.0")).isTrue();
            }

            // the broker goes and comes back: what came meanwhile is sent when it is back, and what
            // it lost with its retained messages (it keeps none on disk) is sent again as it stands
            publisher.publishCamera("cam1", Map.of("state", "STREAMING"));
            publisher.stuck("m1", T0);
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/#")) {
                assertThat(sub.await("plant/cameras/cam1", "STREAMING")).isTrue();
                assertThat(sub.await("plant/meters/m1/stuck", "\"stuck\":true")).isTrue();
            }
            broker.stop();
            publisher.accept(ok("m0", 5000, 5000));
            broker.start();
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/#")) {
                assertThat(sub.await("plant/meters/m0", "\"value\":5000.0")).isTrue();
                assertThat(sub.await("plant/meters/m1", "\"value\":2998.0")).isTrue();
                assertThat(sub.await("plant/cameras/cam1", "STREAMING")).isTrue();
                assertThat(sub.await("plant/meters/m1/stuck", "\"stuck\":true")).isTrue();
            }
            assertThat(publisher.isConnected()).isTrue();
        } finally {
            publisher.close();
            broker.close();
        }
    }

    @Test
    void severalBrokers_theFirstThatAnswersIsUsed_andWhenItIsLostTheNext() throws Exception {
        MqttBroker main = MqttBroker.onFreePort();
        try (MqttBroker standby = MqttBroker.onFreePort().start()) {
            MqttPublisher publisher = new MqttPublisher(config(main.url() + ", " + standby.url(), "plant"));
            publisher.start();
            try {
                publisher.accept(ok("m0", 1, 1));
                try (MqttBroker.Subscriber sub = standby.subscribe("plant/#")) {
                    assertThat(sub.await("plant/meters/m0", "\"value\":1.0")).as("the main broker is down").isTrue();
                    assertThat(sub.await("plant/status", "online")).isTrue();
                }
                assertThat(publisher.url()).isEqualTo(standby.url());

                main.start();
                standby.stop();
                publisher.accept(ok("m0", 2, 2));
                try (MqttBroker.Subscriber sub = main.subscribe("plant/#")) {
                    assertThat(sub.await("plant/meters/m0", "\"value\":2.0")).as("the standby lost").isTrue();
                }
                assertThat(publisher.url()).isEqualTo(main.url());
            } finally {
                publisher.close();
                main.close();
            }
        }
    }

    @Test
    void severalBrokers_eachWithoutCredentials_andAllOverTlsForACaFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> config("tcp://a:1883,tcp://user:secret@b:1883", "plant"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("meter-reader.mqtt.url")
                .hasMessageNotContaining("secret");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        assertThatThrownBy(() -> new MqttProperties("ssl://a:8883,tcp://b:1883", "c", null, null, "plant", 1, true,
                Duration.ZERO, ca)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.mqtt.ca-file");
        assertThat(config("tcp://a:1883 , ssl://b:8883", "plant").servers())
                .containsExactly("tcp://a:1883", "ssl://b:8883");
    }

    @Test
    void overTls_theBrokerSignedByTheConfiguredCa_isTrusted_andOneSignedByAnotherIsNot(@TempDir Path dir)
            throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        MqttBroker.tlsOnFreePort(other);
        try (MqttBroker broker = MqttBroker.tlsOnFreePort(Files.createDirectories(dir.resolve("broker"))).start()) {
            MqttProperties trusting = new MqttProperties(broker.url(), "tls-test-" + System.nanoTime(), null, null,
                    "plant", 1, true, Duration.ZERO, broker.ca());
            MqttPublisher publisher = new MqttPublisher(trusting);
            publisher.start();
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/#")) {
                publisher.accept(ok("boiler", 3.5, 1));
                assertThat(sub.await("plant/meters/boiler", "3.5")).isTrue();
                assertThat(publisher.isConnected()).isTrue();
            } finally {
                publisher.close();
            }

            MqttProperties wrongCa = new MqttProperties(broker.url(), "tls-test-" + System.nanoTime(), null, null,
                    "plant", 1, true, Duration.ZERO, other.resolve("ca.pem"));
            MqttPublisher refused = new MqttPublisher(wrongCa);
            refused.start();
            try {
                refused.accept(ok("boiler", 4.5, 2));
                Thread.sleep(2_000);
                assertThat(refused.isConnected()).isFalse();
                assertThat(refused.published()).isZero();
                assertThat(refused.pending()).isEqualTo(1);
            } finally {
                refused.close();
            }
        }
    }

    @Test
    void aBrokerThatAsksForAClientCertificate_takesTheConfiguredOne_andRefusesAClientWithout(@TempDir Path dir)
            throws Exception {
        try (MqttBroker broker = MqttBroker.tlsOnFreePort(dir, /* clientCertificates= */ true).start()) {
            MqttPublisher without = new MqttPublisher(new MqttProperties(broker.url(), "mtls-" + System.nanoTime(), null,
                    null, "plant", 1, true, Duration.ZERO, broker.ca()));
            without.start();
            try {
                without.accept(ok("boiler", 1.5, 1));
                Thread.sleep(2_000);
                assertThat(without.isConnected()).as("no client certificate").isFalse();
                assertThat(without.published()).isZero();
            } finally {
                without.close();
            }

            MqttPublisher with = new MqttPublisher(new MqttProperties(broker.url(), "mtls-" + System.nanoTime(), null,
                    null, "plant", 1, true, Duration.ZERO, broker.ca(), dir.resolve("client.pem"),
                    dir.resolve("client.key")));
            with.start();
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/#", dir.resolve("client.pem"),
                    dir.resolve("client.key"))) {
                with.accept(ok("boiler", 2.5, 2));
                assertThat(sub.await("plant/meters/boiler", "2.5")).isTrue();
                assertThat(with.isConnected()).isTrue();
            } finally {
                with.close();
            }
        }
    }

    @Test
    void aClientKeyThatIsNotPkcs8_orACertificateWithoutItsKey_isAConfigurationMistake(@TempDir Path dir)
            throws Exception {
        MqttBroker.tlsOnFreePort(dir, /* clientCertificates= */ true);
        Path pkcs1 = Files.writeString(dir.resolve("client-rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> MqttTls.socketFactory(null, dir.resolve("client.pem"), pkcs1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("meter-reader.mqtt.key-file")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> new MqttProperties("ssl://127.0.0.1:8883", "c", null, null, "p", 1, true,
                Duration.ZERO, null, dir.resolve("client.pem"), null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.mqtt.key-file must be set together with meter-reader.mqtt.cert-file");
    }

    @Test
    void aCaFileThatIsNotPem_isAConfigurationMistake(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> MqttTls.trusting(notPem)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.mqtt.ca-file");
        assertThatThrownBy(() -> MqttTls.trusting(dir.resolve("none.pem"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> new MqttProperties("tcp://127.0.0.1:1883", "c", null, null, "p", 1, true, Duration.ZERO,
                notPem)).isInstanceOf(ConfigurationException.class).hasMessageContaining("ssl://");
    }

    @Test
    void aCamerasState_isPublishedRetained_andClearedWhenTheCameraGoes() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start()) {
            MqttPublisher publisher = new MqttPublisher(config(broker.url(), "plant"));
            publisher.start();
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/cameras/#")) {
                java.util.Map<String, Object> state = new java.util.LinkedHashMap<>();
                state.put("cameraId", "cam1");
                state.put("state", "RECONNECTING");
                state.put("lastError", "stalled");
                publisher.publishCamera("cam1", state);
                assertThat(sub.await("plant/cameras/cam1", "\"state\":\"RECONNECTING\"")).isTrue();
                assertThat(publisher.published()).as("readings published: none").isZero();

                publisher.forgetCamera("cam1");
                long end = System.nanoTime() + 20_000_000_000L;
                while (!"".equals(sub.latest.get("plant/cameras/cam1")) && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(sub.latest.get("plant/cameras/cam1")).isEmpty();
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void aMetersAlarm_isPublishedRetainedAsTheApiShowsIt_offTheListOnceAcknowledgedAndCleared() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start()) {
            MqttPublisher publisher = new MqttPublisher(config(broker.url(), "plant"));
            publisher.start();
            try (MqttBroker.Subscriber sub = broker.subscribe("plant/alarms/#")) {
                publisher.alarm(new MeterAlarm("boiler", AlarmState.HIGH, AlarmState.HIGH, false, T0, T0, 13.5, "bar",
                        null, "", "", null, null));
                assertThat(sub.await("plant/alarms/boiler", "\"onList\":true")).isTrue();
                JsonNode alarm = JsonMapper.builder().build().readTree(sub.latest.get("plant/alarms/boiler"));
                assertThat(alarm.get("state").asString()).isEqualTo("HIGH");
                assertThat(alarm.get("priority").asString()).as("none given: high").isEqualTo("HIGH");
                assertThat(alarm.get("active").asBoolean()).isTrue();
                assertThat(alarm.get("acknowledged").asBoolean()).isFalse();
                assertThat(alarm.get("raised").asString()).isEqualTo("2026-12-06T03:00:00Z");
                assertThat(alarm.get("value").asDouble()).isEqualTo(13.5);
                assertThat(alarm.get("acknowledgedAt").isNull()).isTrue();
                assertThat(alarm.get("shelf").isNull()).isTrue();

                publisher.alarm(new MeterAlarm("boiler", AlarmState.NONE, AlarmState.HIGH, true, T0,
                        T0.plusSeconds(50), 9, "bar", T0.plusSeconds(30), "ana", "valve checked",
                        new AlarmShelf(T0.plusSeconds(40), T0.plusSeconds(7240), "bo", "chattering"), null));
                assertThat(sub.await("plant/alarms/boiler", "chattering")).isTrue();
                JsonNode shelved = JsonMapper.builder().build().readTree(sub.latest.get("plant/alarms/boiler"));
                assertThat(shelved.get("onList").asBoolean()).as("shelved: still listed").isTrue();
                assertThat(shelved.get("shelf").get("until").asString()).isEqualTo("2026-12-06T05:00:40Z");
                assertThat(shelved.get("shelf").get("user").asString()).isEqualTo("bo");

                publisher.alarm(new MeterAlarm("boiler", AlarmState.NONE, AlarmState.HIGH, true, T0,
                        T0.plusSeconds(60), 9, "bar", T0.plusSeconds(30), "ana", "valve checked", null, null));
                assertThat(sub.await("plant/alarms/boiler", "\"onList\":false")).isTrue();
                assertThat(sub.latest.get("plant/alarms/boiler")).contains("\"acknowledgedBy\":\"ana\"")
                        .contains("\"comment\":\"valve checked\"");
                try (MqttBroker.Subscriber late = broker.subscribe("plant/alarms/#")) {
                    assertThat(late.await("plant/alarms/boiler", "\"onList\":false")).as("retained").isTrue();
                }

                publisher.forget("boiler");
                long end = System.nanoTime() + 20_000_000_000L;
                while (!"".equals(sub.latest.get("plant/alarms/boiler")) && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(sub.latest.get("plant/alarms/boiler")).as("its meter gone, cleared").isEmpty();
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void aWatchedMetersBeingStuck_isPublishedRetained_withAHomeAssistantProblemSensor_andClearedWhenNoLongerWatched()
            throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start()) {
            MqttPublisher publisher = new MqttPublisher(new MqttProperties(broker.url(), "plant-1", null, null,
                    "plant", 1, true, Duration.ZERO, null, null, null, true, "ha"));
            publisher.start();
            JsonMapper json = JsonMapper.builder().build();
            try (MqttBroker.Subscriber sub = broker.subscribe("#")) {
                publisher.describe("tank", "cam1", "%", /* watchedForStuck= */ true);
                publisher.describe("boiler", "cam1", "bar", /* watchedForStuck= */ false);
                assertThat(sub.await("plant/meters/tank/stuck", "\"stuck\":false")).as("watched: not stuck yet").isTrue();
                assertThat(sub.await("ha/binary_sensor/plant-1/tank_stuck/config", "problem")).isTrue();
                JsonNode sensor = json.readTree(sub.latest.get("ha/binary_sensor/plant-1/tank_stuck/config"));
                assertThat(sensor.get("state_topic").asString()).isEqualTo("plant/meters/tank/stuck");
                assertThat(sensor.get("value_template").asString()).isEqualTo("{{ 'ON' if value_json.stuck else 'OFF' }}");
                assertThat(sensor.get("unique_id").asString()).isEqualTo("plant-1_tank_stuck");

                publisher.stuck("tank", T0.plusSeconds(5));
                assertThat(sub.await("plant/meters/tank/stuck", "\"stuck\":true")).isTrue();
                JsonNode stuck = json.readTree(sub.latest.get("plant/meters/tank/stuck"));
                assertThat(stuck.get("meterId").asString()).isEqualTo("tank");
                assertThat(stuck.get("since").asString()).isEqualTo("2026-12-06T03:00:05Z");
                try (MqttBroker.Subscriber late = broker.subscribe("plant/meters/+/stuck")) {
                    assertThat(late.await("plant/meters/tank/stuck", "\"stuck\":true")).as("retained").isTrue();
                    Thread.sleep(300);
                    assertThat(late.latest).as("a meter not watched has no such topic")
                            .doesNotContainKey("plant/meters/boiler/stuck");
                }
                publisher.stuck("tank", null);
                assertThat(sub.await("plant/meters/tank/stuck", "\"since\":null")).isTrue();
                assertThat(sub.latest.get("plant/meters/tank/stuck")).contains("\"stuck\":false");

                // its calibration no longer asks: the topic and the sensor go
                publisher.stuck("tank", T0.plusSeconds(90));
                assertThat(sub.await("plant/meters/tank/stuck", "\"stuck\":true")).isTrue();
                publisher.describe("tank", "cam1", "%", /* watchedForStuck= */ false);
                long end = System.nanoTime() + 20_000_000_000L;
                while (!("".equals(sub.latest.get("plant/meters/tank/stuck"))
                        && "".equals(sub.latest.get("ha/binary_sensor/plant-1/tank_stuck/config")))
                        && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertThat(sub.latest.get("plant/meters/tank/stuck")).isEmpty();
                assertThat(sub.latest.get("ha/binary_sensor/plant-1/tank_stuck/config")).isEmpty();
                assertThat(sub.latest.get("ha/sensor/plant-1/tank/config")).as("its value sensor stays").contains("%");
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void withAcknowledgeAlarms_anAcknowledgementPublishedToTheBroker_acknowledges_butOneLeftRetainedDoesNot()
            throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             MqttBroker.Subscriber sub = broker.subscribe("plant/alarms/#")) {
            // left on the broker before the service connected: it must not acknowledge the next alarm
            sub.publish("plant/alarms/boiler/acknowledge", "{\"user\": \"stale\"}", /* retained= */ true);
            MqttPublisher publisher = new MqttPublisher(new MqttProperties(broker.url(), "ack-test", null, null,
                    "plant", 1, true, Duration.ZERO, null, null, null, /* homeAssistant= */ true, "homeassistant",
                    SparkplugProperties.off(), true, /* acknowledgeAlarms= */ true));
            AlarmList alarms = new AlarmList(java.time.Clock.systemUTC());
            alarms.addListener(publisher::alarm);
            publisher.acknowledgeWith(alarms.via(Via.MQTT));
            List<AlarmEvent> journal = new java.util.concurrent.CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            // in alarm before the service connects and subscribes
            alarms.accept(new Reading("boiler", "cam1", ReadingStatus.OK, 13.5, "bar", 0.84, 0.9, AlarmState.HIGH,
                    T0, T0));
            publisher.start();
            try {
                assertThat(sub.await("plant/alarms/boiler", "\"acknowledged\":false")).isTrue();
                Thread.sleep(1000);
                assertThat(alarms.get("boiler").orElseThrow().acknowledged()).as("the retained one").isFalse();
                // someone clears the stale one (an empty retained message): no acknowledgement either
                sub.publish("plant/alarms/boiler/acknowledge", "", /* retained= */ true);
                assertThat(sub.await("plant/alarms/boiler/result", "an empty message is no command")).isTrue();
                assertThat(alarms.get("boiler").orElseThrow().acknowledged()).isFalse();

                sub.publish("plant/alarms/boiler/acknowledge", "{\"user\": \"node-red\", \"comment\": \"seen\"}",
                        false);
                assertThat(sub.await("plant/alarms/boiler", "\"acknowledged\":true")).isTrue();
                assertThat(alarms.get("boiler").orElseThrow()).extracting(MeterAlarm::acknowledgedBy,
                        MeterAlarm::comment).containsExactly("node-red", "seen");
                // Home Assistant has a button that publishes there
                publisher.describe("boiler", "cam1", "bar", /* watchedForStuck= */ false);
                try (MqttBroker.Subscriber buttons = broker.subscribe("homeassistant/button/#")) {
                    assertThat(buttons.await("homeassistant/button/ack-test/boiler_acknowledge/config",
                            "\"command_topic\":\"plant/alarms/boiler/acknowledge\"")).isTrue();
                    assertThat(buttons.await("homeassistant/button/ack-test/boiler_shelve/config",
                            "\"command_topic\":\"plant/alarms/boiler/shelve\"")).isTrue();
                    assertThat(buttons.await("homeassistant/button/ack-test/boiler_unshelve/config",
                            "\"command_topic\":\"plant/alarms/boiler/unshelve\"")).isTrue();
                }
                // a second one, and one that is not JSON, change nothing
                sub.publish("plant/alarms/boiler/acknowledge", "{\"user\": ", false);
                sub.publish("plant/alarms/tank/acknowledge", "plain text", false);
                Thread.sleep(500);
                assertThat(alarms.get("boiler").orElseThrow().acknowledgedBy()).isEqualTo("node-red");

                // the other alarm commands, each answered on .../result
                sub.publish("plant/alarms/boiler/shelve", "{\"duration\": \"forever\"}", false);
                assertThat(sub.await("plant/alarms/boiler/result", "{\"command\":\"shelve\",\"ok\":false")).isTrue();
                assertThat(sub.latest.get("plant/alarms/boiler/result")).contains("forever");
                sub.publish("plant/alarms/boiler/shelve", "{\"duration\": \"2h\", \"user\": \"node-red\", "
                        + "\"reason\": \"valve on order\"}", false);
                assertThat(sub.await("plant/alarms/boiler", "\"reason\":\"valve on order\"")).isTrue();
                assertThat(alarms.get("boiler").orElseThrow().shelf().until())
                        .isAfter(java.time.Instant.now().plusSeconds(7100));
                sub.publish("plant/alarms/boiler/comment", "pressure steady at 13.5", false);
                sub.publish("plant/alarms/boiler/unshelve", "{\"user\": \"node-red\"}", false);
                assertThat(sub.await("plant/alarms/boiler", "\"shelf\":null")).isTrue();
                assertThat(sub.await("plant/alarms/boiler/result", "{\"command\":\"unshelve\",\"ok\":true}"))
                        .isTrue();
                assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::text).contains(
                        tuple(AlarmEvent.Kind.COMMENTED, "pressure steady at 13.5"));
                sub.publish("plant/alarms/tank/unshelve", "{}", false);
                assertThat(sub.await("plant/alarms/tank/result", "\"ok\":false")).isTrue();
                // a field of the wrong kind, and a shelving that is not a JSON object, are refused
                sub.publish("plant/alarms/boiler/comment", "{\"user\": 5, \"comment\": \"x\"}", false);
                assertThat(sub.await("plant/alarms/boiler/result", "\"detail\":\"user must be text\"")).isTrue();
                sub.publish("plant/alarms/boiler/shelve", "[1, 2]", false);
                assertThat(sub.await("plant/alarms/boiler/result", "'[1, 2]' is JSON that is neither")).isTrue();
                // a program's null or empty list is no comment; a person's words in brackets are
                sub.publish("plant/alarms/boiler/comment", "null", false);
                assertThat(sub.await("plant/alarms/boiler/result",
                        "a command is a JSON object or plain text; 'null' is JSON that is neither")).isTrue();
                sub.publish("plant/alarms/boiler/comment", "[]", false);
                assertThat(sub.await("plant/alarms/boiler/result", "'[]' is JSON that is neither")).isTrue();
                sub.publish("plant/alarms/boiler/comment", "[maint] valve replaced", false);
                assertThat(sub.await("plant/alarms/boiler/result", "{\"command\":\"comment\",\"ok\":true}"))
                        .isTrue();
                assertThat(journal).extracting(AlarmEvent::text).contains("[maint] valve replaced")
                        .doesNotContain("null", "[]");
                // a field misspelt: a one-shot shelf for "2h" would have been taken
                sub.publish("plant/alarms/boiler/shelve", "{\"duraton\": \"2h\"}", false);
                assertThat(sub.await("plant/alarms/boiler/result",
                        "'duraton' is not a field it takes (it takes duration, reason, user)")).isTrue();
                // plain text to shelve is no comment: said as the shelving it is not
                sub.publish("plant/alarms/boiler/shelve", "\u001b[2J", false);
                assertThat(sub.await("plant/alarms/boiler/result", "a shelving is a JSON object")).isTrue();
                assertThat(alarms.get("boiler").orElseThrow().shelved()).isFalse();
                // twenty commands at once: twenty answers, none lost to the next
                int before = (int) sub.received.stream().filter(m -> m.startsWith("plant/alarms/boiler/result "))
                        .count();
                for (int i = 0; i < 20; i++) {
                    sub.publish("plant/alarms/boiler/comment", "burst " + i, false);
                }
                long end = System.nanoTime() + 20_000_000_000L;
                while (sub.received.stream().filter(m -> m.startsWith("plant/alarms/boiler/result ")).count()
                        < before + 20 && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
                assertThat(sub.received.stream().filter(m -> m.startsWith("plant/alarms/boiler/result "))
                        .skip(before)).hasSize(20).allMatch(m -> m.endsWith("{\"command\":\"comment\",\"ok\":true}"));
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void withServiceCommands_aMeterIsTakenOutOfServiceAndBackFromTheBroker_eachAnswered_butNotFromARetainedMessage()
            throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             MqttBroker.Subscriber sub = broker.subscribe("plant/#")) {
            // left on the broker before the service connected: it must not silence the boiler
            sub.publish("plant/meters/boiler/out-of-service", "{\"user\": \"stale\"}", /* retained= */ true);
            MqttPublisher publisher = new MqttPublisher(new MqttProperties(broker.url(), "oos-test", null, null,
                    "plant", 1, true, Duration.ZERO, null, null, null, /* homeAssistant= */ false, "homeassistant",
                    SparkplugProperties.off(), true, /* acknowledgeAlarms= */ false, /* serviceCommands= */ true));
            AlarmList alarms = new AlarmList(java.time.Clock.systemUTC());
            List<AlarmEvent> journal = new java.util.concurrent.CopyOnWriteArrayList<>();
            alarms.addJournal(journal::add);
            alarms.accept(new Reading("boiler", "cam1", ReadingStatus.OK, 13.5, "bar", 0.84, 0.9, AlarmState.HIGH,
                    T0, T0));
            publisher.acknowledgeWith(alarms.via(Via.MQTT));
            publisher.serviceWith(alarms.via(Via.MQTT), id -> id.equals("boiler"));
            publisher.reservePersonalNames(Set.of("ann"));
            publisher.reserveSharedNames(Set.of("engineer"));
            publisher.start();
            try {
                assertThat(sub.await("plant/status", "online")).isTrue();
                Thread.sleep(1000);
                assertThat(alarms.outOfService("boiler")).as("the retained one").isEmpty();

                // ann has a personal account: the journal would take this for ann's own doing
                sub.publish("plant/meters/boiler/out-of-service", "{\"user\": \" Ann\"}", false);
                assertThat(sub.await("plant/meters/boiler/result", "\"detail\":\"user: Ann is ann, who has a personal account"))
                        .isTrue();
                assertThat(alarms.outOfService("boiler")).isEmpty();
                // nor the dashboard's shared account: the journal would take it for done on the dashboard
                sub.publish("plant/meters/boiler/out-of-service", "{\"user\": \"Engineer\"}", false);
                assertThat(sub.await("plant/meters/boiler/result", "\"detail\":\"user: Engineer is engineer, which "
                        + "is the dashboard's account")).isTrue();
                assertThat(alarms.outOfService("boiler")).isEmpty();

                sub.publish("plant/meters/boiler/out-of-service", "{\"user\": \"cmms\", \"reason\": \"WO-4711: "
                        + "gauge sent for calibration\"}", false);
                assertThat(sub.await("plant/meters/boiler/result", "{\"command\":\"out-of-service\",\"ok\":true}"))
                        .isTrue();
                assertThat(alarms.outOfService("boiler").orElseThrow()).extracting(OutOfService::user,
                        OutOfService::reason).containsExactly("cmms", "WO-4711: gauge sent for calibration");
                assertThat(alarms.get("boiler")).as("its alarm left the list").isEmpty();

                // again, for a meter the service does not have, and not JSON: refused, saying why
                sub.publish("plant/meters/boiler/out-of-service", "again", false);
                assertThat(sub.await("plant/meters/boiler/result", "already out of service")).isTrue();
                sub.publish("plant/meters/ghost/out-of-service", "{}", false);
                assertThat(sub.await("plant/meters/ghost/result", "\"detail\":\"no meter ghost\"")).isTrue();
                sub.publish("plant/meters/boiler/in-service", "{\"user\": ", false);
                assertThat(sub.await("plant/meters/boiler/result", "not JSON")).isTrue();
                assertThat(alarms.outOfService("boiler")).isPresent();

                sub.publish("plant/meters/boiler/in-service", "{\"user\": \"cmms\"}", false);
                assertThat(sub.await("plant/meters/boiler/result", "{\"command\":\"in-service\",\"ok\":true}"))
                        .isTrue();
                assertThat(alarms.outOfService("boiler")).isEmpty();
                // journalled as come in over MQTT: "cmms" is whatever the publisher wrote
                assertThat(journal).extracting(AlarmEvent::kind, AlarmEvent::user, AlarmEvent::via).contains(
                        tuple(AlarmEvent.Kind.OUT_OF_SERVICE, "cmms", Via.MQTT),
                        tuple(AlarmEvent.Kind.BACK_IN_SERVICE, "cmms", Via.MQTT));
                sub.publish("plant/meters/boiler/in-service", "{}", false);
                assertThat(sub.await("plant/meters/boiler/result", "is not out of service")).isTrue();
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void withoutServiceCommands_anOutOfServiceCommandOnTheBroker_changesNothing() throws Exception {
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             MqttBroker.Subscriber sub = broker.subscribe("plant/#")) {
            MqttPublisher publisher = new MqttPublisher(new MqttProperties(broker.url(), "no-oos-test", null, null,
                    "plant", 1, true, Duration.ZERO, null, null, null, /* homeAssistant= */ false, "homeassistant",
                    SparkplugProperties.off(), true, /* acknowledgeAlarms= */ true));
            AlarmList alarms = new AlarmList(java.time.Clock.systemUTC());
            publisher.acknowledgeWith(alarms.via(Via.MQTT));
            publisher.serviceWith(alarms.via(Via.MQTT), id -> true);
            publisher.start();
            try {
                assertThat(sub.await("plant/status", "online")).isTrue();
                sub.publish("plant/meters/boiler/out-of-service", "{\"user\": \"someone\"}", false);
                Thread.sleep(1000);
                assertThat(alarms.outOfService("boiler")).isEmpty();
                assertThat(sub.latest).doesNotContainKey("plant/meters/boiler/result");
            } finally {
                publisher.close();
            }
        }
    }

    @Test
    void serviceCommands_withoutTheJsonTopics_isAConfigurationMistake() {
        assertThatThrownBy(() -> new MqttProperties("tcp://127.0.0.1:1883", "c", null, null, "p", 1, true,
                Duration.ZERO, null, null, null, false, "homeassistant", new SparkplugProperties(true, "plant", null,
                null, false, false, null), /* jsonTopics= */ false, false, /* serviceCommands= */ true))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("meter-reader.mqtt.service-commands");
    }
}
