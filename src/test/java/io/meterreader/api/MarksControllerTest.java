package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.meterreader.config.CalibrationEditor;
import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.CalibrationReloader;
import io.meterreader.config.Calibrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.ErrorResponseException;

/** The marks page's "keep these marks", written into a real calibration folder. */
@WebMvcTest(value = MarksController.class, properties = "meter-reader.calibration-edits=true")
@Import(MarksControllerTest.Folder.class)
class MarksControllerTest {

    private static final String DIAL = """
            # the boiler's dial
            id: boiler
            camera: cam1
            type: pointer
            region: {x: 176, y: 163, width: 333, height: 336}
            range: {min: 0, max: 1.6, unit: MPa}
            """;
    private static final String GLASS = """
            id: tank
            camera: cam1
            type: level
            region: {x: 301, y: 139, width: 58, height: 442}
            range: {min: 0, max: 100, unit: "%"}
            """;

    @TestConfiguration
    static class Folder {
        static final Path DIR = temporaryFolder();

        private static Path temporaryFolder() {
            try {
                Path dir = Files.createTempDirectory("marks-controller");
                dir.toFile().deleteOnExit();
                return dir;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Bean
        Calibrations calibrations() throws IOException {
            write();
            return new Calibrations(new CalibrationLoader().load(DIR, List.of("cam1")));
        }

        @Bean
        CalibrationEditor editor() {
            return new CalibrationEditor(DIR, () -> List.of("cam1"));
        }

        static void write() throws IOException {
            Files.writeString(DIR.resolve("boiler.yaml"), DIAL);
            Files.writeString(DIR.resolve("tank.yaml"), GLASS);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Calibrations calibrations;
    @Autowired
    CalibrationEditor editor;

    @BeforeEach
    void freshFiles() throws IOException {
        Folder.write();
    }

    @Test
    void aDialsMarks_areWrittenIntoItsFile_withItsDirection() throws Exception {
        mvc.perform(put("/api/v1/meters/boiler/marks").contentType(MediaType.APPLICATION_JSON).content("""
                        {"scaleMarks": {"pivot": {"x": 342.64, "y": 333.75}, "min": {"x": 270, "y": 400.44},
                         "max": {"x": 409.7, "y": 404.68}}, "direction": "counterclockwise", "user": "ann"}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.meterId").value("boiler"))
                .andExpect(jsonPath("$.file").value(Folder.DIR.resolve("boiler.yaml").toString()))
                .andExpect(jsonPath("$.user").value("ann"))
                .andExpect(jsonPath("$.lines[0]").value(
                        "scale-marks: {pivot: {x: 342.6, y: 333.8}, min: {x: 270, y: 400.4}, max: {x: 409.7, y: 404.7}}"))
                .andExpect(jsonPath("$.lines[1]").value("direction: counterclockwise"));

        assertThat(Files.readString(Folder.DIR.resolve("boiler.yaml"))).startsWith(DIAL)
                .endsWith("direction: counterclockwise\n");

        // marked again, clockwise (the default): the direction's line goes
        mvc.perform(put("/api/v1/meters/boiler/marks").contentType(MediaType.APPLICATION_JSON).content("""
                        {"scaleMarks": {"pivot": {"x": 340, "y": 330}, "min": {"x": 272, "y": 401},
                         "max": {"x": 410, "y": 405}}}"""))
                .andExpect(status().isOk());
        assertThat(Files.readString(Folder.DIR.resolve("boiler.yaml"))).isEqualTo(DIAL
                + "scale-marks: {pivot: {x: 340, y: 330}, min: {x: 272, y: 401}, max: {x: 410, y: 405}}\n");
    }

    @Test
    void aGlasssMarks_areWrittenIntoItsFile() throws Exception {
        mvc.perform(put("/api/v1/meters/tank/marks").contentType(MediaType.APPLICATION_JSON).content("""
                        {"levelMarks": {"empty": 556.6, "full": 163.4}}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lines[0]").value("level-marks: {empty: 556.6, full: 163.4}"));

        assertThat(Files.readString(Folder.DIR.resolve("tank.yaml")))
                .isEqualTo(GLASS + "level-marks: {empty: 556.6, full: 163.4}\n");
    }

    @Test
    void marksOfTheOtherKind_anUnknownMeter_andABadDirection_areRefused_writingNothing() throws Exception {
        mvc.perform(put("/api/v1/meters/boiler/marks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"levelMarks\": {\"empty\": 500, \"full\": 200}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("scaleMarks"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("boiler is a dial")));
        mvc.perform(put("/api/v1/meters/tank/marks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"levelMarks\": {\"empty\": 500, \"full\": 200}, \"direction\": \"clockwise\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/api/v1/meters/boiler/marks").contentType(MediaType.APPLICATION_JSON).content("""
                        {"scaleMarks": {"pivot": {"x": 1, "y": 2}, "min": {"x": 3, "y": 4}, "max": {"x": 5, "y": 6}},
                         "direction": "widdershins"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("direction"));
        mvc.perform(put("/api/v1/meters/boiler/marks").contentType(MediaType.APPLICATION_JSON).content("""
                        {"scaleMarks": {"pivot": {"x": 1, "y": 2}, "min": {"x": 3, "y": 4}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("scaleMarks lacks max: a dial's marks are its pivot, min and max, "
                        + "each with x and y in frame pixels"));
        mvc.perform(put("/api/v1/meters/pump/marks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"levelMarks\": {\"empty\": 500, \"full\": 200}}"))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/meters/boiler/marks").contentType(MediaType.APPLICATION_JSON).content("{\"scaleMarks\": "))
                .andExpect(status().isBadRequest());

        assertThat(Files.readString(Folder.DIR.resolve("boiler.yaml"))).isEqualTo(DIAL);
        assertThat(Files.readString(Folder.DIR.resolve("tank.yaml"))).isEqualTo(GLASS);
    }

    @Test
    void marksTheFileCannotTake_areRefused_andAKeyOverSeveralLinesIsAConflict() throws Exception {
        mvc.perform(put("/api/v1/meters/tank/marks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"levelMarks\": {\"empty\": 200, \"full\": 200}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("would not load")));
        Files.writeString(Folder.DIR.resolve("tank.yaml"), GLASS + "level-marks:\n  empty: 500\n  full: 200\n");
        mvc.perform(put("/api/v1/meters/tank/marks").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"levelMarks\": {\"empty\": 550, \"full\": 150}}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("edit it there by hand")));
    }

    @Test
    void withEditsOff_nothingIsWritten() throws Exception {
        MarksController off = new MarksController(calibrations, editor, java.util.Optional.empty(), /* enabled= */ false);

        assertThatThrownBy(() -> off.write("tank", new MarksController.MarksChange(null, null, null, null),
                new MockHttpServletRequest()))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(403);
                    assertThat(e.getBody().getDetail()).contains("meter-reader.calibration-edits is off");
                });
        assertThat(Files.readString(Folder.DIR.resolve("tank.yaml"))).isEqualTo(GLASS);
    }

    @Test
    void marksWrittenWhileTheFolderIsRefused_sayTheyWaitForIt() throws Exception {
        Path folder = Files.createTempDirectory("marks-refused");
        try {
            Files.writeString(folder.resolve("tank.yaml"), GLASS);
            Calibrations inForce = new Calibrations(new CalibrationLoader().load(folder, List.of("cam1")));
            // a reloader whose cameras no longer hold cam1: the folder, once it changes, is refused
            CalibrationReloader reloader = new CalibrationReloader(folder, inForce,
                    new io.meterreader.config.Cameras(List.of()), List.of(), null, java.time.Duration.ZERO);
            Files.setLastModifiedTime(folder.resolve("tank.yaml"),
                    java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
            reloader.check();
            reloader.check();
            assertThat(reloader.status().error()).isNotNull();
            MarksController controller = new MarksController(inForce, new CalibrationEditor(folder,
                    () -> List.of("cam1")), java.util.Optional.of(reloader), /* enabled= */ true);

            MarksController.MarksWritten written = controller.write("tank", new MarksController.MarksChange(null,
                    new io.meterreader.config.MeterCalibration.LevelMarks(550, 170), null, "ann"),
                    new MockHttpServletRequest());

            assertThat(written.lines()).containsExactly("level-marks: {empty: 550, full: 170}");
            assertThat(written.folderNotInForce()).startsWith("the calibration folder is not put in force (")
                    .contains("is not a configured camera").endsWith("these marks come into force with it once that "
                            + "is mended");
        } finally {
            try (var files = Files.list(folder)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(folder);
        }
    }
}
