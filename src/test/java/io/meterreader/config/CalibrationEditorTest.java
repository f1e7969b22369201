package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationEditorTest {

    private static final String BOILER = """
            # the boiler's dial, left of the door
            id: boiler-1
            camera: cam1
            type: pointer
            region: {x: 176, y: 163, width: 333, height: 336}   # its box plus a margin
            range: {min: 0, max: 1.6, unit: MPa}
            direction: counterclockwise

            alarms: {high: 1.4, priority: critical}
            """;

    @TempDir
    Path dir;
    private CalibrationEditor editor;

    @BeforeEach
    void folder() throws Exception {
        // the file is named after nothing in particular: the meter is found by its id
        Files.writeString(dir.resolve("hall-a.yaml"), BOILER);
        Files.writeString(dir.resolve("tank.yml"), """
                id: tank
                camera: cam1
                type: level
                region: {x: 301, y: 139, width: 58, height: 442}
                range: {min: 0, max: 100, unit: "%"}
                level-marks: {empty: 556.6, full: 163.4}   # read off the snapshot of 3 May
                """);
        Files.writeString(dir.resolve("broken.yaml"), "id: [unclosed\n");
        editor = new CalibrationEditor(dir, () -> List.of("cam1"));
    }

    private static Map<String, String> lines(String... keyAndLine) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (int i = 0; i < keyAndLine.length; i += 2) {
            lines.put(keyAndLine[i], keyAndLine[i + 1]);
        }
        return lines;
    }

    @Test
    void aKeyTheFileLacks_isAdded_andOneItHasOnOneLine_isReplaced_everyOtherLineKept() throws Exception {
        String marks = "scale-marks: {pivot: {x: 342.6, y: 333.8}, min: {x: 270, y: 400.4}, max: {x: 409.7, y: 404.7}}";

        CalibrationEditor.Written written = editor.set("boiler-1", lines("scale-marks", marks,
                "direction", "direction: clockwise"));

        assertThat(written.file()).isEqualTo(dir.resolve("hall-a.yaml"));
        assertThat(written.lines()).containsExactly(marks, "direction: clockwise");
        assertThat(Files.readString(dir.resolve("hall-a.yaml"))).isEqualTo(BOILER
                .replace("direction: counterclockwise", "direction: clockwise") + marks + "\n");
        MeterCalibration loaded = new CalibrationLoader().loadFile(dir.resolve("hall-a.yaml"), List.of("cam1"));
        assertThat(loaded.scaleMarks().pivot().x()).isEqualTo(342.6);
        assertThat(loaded.scaleMarks().max().y()).isEqualTo(404.7);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("no file left over from the write").containsExactlyInAnyOrder("hall-a.yaml", "tank.yml",
                        "broken.yaml");
    }

    @Test
    void anEmptyLine_removesTheKey_soItsDefaultHolds() throws Exception {
        editor.set("boiler-1", lines("direction", ""));

        assertThat(Files.readString(dir.resolve("hall-a.yaml"))).isEqualTo(BOILER
                .replace("direction: counterclockwise\n", ""));
        assertThat(editor.set("boiler-1", lines("direction", "")).lines()).as("nothing to remove: no change")
                .isEmpty();
    }

    @Test
    void aLineWithItsOwnComment_isReplacedWhole() throws Exception {
        editor.set("tank", lines("level-marks", "level-marks: {empty: 550, full: 170.5}"));

        assertThat(Files.readString(dir.resolve("tank.yml")))
                .contains("level-marks: {empty: 550, full: 170.5}\n")
                .doesNotContain("556.6").doesNotContain("3 May");
    }

    @Test
    void aFilesLineEndsModeAndLink_areKept() throws Exception {
        Path hall = dir.resolve("hall-a.yaml");
        Files.writeString(hall, BOILER.replace("\n", "\r\n"));
        Files.setPosixFilePermissions(hall, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        Path checkout = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-checkout"));
        Path kept = Files.move(dir.resolve("tank.yml"), checkout.resolve("tank.yml"));
        Files.createSymbolicLink(dir.resolve("tank.yml"), kept);
        try {
            editor.set("boiler-1", lines("scale-marks", "scale-marks: {pivot: {x: 341, y: 329.5}, "
                    + "min: {x: 240, y: 420}, max: {x: 440, y: 420}}"));
            editor.set("tank", lines("level-marks", "level-marks: {empty: 550, full: 170.5}"));

            String edited = Files.readString(hall);
            assertThat(edited).contains("id: boiler-1\r\n").contains("scale-marks: {pivot").endsWith("\r\n");
            assertThat(edited.replace("\r\n", "")).doesNotContain("\n");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(hall)))
                    .as("the group may still write it").isEqualTo("rw-rw-r--");
            assertThat(Files.isSymbolicLink(dir.resolve("tank.yml"))).as("the link kept").isTrue();
            assertThat(Files.readString(kept)).as("written where it leads").contains("level-marks: {empty: 550, "
                    + "full: 170.5}");
        } finally {
            Files.delete(dir.resolve("tank.yml"));
            Files.delete(kept);
            Files.delete(checkout);
        }
    }

    @Test
    void aKeyWrittenOverSeveralLines_isLeftForAPersonToEdit() throws Exception {
        String block = BOILER + """
                scale-marks:
                  pivot: {x: 1, y: 2}
                  min: {x: 3, y: 4}
                  max: {x: 5, y: 6}
                """;
        Files.writeString(dir.resolve("hall-a.yaml"), block);

        assertThatThrownBy(() -> editor.set("boiler-1", lines("scale-marks",
                "scale-marks: {pivot: {x: 1, y: 2}, min: {x: 3, y: 4}, max: {x: 5, y: 6}}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hall-a.yaml has scale-marks over several lines (line 10)");
        Files.writeString(dir.resolve("hall-a.yaml"), BOILER + "scale-marks: {pivot: {x: 1, y: 2},\n"
                + "  min: {x: 3, y: 4}, max: {x: 5, y: 6}}\n");
        assertThatThrownBy(() -> editor.set("boiler-1", lines("scale-marks",
                "scale-marks: {pivot: {x: 1, y: 2}, min: {x: 3, y: 4}, max: {x: 5, y: 6}}")))
                .as("a flow mapping that goes on to the next line").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEditThatWouldNotLoad_writesNothing() throws Exception {
        assertThatThrownBy(() -> editor.set("boiler-1", lines("scale-marks", "scale-marks: {pivot: {x: 1, y: 2}}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("hall-a.yaml");
        assertThatThrownBy(() -> editor.set("boiler-1", lines("scale-marks", "scale-marks: {pivot: [")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("would not be valid YAML");

        assertThat(Files.readString(dir.resolve("hall-a.yaml"))).isEqualTo(BOILER);
    }

    @Test
    void aMeterNoFileHas_isNotFound() {
        assertThatThrownBy(() -> editor.set("pump-7", lines("direction", "")))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("pump-7");
    }
}
