package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cameras file binds as {@code meter-reader.cameras} does, and says where a mistake is. */
class CameraFileTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path file = dir.resolve("cameras.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private ConfigurationException mistake(String yaml) throws IOException {
        Path file = file(yaml);
        return (ConfigurationException) org.assertj.core.api.Assertions.catchThrowable(
                () -> CameraFile.load(file, Set.of("cam1")));
    }

    @Test
    void cameras_bindWithTheConfigurationsDefaultsAndKeys() throws IOException {
        Path file = file("""
                cameras:
                  - id: boiler-room
                    url: rtsp://admin:pw@10.0.0.7:554/stream1
                  - id: tank.farm_2
                    url: sim://demo-1
                    read-interval: 250ms
                    keyframes-only: false
                    stall-timeout: 5s
                    detect-every: 0s
                    rtsp-client: ffmpeg
                    freeze-timeout: 0
                """);

        List<CameraProperties> cameras = CameraFile.load(file, Set.of("cam1"));

        assertThat(cameras).containsExactly(
                new CameraProperties("boiler-room", CameraUrl.of("rtsp://admin:pw@10.0.0.7:554/stream1"),
                        Duration.ofSeconds(1), true, Duration.ofSeconds(10), null, RtspClient.NATIVE,
                        Duration.ofSeconds(60)),
                new CameraProperties("tank.farm_2", CameraUrl.of("sim://demo-1"), Duration.ofMillis(250), false,
                        Duration.ofSeconds(5), Duration.ZERO, RtspClient.FFMPEG, Duration.ZERO));
    }

    @Test
    void anEmptyList_isNoCamera_butAFileWithoutTheList_isAMistake() throws IOException {
        assertThat(CameraFile.load(file("cameras: []\n"), Set.of())).isEmpty();
        assertThat(CameraFile.load(file("cameras:\n"), Set.of())).isEmpty();

        ConfigurationException empty = mistake("");
        assertThat(empty.field()).isEqualTo("cameras");
        assertThat(empty.getMessage()).contains("cameras.yaml").contains("is missing").contains("cameras: []");
    }

    @Test
    void eachMistake_namesTheFileTheKeyAndWhatIsWrong() throws IOException {
        ConfigurationException url = mistake("cameras:\n  - id: c2\n    url: ftp://user:secret@10.0.0.9/x\n");
        assertThat(url.where()).endsWith("cameras.yaml");
        assertThat(url.field()).isEqualTo("cameras[0].url");
        assertThat(url.getMessage()).doesNotContain("secret");

        ConfigurationException interval = mistake("cameras:\n  - id: c2\n    url: sim://demo-1\n    read-interval: 50ms\n");
        assertThat(interval.field()).isEqualTo("cameras[0].read-interval");
        assertThat(interval.problem()).contains("100 ms");

        ConfigurationException unknown = mistake("cameras:\n  - id: c2\n    url: sim://demo-1\n    bogus-key: 3\n");
        assertThat(unknown.field()).isEqualTo("cameras[0].bogus-key");
        assertThat(unknown.problem()).isEqualTo("is not a camera key (known: id, url, read-interval, keyframes-only, "
                + "stall-timeout, detect-every, rtsp-client, freeze-timeout)");

        ConfigurationException top = mistake("camera:\n  - id: c2\n    url: sim://demo-1\n");
        assertThat(top.field()).startsWith("camera[0]");
        assertThat(top.problem()).contains("holds one: cameras; did you mean cameras?");
        assertThat(mistake("sources:\n  - id: c2\n").problem()).isEqualTo(
                "is not a key of the cameras file (it holds one: cameras)");
    }

    @Test
    void aMisspeltCameraKey_isAnsweredWithTheKeyMeant() throws IOException {
        ConfigurationException slip = mistake("cameras:\n  - id: c2\n    url: sim://demo-1\n    read-intervall: 2s\n");
        assertThat(slip.field()).isEqualTo("cameras[0].read-intervall");
        assertThat(slip.problem()).startsWith("is not a camera key (did you mean read-interval? known: id, url, ");

        ConfigurationException singular = mistake("cameras:\n  - id: c2\n    url: sim://demo-1\n    keyframe-only: false\n");
        assertThat(singular.problem()).startsWith("is not a camera key (did you mean keyframes-only? ");

        ConfigurationException id = mistake("cameras:\n  - id: 'bad id'\n    url: sim://demo-1\n");
        assertThat(id.field()).isEqualTo("cameras[0].id");

        ConfigurationException freeze = mistake("cameras:\n  - id: c2\n    url: sim://demo-1\n    freeze-timeout: 3s\n");
        assertThat(freeze.field()).isEqualTo("cameras[0].freeze-timeout");

        ConfigurationException yaml = mistake("cameras:\n  - id: c2\n   url: [unclosed\n");
        assertThat(yaml.problem()).startsWith("is not valid YAML");
    }

    @Test
    void anIdUsedTwice_orTakenByTheConfiguration_isAMistake() throws IOException {
        ConfigurationException twice = mistake(
                "cameras:\n  - id: c2\n    url: sim://demo-1\n  - id: c2\n    url: sim://demo-2\n");
        assertThat(twice.field()).isEqualTo("cameras[1].id");
        assertThat(twice.problem()).contains("duplicate camera id 'c2'");

        ConfigurationException taken = mistake("cameras:\n  - id: cam1\n    url: sim://demo-1\n");
        assertThat(taken.field()).isEqualTo("cameras[0].id");
        assertThat(taken.problem()).contains("also in meter-reader.cameras");
    }

    @Test
    void aMissingFile_isAMistake() {
        assertThatThrownBy(() -> CameraFile.load(dir.resolve("none.yaml"), Set.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("none.yaml")
                .hasMessageContaining("does not exist");
    }
}
