package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.mqtt.MqttBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default with a broker: the demo cameras' meters, read by the shipped
 * models, arrive on the broker as they are read, the availability topic says online while the
 * service runs and offline once it has stopped, and the metrics say it is connected; with
 * Sparkplug alone, the demo cameras are devices of an edge node whose data carries the readings.
 */
@Tag("e2e")
class MqttE2ETest {

    @Test
    void demoReadings_arriveOnTheBroker_andTheServiceSaysOnlineThenOffline() throws Exception {
        assumeTrue(MqttBroker.available(), "Debian's mosquitto is not installed (scripts/test installs it)");
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             MqttBroker.Subscriber sub = broker.subscribe("site-7/#")) {
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                    "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:mqtt",
                    "--meter-reader.mqtt.url=" + broker.url(), "--meter-reader.mqtt.topic-prefix=site-7")) {
                assertThat(sub.await("site-7/status", "online")).isTrue();
                assertThat(sub.await("site-7/meters/demo-1-steam-pressure", "\"status\":\"OK\""))
                        .as("received: " + sub.latest).isTrue();
                JsonNode reading = JsonMapper.builder().build().readTree(sub.latest.get("site-7/meters/demo-1-steam-pressure"));
                assertThat(reading.get("unit").asString()).isEqualTo("bar");
                assertThat(reading.get("value").asDouble()).isBetween(0.0, 16.0);
                assertThat(reading.get("cameraId").asString()).isEqualTo("demo-1");
                assertThat(sub.await("site-7/cameras/demo-2", "\"state\":\"STREAMING\"")).as("received: " + sub.latest)
                        .isTrue();

                String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("meter_reader_mqtt_connected{application=\"meter-reader\"} 1");
                assertThat(metrics).containsPattern("meter_reader_mqtt_published_total\\{application=\"meter-reader\"\\} [1-9]");
            }
            assertThat(sub.await("site-7/status", "offline")).as("said on the way out").isTrue();
        }
    }

    @Test
    void sparkplugAlone_theDemoCamerasAreDevices_theirReadingsDeviceData_andTheNodeSaysItsDeathOnTheWayOut(
            @TempDir Path state) throws Exception {
        assumeTrue(MqttBroker.available(), "Debian's mosquitto is not installed (scripts/test installs it)");
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        String node = "spBv1.0/Plant 7/%s/reader-7";
        try (MqttBroker broker = MqttBroker.onFreePort().start();
             MqttBroker.Subscriber sub = broker.subscribe("#")) {
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                    "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:sparkplug",
                    "--meter-reader.mqtt.url=" + broker.url(), "--meter-reader.mqtt.sparkplug.enabled=true",
                    "--meter-reader.mqtt.sparkplug.group-id=Plant 7",
                    "--meter-reader.mqtt.sparkplug.edge-node-id=reader-7", "--meter-reader.mqtt.json-topics=false",
                    "--meter-reader.mqtt.sparkplug.bd-seq-file=" + state.resolve("bdseq"))) {
                String births = node.formatted("DBIRTH") + "/demo-1";
                assertThat(sub.await(births, "demo-1-steam-pressure/Value")).as("received: " + sub.latest.keySet())
                        .isTrue();
                Payload birth = Payload.parseFrom(sub.latestBytes.get(births));
                Payload.Metric steam = metric(birth, "demo-1-steam-pressure/Value");
                assertThat(steam.getDatatype()).isEqualTo(10);
                assertThat(steam.getProperties().getKeysList()).containsExactly("engUnit", "engLow", "engHigh");
                assertThat(steam.getProperties().getValues(0).getStringValue()).isEqualTo("bar");
                assertThat(birth.getMetricsList()).extracting(Payload.Metric::getName)
                        .contains("demo-1-boiler-pressure/Status").doesNotContain("demo-2-tank-level/Value");
                Payload nodeBirth = Payload.parseFrom(sub.latestBytes.get(node.formatted("NBIRTH")));
                assertThat(Files.readString(state.resolve("bdseq")).strip()).as("kept for the next start")
                        .isEqualTo(String.valueOf(metric(nodeBirth, "bdSeq").getLongValue()));

                String data = node.formatted("DDATA") + "/demo-1";
                long end = System.nanoTime() + 60_000_000_000L;
                Double value = null;
                while (value == null && System.nanoTime() < end) {
                    byte[] bytes = sub.latestBytes.get(data);
                    if (bytes != null) {
                        value = Payload.parseFrom(bytes).getMetricsList().stream()
                                .filter(m -> m.getName().equals("demo-1-steam-pressure/Value") && m.hasDoubleValue())
                                .map(Payload.Metric::getDoubleValue).findFirst().orElse(null);
                    }
                    Thread.sleep(100);
                }
                assertThat(value).as("a steam reading in a device's data").isBetween(0.0, 16.0);

                String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
                JsonNode health = JsonMapper.builder().build().readTree(HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(health.at("/components/sparkplug/status").asString()).isEqualTo("UP");
                assertThat(health.at("/components/mqtt").isMissingNode()).as("no JSON topics, no mqtt part").isTrue();
                assertThat(sub.latest.keySet()).as("Sparkplug's topics alone").allMatch(t -> t.startsWith("spBv1.0/"));
            }
            assertThat(sub.await(node.formatted("NDEATH"), "bdSeq")).as("said on the way out").isTrue();
        }
    }

    private static Payload.Metric metric(Payload payload, String name) {
        return payload.getMetricsList().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
