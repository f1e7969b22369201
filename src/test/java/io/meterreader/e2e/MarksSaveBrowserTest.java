package io.meterreader.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meterreader.MeterReaderApplication;
import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With calibration-edits on, the marks page writes the marks clicked into the meter's calibration
 * file, and the folder's reload puts them in force: in Chromium, against a copy of the demo folder.
 */
@Tag("e2e")
class MarksSaveBrowserTest {

    @TempDir
    Path work;

    @Test
    void marksPage_writesTheMarksIntoTheMetersFile_andTheyComeInForce() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium is not installed; scripts/test installs it");
        Path folder = Files.createDirectory(work.resolve("calibration"));
        try (Stream<Path> demo = Files.list(Path.of("calibration"))) {
            for (Path file : demo.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        String before = Files.readString(folder.resolve("demo-1-boiler-pressure.yaml"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterReaderApplication.class).run(
                "--server.port=0", "--meter-reader.storage.url=jdbc:h2:mem:marks-save",
                "--meter-reader.calibration-dir=" + folder, "--meter-reader.calibration-edits=true",
                "--meter-reader.calibration-reload=1s",
                "--meter-reader.inference.detector=src/test/resources/inference/det-tiny.onnx",
                "--meter-reader.inference.segmenter=src/test/resources/inference/seg-tiny.onnx")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            // the page marks on the camera's frame: wait for the first
            HttpClient http = HttpClient.newHttpClient();
            long first = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < first && http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/cameras/demo-1/snapshot")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() != 200) {
                Thread.sleep(500);
            }
            try (BrowserPage page = BrowserPage.open(base + "/marks.html?camera=demo-1&meter=demo-1-boiler-pressure"
                    + "&points=341,329.5;268.5,395.5;416.04,402", work)) {
                // the meter the page was opened for is chosen; the camera's other dial may be
                page.await("!document.querySelector('#save').hidden && document.querySelector('#save-meter').value",
                        v -> "demo-1-boiler-pressure".equals(v.asString(null)));
                assertThat(page.evaluate("[...document.querySelectorAll('#save-meter option')].map(o => o.value)"
                        + ".join(',')").asString()).isEqualTo("demo-1-boiler-pressure,demo-1-steam-pressure");
                page.evaluate("document.querySelector('#counterclockwise').click() || true");
                page.evaluate("document.querySelector('#save-button').click() || true");
                // asked first: Cancel writes nothing, Write writes
                page.click("dialog.ask button.cancel");
                page.await("!document.querySelector('dialog.ask')", v -> v.asBoolean());
                assertThat(Files.readString(folder.resolve("demo-1-boiler-pressure.yaml"))).isEqualTo(before);
                page.evaluate("document.querySelector('#save-button').click() || true");
                assertThat(page.await("document.querySelector('dialog.ask h3')?.textContent ?? ''",
                        v -> !v.asString("").isEmpty()).asString())
                        .startsWith("Write these scale marks into demo-1-boiler-pressure's calibration file?");
                page.click("dialog.ask button.ok");
                assertThat(page.await("document.querySelector('#save-result').textContent",
                        v -> v.asString("").startsWith("written")).asString())
                        .contains("demo-1-boiler-pressure.yaml").contains("in force within seconds");
            }
            assertThat(Files.readString(folder.resolve("demo-1-boiler-pressure.yaml"))).isEqualTo(before
                    + "scale-marks: {pivot: {x: 341, y: 329.5}, min: {x: 268.5, y: 395.5}, max: {x: 416, y: 402}}\n"
                    + "direction: counterclockwise\n");
            Calibrations calibrations = app.getBean(Calibrations.class);
            long end = System.nanoTime() + 30_000_000_000L;
            while (calibrations.meter("demo-1-boiler-pressure").map(MeterCalibration::scaleMarks).isEmpty()
                    && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            MeterCalibration boiler = calibrations.meter("demo-1-boiler-pressure").orElseThrow();
            assertThat(boiler.scaleMarks()).as("put in force by the folder's reload").isNotNull();
            assertThat(boiler.scaleMarks().max().x()).isEqualTo(416.0);
            assertThat(boiler.counterclockwise()).isTrue();
        }
    }
}
