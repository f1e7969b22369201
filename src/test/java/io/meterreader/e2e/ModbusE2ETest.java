package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.modbus.ModbusClient;
import io.meterreader.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default with its Modbus TCP server: a PLC polling the register map finds the demo
 * dial's and sight glass's readings as the shipped models read them.
 */
@Tag("e2e")
class ModbusE2ETest {

    @Test
    void demoReadings_areInTheirRegisters() throws Exception {
        assumeTrue(Files.exists(Path.of("models/meter-det.onnx")), "the shipped models are missing");
        int port = FreePorts.next();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:modbus",
                "--meter-reader.modbus.port=" + port, "--meter-reader.modbus.bind-address=127.0.0.1",
                "--meter-reader.modbus.meters[0].meter=demo-1-steam-pressure",
                "--meter-reader.modbus.meters[0].register=0",
                "--meter-reader.modbus.meters[1].meter=demo-2-tank-level",
                "--meter-reader.modbus.meters[1].register=8",
                // a meter whose calibration file is not there (yet): a warning, and no reading
                "--meter-reader.modbus.meters[2].meter=boiler-feed-water",
                "--meter-reader.modbus.meters[2].register=16");
             ModbusClient plc = new ModbusClient(port)) {
            int[] r = plc.read(3, 0, 16);
            long end = System.nanoTime() + 60_000_000_000L;
            while ((r[2] != 0 || r[10] != 0) && System.nanoTime() < end) {
                Thread.sleep(250);
                r = plc.read(3, 0, 16);
            }
            assertThat(r[2]).as("dial read OK").isZero();
            assertThat(r[10]).as("glass read OK").isZero();
            float pressure = Float.intBitsToFloat(r[0] << 16 | r[1]);
            float level = Float.intBitsToFloat(r[8] << 16 | r[9]);
            assertThat(pressure).isBetween(0f, 16f);
            assertThat(level).isBetween(0f, 100f);
            assertThat((double) (r[6] << 16 | r[7])).isCloseTo(pressure * 1000.0, org.assertj.core.data.Offset.offset(1.0));
            assertThat(r[5]).as("seconds since it was captured").isLessThan(30);
            assertThat(plc.read(3, 18, 1)[0]).as("a meter not calibrated: no reading").isEqualTo(65535);

            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                    + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("meter_reader_modbus_clients{application=\"meter-reader\"} 1")
                    .containsPattern("meter_reader_modbus_requests_total\\{application=\"meter-reader\"\\} [1-9]")
                    .contains("meter_reader_output_failures_total{application=\"meter-reader\",output=\"modbus\"} 0.0")
                    .contains("meter_reader_output_failures_total{application=\"meter-reader\",output=\"history\"} 0.0");
        }
    }
}
