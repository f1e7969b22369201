package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.opcua.OpcUaClients;
import io.meterreader.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default with its OPC UA server: a SCADA client connects, finds the demo meters'
 * readings as the shipped models read them (Good values in their units) and the cameras
 * streaming, and the health names the endpoint.
 */
@Tag("e2e")
class OpcUaE2ETest {

    @Test
    void demoReadings_areReadByAnOpcUaClient(@TempDir Path pki) throws Exception {
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        int port = FreePorts.next();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:opcua",
                "--meter-reader.opcua.port=" + port, "--meter-reader.opcua.hostname=127.0.0.1",
                "--meter-reader.opcua.pki-dir=" + pki)) {
            OpcUaClient client = OpcUaClients.connect("opc.tcp://127.0.0.1:" + port + "/meter-reader", null, null);
            try {
                DataValue value = null;
                long end = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < end) {
                    value = OpcUaClients.read(client, "meters/demo-1-steam-pressure/Value");
                    if (value.getStatusCode().isGood()) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(value.getStatusCode().isGood()).as("read OK within a minute: " + value).isTrue();
                assertThat((Double) value.getValue().getValue()).isBetween(0.0, 10.0);
                assertThat(OpcUaClients.read(client, "meters/demo-1-steam-pressure/Unit").getValue().getValue())
                        .isEqualTo("bar");
                Range range = (Range) ((ExtensionObject) OpcUaClients.read(client,
                        "meters/demo-1-steam-pressure/Value/0:EURange").getValue().getValue())
                        .decode(client.getStaticSerializationContext());
                assertThat(range.getLow()).as("the calibration's range").isEqualTo(0.0);
                assertThat(range.getHigh()).isEqualTo(10.0);
                // camera states are looked at every second
                Object state = null;
                end = System.nanoTime() + 10_000_000_000L;
                while (!"STREAMING".equals(state) && System.nanoTime() < end) {
                    Thread.sleep(200);
                    state = OpcUaClients.read(client, "cameras/demo-1/State").getValue().getValue();
                }
                assertThat(state).isEqualTo("STREAMING");
                // the value's history: the stored readings (written in batches: a moment after they are read)
                ReadRawModifiedDetails lastMinutes = new ReadRawModifiedDetails(false,
                        new DateTime(Instant.now().minusSeconds(300)), new DateTime(Instant.now().plusSeconds(60)),
                        uint(0), false);
                List<DataValue> history = List.of();
                end = System.nanoTime() + 20_000_000_000L;
                while (history.stream().noneMatch(v -> v.getStatusCode().isGood()) && System.nanoTime() < end) {
                    Thread.sleep(500);
                    NodeId steam = OpcUaClients.node(client, "meters/demo-1-steam-pressure/Value");
                    HistoryReadResult result = client.historyRead(lastMinutes, TimestampsToReturn.Both, false,
                            List.of(new HistoryReadValueId(steam, null, QualifiedName.NULL_VALUE,
                                    ByteString.NULL_VALUE)))
                            .get(10, TimeUnit.SECONDS).getResults()[0];
                    history = List.of(((HistoryData) result.getHistoryData().decode(
                            client.getStaticSerializationContext())).getDataValues());
                }
                assertThat(history).as("a stored reading in the dial's history").anyMatch(v ->
                        v.getStatusCode().isGood() && (Double) v.getValue().getValue() >= 0
                                && (Double) v.getValue().getValue() <= 10);
                String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("meter_reader_opcua_sessions{application=\"meter-reader\"} 1");
            } finally {
                client.disconnect().get();
            }
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).contains("\"opcua\"").contains("opc.tcp://127.0.0.1:" + port + "/meter-reader");
        }
        // Milo's shared event loop and pools go with the server
        long end = System.nanoTime() + 10_000_000_000L;
        while (!miloThreads().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertThat(miloThreads()).as("Milo threads alive after the service stopped").isEmpty();
    }

    private static List<String> miloThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("milo-")).toList();
    }
}
