package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.MeterReaderApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A mistake in configuration or calibration stops the real application at start-up, and the
 * report Spring Boot prints names the file (or property), the field and what is wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTest {

    @TempDir
    Path calibration;

    @TempDir
    Path elsewhere;

    /** A value that leaves the key out of {@link #start} altogether. */
    private static final String NONE = "<none>";

    private void start(String... extra) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("--server.port", "0");
        args.put("--meter-reader.storage.url", "jdbc:h2:mem:startup-" + System.nanoTime());
        args.put("--meter-reader.calibration-dir", calibration.toString());
        args.put("--meter-reader.cameras[0].id", "cam1");
        args.put("--meter-reader.cameras[0].url", "rtsp://127.0.0.1:9/none");
        args.put("--meter-reader.pipeline.enabled", "false");
        args.put("--meter-reader.inference.detector", "src/test/resources/inference/det-tiny.onnx");
        args.put("--meter-reader.inference.segmenter", "src/test/resources/inference/seg-tiny.onnx");
        for (String e : extra) {
            int eq = e.indexOf('=');
            args.put(e.substring(0, eq), e.substring(eq + 1));
        }
        args.values().removeIf(NONE::equals);
        String[] argv = args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        new SpringApplicationBuilder(MeterReaderApplication.class).run(argv).close();
    }

    private void writeCalibration(String yaml) throws IOException {
        Files.writeString(calibration.resolve("boiler.yaml"), yaml);
    }

    @Test
    void minNotBelowMax_stopsStartupNamingFileAndField(CapturedOutput output) throws IOException {
        writeCalibration("""
                id: boiler
                camera: cam1
                type: pointer
                region: {x: 0, y: 0, width: 100, height: 100}
                range: {min: 1.6, max: 1.6, unit: MPa}
                """);

        assertThatThrownBy(this::start).hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains(calibration.resolve("boiler.yaml") + ": range.min must be less than range.max");
    }

    @Test
    void aMistakeInTheCamerasFile_stopsStartupNamingFileAndKey(CapturedOutput output) throws IOException {
        Path cameras = elsewhere.resolve("cameras.yaml");
        Files.writeString(cameras, "cameras:\n  - id: yard\n    url: rtsp://10.0.0.8/live\n    read-intervall: 2s\n");

        assertThatThrownBy(() -> start("--meter-reader.cameras-file=" + cameras))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains(cameras + ": cameras[0].read-intervall is not a camera key");
    }

    @Test
    void anMqttUrlWithCredentials_stopsStartup_withoutShowingThem(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://plant:s3cret@broker:1883"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("meter-reader.mqtt.url must not hold credentials")
                .contains("tcp://***@broker:1883")
                .doesNotContain("s3cret");
    }

    @Test
    void anAccessPasswordWithoutAUsername_stopsStartup_withoutShowingIt(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.access.password=s3cret-word"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("meter-reader.access.username must be set together with meter-reader.access.password")
                .doesNotContain("s3cret-word");
    }

    @Test
    void aLongestShelfBeyondAMonth_stopsStartupNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.alarms.max-shelf-time=90d"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.alarms.max-shelf-time must be between 1m and 30d, got PT2160H");
    }

    @Test
    void aViewerWithoutTheOperatorsAccount_stopsStartup_withoutShowingItsPassword(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.access.viewer-username=wallboard",
                "--meter-reader.access.viewer-password=l00k-only-9"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.access.viewer-username needs meter-reader.access.username and password too")
                .doesNotContain("l00k-only-9");
    }

    @Test
    void personalAccounts_namedTwice_orWithABrokenHash_stopStartupNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.access.username=engineer",
                "--meter-reader.access.password=s3cret-word", "--meter-reader.access.users[0].username=ann",
                "--meter-reader.access.users[0].password=ann-5-secret",
                "--meter-reader.access.users[1].username=engineer",
                "--meter-reader.access.users[1].password=other-s3cret"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.access.users[1].username names engineer a second time")
                .doesNotContain("s3cret").doesNotContain("ann-5-secret");
        // names that read alike are one person's in the journal and the log
        assertThatThrownBy(() -> start("--meter-reader.access.users[0].username=ann",
                "--meter-reader.access.users[0].password=ann-5-secret",
                "--meter-reader.access.users[1].username=Ann",
                "--meter-reader.access.users[1].password=other-s3cret"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.access.users[1].username names Ann a "
                + "second time (as ann, which reads the same)");
        assertThatThrownBy(() -> start("--meter-reader.access.username=engineer",
                "--meter-reader.access.password=s3cret-word", "--meter-reader.access.users[0].username=ann\u200b",
                "--meter-reader.access.users[0].password=ann-5-secret"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.access.users[0].username is refused: it "
                + "holds an invisible character (U+200B)");
        assertThatThrownBy(() -> start("--meter-reader.access.users[0].username=ann",
                "--meter-reader.access.users[0].password={pbkdf2}600000$c2FsdHNhbHQ"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.access.users[0].password not a hash that 'java -jar meter-reader.jar "
                        + "hash-password' makes");
    }

    @Test
    void opcUaAccessUsers_withoutAnyPersonalAccount_stopsStartupNamingTheKey(CapturedOutput output) throws IOException {
        assertThatThrownBy(() -> start("--meter-reader.opcua.port=" + io.meterreader.testing.FreePorts.next(),
                "--meter-reader.opcua.pki-dir=" + Files.createTempDirectory("pki"),
                "--meter-reader.opcua.access-users=true"))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.opcua.access-users is true, but "
                + "meter-reader.access.users lists no personal account to log in with");
    }

    @Test
    void anOpcUaPortInUse_stopsStartupNamingTheProperty(CapturedOutput output) throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            assertThatThrownBy(() -> start("--meter-reader.opcua.port=" + taken.getLocalPort(),
                    "--meter-reader.opcua.pki-dir=" + Files.createTempDirectory("pki")))
                    .hasRootCauseInstanceOf(ConfigurationException.class);
            assertThat(output.getOut() + output.getErr())
                    .contains("APPLICATION FAILED TO START")
                    .contains("meter-reader.opcua.port cannot be listened on at 0.0.0.0:" + taken.getLocalPort());
        }
    }

    @Test
    void anMqttClientCertificateWithoutItsKey_stopsStartupNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=ssl://127.0.0.1:8883",
                "--meter-reader.mqtt.cert-file=client.pem")).hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.mqtt.key-file must be set together with meter-reader.mqtt.cert-file");
    }

    @Test
    void aValueOutOfBounds_isReportedAsItsKeyIsWritten_withTheValueAsGivenAndWhere(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].read-interval=50ms")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("The configuration has values the service does not take")
                .contains("meter-reader.cameras[0].read-interval (\"meter-reader.cameras[0].read-interval\" "
                        + "from property source \"commandLineArgs\"): must be at least 100 ms")
                .doesNotContain("readInterval").doesNotContain("PT0.05S").doesNotContain("without a unit");
    }

    @Test
    void aDurationGivenAsABareNumber_isSaidToBeMilliseconds(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].read-interval=2")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("from property source \"commandLineArgs\"): must be "
                + "at least 100 ms (2 without a unit is 2 ms: write 2s for seconds)");
    }

    @Test
    void aSecondCamerasKeyAlone_isReportedWithWhyItCannotBePlaced(CapturedOutput output) {
        // over the embedded default's two cameras, as a user would try it
        assertThatThrownBy(() -> new SpringApplicationBuilder(MeterReaderApplication.class).run("--server.port=0",
                "--meter-reader.storage.url=jdbc:h2:mem:startup-" + System.nanoTime(),
                "--meter-reader.pipeline.enabled=false", "--meter-reader.cameras[1].detect-every=0s").close())
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.cameras[1].detect-every")
                .contains("replaces the configuration's whole list");
    }

    @Test
    void aModbusWordOrderOfAnotherName_stopsStartupSayingTheNamesItTakes(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.modbus.word-order=middle")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.modbus.word-order must be high-first or low-first, got 'middle'")
                .doesNotContain("No enum constant");
    }

    @Test
    void anRtspClientOfAnotherName_stopsStartupSayingTheNamesItTakes(CapturedOutput output) throws IOException {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].rtsp-client=gstreamer")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.cameras[0].rtsp-client must be native or ffmpeg, got 'gstreamer'")
                .doesNotContain("No enum constant");

        Path cameras = elsewhere.resolve("cameras.yaml");
        Files.writeString(cameras, "cameras:\n  - id: yard\n    url: rtsp://10.0.0.8/live\n    rtsp-client: vlc\n");
        assertThatThrownBy(() -> start("--meter-reader.cameras-file=" + cameras))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr()).contains("must be native or ffmpeg, got 'vlc'");
    }

    @Test
    void anMqttUrlOfAnotherScheme_stopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=mqtt://broker:1883")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.mqtt.url")
                .contains("must look like tcp://host:1883 or ssl://host:8883");
    }

    @Test
    void aDiscoveryPrefixWithAWildcard_stopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.home-assistant=true", "--meter-reader.mqtt.discovery-prefix=home/#"))
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.mqtt.discovery-prefix")
                .contains("must be topic levels joined by '/'");
    }

    @Test
    void aSparkplugGroupWithASlash_stopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.sparkplug.enabled=true", "--meter-reader.mqtt.sparkplug.group-id=plant/hall"))
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.mqtt.sparkplug.group-id")
                .contains("none of '+', '/' or '#'");
    }

    @Test
    void sparkplugWithoutABroker_stopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.sparkplug.enabled=true"))
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.mqtt.sparkplug.enabled")
                .contains("needs a broker");
    }

    @Test
    void noJsonTopicsWithoutSparkplug_orWithHomeAssistant_stopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.json-topics=false")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.mqtt.json-topics")
                .contains("nothing would be published");
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.json-topics=false", "--meter-reader.mqtt.sparkplug.enabled=true",
                "--meter-reader.mqtt.home-assistant=true")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.mqtt.home-assistant")
                .contains("needs the JSON topics");
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.json-topics=false", "--meter-reader.mqtt.sparkplug.enabled=true",
                "--meter-reader.mqtt.acknowledge-alarms=true")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.mqtt.acknowledge-alarms")
                .contains("needs the JSON topics it is published under");
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.json-topics=false", "--meter-reader.mqtt.sparkplug.enabled=true",
                "--meter-reader.mqtt.service-commands=true")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.mqtt.service-commands")
                .contains("needs the JSON topics it is published under");
    }

    @Test
    void aCamerasFileInTheCalibrationFolder_stopsStartup(CapturedOutput output) throws IOException {
        Path cameras = calibration.resolve("cameras.yaml");
        Files.writeString(cameras, "cameras: []\n");

        assertThatThrownBy(() -> start("--meter-reader.cameras-file=" + cameras))
                .hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.cameras-file must not be in the calibration folder");
    }

    @Test
    void theFilesTheServiceKeeps_areTurnedOffByAnEmptyValue_notTakenForUnknownKeys(CapturedOutput output) {
        // an empty path would not bind, and the keys would be reported as unknown
        assertThatCode(() -> start("--meter-reader.storage.alarm-snapshots=",
                "--meter-reader.mqtt.url=tcp://127.0.0.1:9", "--meter-reader.mqtt.sparkplug.enabled=true",
                "--meter-reader.mqtt.sparkplug.bd-seq-file=")).doesNotThrowAnyException();
        assertThat(output.getOut() + output.getErr()).doesNotContain("keys the service does not know");
    }

    @Test
    void aMeterOnACameraOfTheCamerasFile_starts(CapturedOutput output) throws IOException {
        Path cameras = elsewhere.resolve("cameras.yaml");
        Files.writeString(cameras, "cameras:\n  - id: yard\n    url: rtsp://10.0.0.8/live\n");
        writeCalibration("""
                id: boiler
                camera: yard
                type: level
                region: {x: 0, y: 0, width: 100, height: 100}
                range: {min: 0, max: 100, unit: '%'}
                """);

        start("--meter-reader.cameras-file=" + cameras);

        assertThat(output.getOut()).contains("Camera yard: rtsp://10.0.0.8/live")
                .contains("Loaded 1 meter calibration(s)");
    }

    @Test
    void anEmptyCameraListInAPlantsOwnFile_dropsTheDemoCameras_everyCameraInTheCamerasFile(CapturedOutput output)
            throws IOException {
        // the packaged default's demo cameras were left unbound by it, and taken for unknown keys
        Path plant = elsewhere.resolve("plant.yaml");
        Files.writeString(plant, "meter-reader:\n  cameras: []\n");
        Path cameras = elsewhere.resolve("cameras.yaml");
        Files.writeString(cameras, "cameras:\n  - id: yard\n    url: rtsp://10.0.0.8/live\n");

        start("--spring.config.additional-location=file:" + plant, "--meter-reader.cameras[0].id=" + NONE,
                "--meter-reader.cameras[0].url=" + NONE, "--meter-reader.cameras-file=" + cameras);

        assertThat(output.getOut()).doesNotContain("keys the service does not know").doesNotContain("demo-1")
                .contains("Camera yard: rtsp://10.0.0.8/live");
    }

    @Test
    void anEmptyCameraList_stillHasAMisspeltKeyBesideItReported(CapturedOutput output) throws IOException {
        Path plant = elsewhere.resolve("plant.yaml");
        Files.writeString(plant, "meter-reader:\n  cameras: []\n  calibration-reloud: 5s\n");
        assertThatThrownBy(() -> start("--spring.config.additional-location=file:" + plant,
                "--meter-reader.cameras[0].id=" + NONE, "--meter-reader.cameras[0].url=" + NONE));
        assertThat(output.getOut() + output.getErr()).contains("keys the service does not know")
                .contains("meter-reader.calibration-reloud").doesNotContain("meter-reader.cameras[0]");
    }

    @Test
    void meterOnUnknownCamera_stopsStartup(CapturedOutput output) throws IOException {
        writeCalibration("""
                id: boiler
                camera: cam7
                type: level
                region: {x: 0, y: 0, width: 100, height: 100}
                range: {min: 0, max: 100, unit: '%'}
                """);

        assertThatThrownBy(this::start).hasRootCauseInstanceOf(ConfigurationException.class);
        assertThat(output.getOut() + output.getErr()).contains("camera 'cam7' is not a configured camera (known: cam1)");
    }

    @Test
    void misspeltProperty_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.calibraton-dir=x")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.calibraton-dir");
    }

    @Test
    void badCameraUrl_stopsStartupWithoutShowingPassword(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[1].id=cam2",
                "--meter-reader.cameras[1].url=ftp://admin:TopSecret77@127.0.0.1/x")).isInstanceOf(Exception.class);
        String printed = output.getOut() + output.getErr();
        assertThat(printed).contains("meter-reader.cameras[1].url").contains("has scheme 'ftp'");
        assertThat(printed).doesNotContain("TopSecret77");
    }

    @Test
    void sparkplugPrimaryHostWaitUnderASecond_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.mqtt.url=tcp://127.0.0.1:9",
                "--meter-reader.mqtt.sparkplug.enabled=true", "--meter-reader.mqtt.sparkplug.primary-host-id=scada",
                "--meter-reader.mqtt.sparkplug.primary-host-wait=200ms")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.mqtt.sparkplug.primary-host-wait").contains("must be at least 1000 ms");
    }

    @Test
    void readIntervalTooShort_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].read-interval=10ms")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.cameras[0].read-interval").contains("must be at least 100 ms");
    }

    @Test
    void negativeFreezeTimeout_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].freeze-timeout=-1s")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.cameras[0].freeze-timeout");
    }

    @Test
    void freezeTimeoutOfAFewSeconds_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].id=cam1",
                "--meter-reader.cameras[0].url=rtsp://127.0.0.1:9/live", "--meter-reader.cameras[0].freeze-timeout=5"))
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.cameras[0].freeze-timeout")
                .contains("must be 0 (never checked) or at least 10s").contains("got 5 ms");
    }

    @Test
    void duplicateCameraId_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[1].id=cam1",
                "--meter-reader.cameras[1].url=rtsp://127.0.0.1:9/other")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.cameras[1].id duplicate camera id 'cam1'");
    }

    @Test
    void unknownBackend_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.inference.backend=cuda")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.inference.backend");
    }

    @Test
    void unknownRtspClient_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].rtsp-client=gstreamer")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.cameras[0].rtsp-client").contains("gstreamer");
    }

    @Test
    void dialViewsOutOfBounds_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.inference.dial-views=3")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.inference.dial-views");
    }

    @Test
    void negativeDetectEvery_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.inference.detect-every=-1s")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.inference.detect-every").contains("must be at least 0 ms");
    }

    @Test
    void negativeCalibrationReload_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.calibration-reload=-5s")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.calibration-reload").contains("must be 0 (never) or more, got PT-5S");
    }

    @Test
    void aCalibrationReloadOfABareNumber_isMillisecondsAndRefusedUnder100_saySo(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.calibration-reload=5")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.calibration-reload")
                .contains("must be 0 (never) or at least 100 ms, got 5 ms").contains("write 5s for seconds");
    }

    @Test
    void negativeCameraDetectEvery_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.cameras[0].detect-every=-5s")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.cameras[0].detect-every").contains("must be at least 0 ms");
    }

    @Test
    void queueSlots_isAnUnknownKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.pipeline.queue-slots=4")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("The configuration sets keys the service does not know")
                .contains("meter-reader.pipeline.queue-slots (\"meter-reader.pipeline.queue-slots\" from property source")
                .doesNotContain("Bindable@").doesNotContain("did you mean");
    }

    @Test
    void aConfigurationFileThatIsNotYaml_isSaidWithTheParsersWordsAndLine_withoutAStackTrace(CapturedOutput output)
            throws IOException {
        Path yaml = Files.writeString(elsewhere.resolve("application.yaml"), "meter-reader:\n  storage:\n"
                + "    retention: [30d\n");
        assertThatThrownBy(() -> start("--spring.config.additional-location=file:" + yaml))
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("A configuration file is not valid YAML: while parsing a flow sequence: expected ',' or ']'")
                .contains("(line 4, column 1)").doesNotContain("at org.yaml.snakeyaml");
    }

    @Test
    void aMisspeltKey_isAnsweredWithTheKeyMeant(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.storage.urll=jdbc:h2:mem:x")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.storage.urll (")
                .contains("commandLineArgs\"): did you mean meter-reader.storage.url?")
                .as("no lines of Spring's before the report").doesNotContain("Error starting Tomcat context")
                .doesNotContain("cancelling refresh attempt").doesNotContain("re-run your application with 'debug'");
    }

    @Test
    void aValueThatDoesNotConvert_saysTheFormItMustTake_withoutJavaTypes(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.inference.backend=cuda")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> start("--meter-reader.calibration-edits=maybe")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.inference.backend must be one of auto, onnxruntime, tensorrt")
                .contains("meter-reader.calibration-edits must be true or false")
                .doesNotContain("No enum constant").doesNotContain("java.lang.String");
    }

    @Test
    void aPasswordKeyMisspelt_isReportedWithoutItsValue(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.access.passwrod=TopSecret1")).isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr()).contains("meter-reader.access.passwrod")
                .doesNotContain("TopSecret1");
    }

    @Test
    void corruptModelFile_stopsStartupNamingTheProperty(CapturedOutput output) throws IOException {
        Path corrupt = calibration.resolveSibling(calibration.getFileName() + "-seg.onnx");
        byte[] model = Files.readAllBytes(Path.of("src/test/resources/inference/seg-tiny.onnx"));
        Files.write(corrupt, Arrays.copyOf(model, model.length / 2));
        try {
            assertThatThrownBy(() -> start("--meter-reader.pipeline.enabled=true",
                    "--meter-reader.inference.backend=onnxruntime",
                    "--meter-reader.inference.segmenter=" + corrupt)).isInstanceOf(Exception.class);
            assertThat(output.getOut() + output.getErr())
                    .contains("meter-reader.inference.segmenter names a file that cannot be loaded: ONNX Runtime"
                            + " cannot load " + corrupt);
        } finally {
            Files.deleteIfExists(corrupt);
        }
    }

    @Test
    void storageUrlNotJdbc_stopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--meter-reader.storage.url=postgres://localhost/x"))
                .isInstanceOf(Exception.class);
        assertThat(output.getOut() + output.getErr())
                .contains("meter-reader.storage.url").contains("must be a JDBC URL");
    }
}
