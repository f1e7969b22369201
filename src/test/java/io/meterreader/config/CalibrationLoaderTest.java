package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.AlarmPriority;
import io.meterreader.frame.AlarmState;
import io.meterreader.frame.GaugeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CalibrationLoaderTest {

    private static final List<String> CAMERAS = List.of("cam1", "cam2");
    private static final String VALID = """
            id: boiler-1-pressure
            camera: cam1
            type: pointer
            region: {x: 120, y: 80, width: 320, height: 320}
            range: {min: 0, max: 1.6, unit: MPa}
            """;

    private static final String LEVEL = """
            id: tank-1-level
            camera: cam1
            type: level
            region: {x: 300, y: 100, width: 60, height: 400}
            range: {min: 0, max: 100, unit: "%"}
            """;

    @TempDir
    Path dir;

    private final CalibrationLoader loader = new CalibrationLoader();

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    @Test
    void aFolderThatIsNotThere_isSaidWithWhereItWasLookedFor() {
        assertThatThrownBy(() -> loader.load(Path.of("no-such-calibration"), List.of("cam1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'no-such-calibration' is not a readable folder ("
                        + Path.of("no-such-calibration").toAbsolutePath())
                .hasMessageContaining("start the service there, or set --meter-reader.calibration-dir");
    }

    @Test
    void twoMetersOnOneGaugesRegion_areWarnedOf_sayingWhy() throws IOException {
        write("boiler.yaml", VALID);
        write("boiler-psi.yaml", VALID.replace("boiler-1-pressure", "boiler-1-psi")
                .replace("x: 120, y: 80, width: 320, height: 320", "x: 130, y: 90, width: 310, height: 310")
                .replace("max: 1.6, unit: MPa", "max: 232, unit: psi"));
        List<MeterCalibration> meters = loader.load(dir, CAMERAS);
        assertThat(CalibrationLoader.sharedRegions(meters)).singleElement().asString()
                .startsWith("Meters boiler-1-psi (" + dir.resolve("boiler-psi.yaml") + ") and boiler-1-pressure ("
                        + dir.resolve("boiler.yaml") + ") have mostly one region on camera cam1: a gauge is read as "
                        + "one meter, so one of them reads NOT_DETECTED");
        // beside each other: two gauges
        write("boiler-psi.yaml", VALID.replace("boiler-1-pressure", "boiler-1-psi").replace("x: 120", "x: 460"));
        assertThat(CalibrationLoader.sharedRegions(loader.load(dir, CAMERAS))).isEmpty();
    }

    @Test
    void calibrationFilesInASubfolder_areWarnedOf_andTheFoldersOwnFilesStillRead() throws IOException {
        write("boiler.yaml", VALID);
        Files.createDirectories(dir.resolve("boiler-house/east"));
        Files.writeString(dir.resolve("boiler-house/east/tank.yaml"), VALID.replace("boiler-1-pressure", "tank"));
        Files.writeString(dir.resolve("boiler-house/notes.txt"), "not a calibration");
        Files.createDirectories(dir.resolve("old"));
        Files.writeString(dir.resolve("old/readme.txt"), "no calibration here");
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config.yml"), "a checkout's own");

        assertThat(loader.load(dir, CAMERAS)).extracting(MeterCalibration::id).containsExactly("boiler-1-pressure");
        assertThat(CalibrationLoader.unreadSubfolders(dir)).singleElement().asString()
                .isEqualTo("Calibration folder " + dir + ": its subfolder boiler-house holds 1 calibration file(s), "
                        + "which are not read: only the files in " + dir + " itself are meters (move them up to be read)");
    }

    @Test
    void aUnitInCapitals_asADialPrintsIt_isTakenAsTheUnitsOwnSpelling() throws IOException {
        write("boiler.yaml", VALID.replace("unit: MPa", "unit: MPA"));
        assertThat(loader.load(dir, CAMERAS).get(0).range().unit()).isEqualTo("MPa");
        write("boiler.yaml", VALID.replace("unit: MPa", "unit: BAR"));
        assertThat(loader.load(dir, CAMERAS).get(0).range().unit()).isEqualTo("bar");
        write("boiler.yaml", VALID.replace("unit: MPa", "unit: PSI"));
        assertThat(loader.load(dir, CAMERAS).get(0).range().unit()).as("a spelling of its own").isEqualTo("PSI");
    }

    @Test
    void validFile_loadsEveryField() throws IOException {
        write("boiler.yaml", VALID + """
                scale:
                  - {fraction: 0, value: 0}
                  - {fraction: 0.5, value: 1.0}
                  - {fraction: 1, value: 1.6}
                alarms: {low: 0.2, high: 1.4}
                smoothing: 5
                max-rate: 0.1
                min-confidence: 0.6
                """);

        List<MeterCalibration> meters = loader.load(dir, CAMERAS);

        assertThat(meters).hasSize(1);
        MeterCalibration m = meters.get(0);
        assertThat(m.id()).isEqualTo("boiler-1-pressure");
        assertThat(m.type()).isEqualTo(GaugeType.POINTER);
        assertThat(m.region()).isEqualTo(new MeterCalibration.Region(120, 80, 320, 320));
        assertThat(m.range()).isEqualTo(new MeterCalibration.Range(0, 1.6, "MPa"));
        assertThat(m.scale()).hasSize(3);
        assertThat(m.alarms()).isEqualTo(new MeterCalibration.Alarms(0.2, 1.4));
        assertThat(m.smoothing()).isEqualTo(5);
        assertThat(m.maxRate()).isEqualTo(0.1);
        assertThat(m.minConfidence()).isEqualTo(0.6);
    }

    @Test
    void aFileNotInUtf8_saysSo() throws IOException {
        Files.write(dir.resolve("t.yaml"), ("id: t\ncamera: cam1\ntype: pointer\nregion: {x: 0, y: 0, width: 9, height: 9}\n"
                + "range: {min: 0, max: 100, unit: \u00b0C}\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> loader.load(dir, List.of("cam1"))).hasMessageContaining("t.yaml")
                .hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void levelMarks_areTheRowsOfEmptyAndFull() throws IOException {
        write("tank.yaml", LEVEL + "level-marks: {empty: 470, full: 130.5}\n");

        MeterCalibration m = loader.load(dir, CAMERAS).get(0);

        assertThat(m.levelMarks()).isEqualTo(new MeterCalibration.LevelMarks(470, 130.5));
        assertThat(m.levelMarks().fraction(300.25)).isEqualTo(0.5);
    }

    @Test
    void scaleMarks_areThePivotAndTheMinAndMaxTicks() throws IOException {
        write("boiler.yaml", VALID + "scale-marks: {pivot: {x: 280, y: 240}, min: {x: 200, y: 320}, max: {x: 360.5, y: 320}}\n");

        MeterCalibration m = loader.load(dir, CAMERAS).get(0);

        assertThat(m.scaleMarks()).isEqualTo(new MeterCalibration.ScaleMarks(new MeterCalibration.Point(280, 240),
                new MeterCalibration.Point(200, 320), new MeterCalibration.Point(360.5, 320)));
    }

    @Test
    void twoDocumentsInOneFile_areSaidToBe_notInJacksonsWords() throws IOException {
        write("vacuum.yaml", VALID + "---\n" + VALID.replace("vacuum", "vacuum-2"));
        assertThatThrownBy(() -> loader.load(dir, CAMERAS))
                .hasMessageContaining("vacuum.yaml")
                .hasMessageContaining("holds more than one YAML document (split by '---')")
                .hasMessageContaining("give each meter a file of its own")
                .hasMessageNotContaining("TRAILING");
    }

    @Test
    void direction_counterclockwise_isForPointerMeters() throws IOException {
        write("vacuum.yaml", VALID + "direction: counterclockwise\n");
        assertThat(loader.load(dir, CAMERAS).get(0).counterclockwise()).isTrue();

        write("vacuum.yaml", VALID + "direction: clockwise\n");
        assertThat(loader.load(dir, CAMERAS).get(0).counterclockwise()).isFalse();

        write("vacuum.yaml", VALID + "direction: COUNTERCLOCKWISE\n");
        assertThat(loader.load(dir, CAMERAS).get(0).counterclockwise()).isTrue();

        write("vacuum.yaml", VALID + "direction: anticlockwise\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS))
                .hasMessageContaining("vacuum.yaml")
                .hasMessageContaining("direction")
                .hasMessageContaining("must be clockwise or counterclockwise, got 'anticlockwise'");

        Files.delete(dir.resolve("vacuum.yaml"));
        write("tank.yaml", LEVEL + "direction: counterclockwise\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS))
                .hasMessageContaining("direction")
                .hasMessageContaining("is for pointer meters only");
    }

    @Test
    void defaults_whenOptionalFieldsAbsent() throws IOException {
        write("boiler.yaml", VALID);

        MeterCalibration m = loader.load(dir, CAMERAS).get(0);

        assertThat(m.scale()).isEmpty();
        assertThat(m.alarms()).isEqualTo(MeterCalibration.Alarms.NONE);
        assertThat(m.smoothing()).isEqualTo(1);
        assertThat(m.maxRate()).isNull();
        assertThat(m.minConfidence()).isEqualTo(MeterCalibration.DEFAULT_MIN_CONFIDENCE);
        assertThat(m.levelMarks()).isNull();
        assertThat(m.counterclockwise()).isFalse();
    }

    @Test
    void valueAt_linearRange() throws IOException {
        write("boiler.yaml", VALID);
        MeterCalibration m = loader.load(dir, CAMERAS).get(0);

        assertThat(m.valueAt(0)).isCloseTo(0, within(1e-12));
        assertThat(m.valueAt(0.25)).isCloseTo(0.4, within(1e-12));
        assertThat(m.valueAt(1)).isCloseTo(1.6, within(1e-12));
    }

    @Test
    void valueAt_scaleTableIsPiecewiseLinear() throws IOException {
        write("boiler.yaml", VALID + """
                scale: [{fraction: 0, value: 0}, {fraction: 0.5, value: 0.4}, {fraction: 1, value: 1.6}]
                """);
        MeterCalibration m = loader.load(dir, CAMERAS).get(0);

        assertThat(m.valueAt(0.25)).isCloseTo(0.2, within(1e-12));
        assertThat(m.valueAt(0.5)).isCloseTo(0.4, within(1e-12));
        assertThat(m.valueAt(0.75)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void alarmDeadband_isRead_andHoldsAnAlarmUntilTheValueIsThatFarBackInside() throws IOException {
        write("a.yaml", VALID + "alarms: {low: 0.2, high: 1.4, deadband: 0.05}\n");
        MeterCalibration.Alarms alarms = loader.load(dir, CAMERAS).get(0).alarms();

        assertThat(alarms).isEqualTo(new MeterCalibration.Alarms(0.2, 1.4, 0.05));
        assertThat(alarms.classify(1.37, AlarmState.HIGH)).isEqualTo(AlarmState.HIGH);
        assertThat(alarms.classify(1.34, AlarmState.HIGH)).isEqualTo(AlarmState.NONE);
        assertThat(alarms.classify(1.37, AlarmState.NONE)).isEqualTo(AlarmState.NONE);
        assertThat(alarms.classify(0.24, AlarmState.LOW)).isEqualTo(AlarmState.LOW);
        assertThat(alarms.classify(0.26, AlarmState.LOW)).isEqualTo(AlarmState.NONE);
        assertThat(alarms.classify(0.1, AlarmState.HIGH)).as("a fall through the range").isEqualTo(AlarmState.LOW);
    }

    @Test
    void alarmDelays_areRead_asDurationsOrSeconds_andNonsenseIsRefusedByName() throws IOException {
        write("a.yaml", VALID + "alarms: {high: 1.4, on-delay: 10s, off-delay: 2.5}\n");
        MeterCalibration.Alarms alarms = loader.load(dir, CAMERAS).get(0).alarms();
        assertThat(alarms.onDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(alarms.offDelay()).isEqualTo(Duration.ofMillis(2500));

        write("a.yaml", VALID + "alarms: {high: 1.4, on-delay: PT1M}\n");
        assertThat(loader.load(dir, CAMERAS).get(0).alarms().onDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(loader.load(dir, CAMERAS).get(0).alarms().offDelay()).isEqualTo(Duration.ZERO);

        write("a.yaml", VALID + "alarms: {high: 1.4, on-delay: soon}\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("alarms.on-delay")
                .hasMessageContaining("must be a duration such as 10s, 500ms or 2m, got 'soon'");
        write("a.yaml", VALID + "alarms: {high: 1.4, off-delay: -5s}\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("alarms.off-delay")
                .hasMessageContaining("must be 0 to 60 minutes");
        write("a.yaml", VALID + "alarms: {high: 1.4, on-delay: 2h}\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("alarms.on-delay")
                .hasMessageContaining("must be 0 to 60 minutes, got 7200000 ms");
    }

    @Test
    void stuck_isReadWithItsBand_orHalfAPercentOfTheSpan_andNonsenseIsRefusedByName() throws IOException {
        write("a.yaml", VALID);
        assertThat(loader.load(dir, CAMERAS).get(0).stuck()).as("not watched unless asked").isNull();
        write("a.yaml", VALID + "stuck-after: 8h\n");
        assertThat(loader.load(dir, CAMERAS).get(0).stuck())
                .isEqualTo(new MeterCalibration.Stuck(Duration.ofHours(8), 0.005 * 1.6));
        write("a.yaml", VALID + "stuck-after: 2d\nstuck-band: 0.02\n");
        assertThat(loader.load(dir, CAMERAS).get(0).stuck())
                .isEqualTo(new MeterCalibration.Stuck(Duration.ofDays(2), 0.02));

        write("a.yaml", VALID + "stuck-after: a while\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("stuck-after")
                .hasMessageContaining("must be a duration such as 8h, 90m or 2d, got 'a while'");
        write("a.yaml", VALID + "stuck-after: 30s\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("stuck-after")
                .hasMessageContaining("must be 1 minute to 30 days");
        write("a.yaml", VALID + "stuck-after: 8h\nstuck-band: 1.6\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("stuck-band")
                .hasMessageContaining("must be above 0 and less than the range's span (1.6 MPa), got 1.6");
        write("a.yaml", VALID + "stuck-band: 0.01\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("stuck-band")
                .hasMessageContaining("needs stuck-after");
    }

    @Test
    void alarmPriority_isRead_inAnyCase_defaultsToHigh_andNonsenseIsRefusedByName() throws IOException {
        write("a.yaml", VALID + "alarms: {high: 1.4, priority: Critical}\n");
        assertThat(loader.load(dir, CAMERAS).get(0).alarms().priority()).isEqualTo(AlarmPriority.CRITICAL);
        write("a.yaml", VALID + "alarms: {low: 0.1}\n");
        assertThat(loader.load(dir, CAMERAS).get(0).alarms().priority()).isEqualTo(AlarmPriority.HIGH);
        write("a.yaml", VALID + "alarms: {high: 1.4, priority: urgent}\n");
        assertThatThrownBy(() -> loader.load(dir, CAMERAS)).hasMessageContaining("alarms.priority")
                .hasMessageContaining("must be low, medium, high or critical, got 'urgent'");
    }

    @Test
    void alarms_classifyAgainstLimits() {
        MeterCalibration.Alarms alarms = new MeterCalibration.Alarms(0.2, 1.4);

        assertThat(alarms.classify(0.1)).isEqualTo(AlarmState.LOW);
        assertThat(alarms.classify(0.2)).isEqualTo(AlarmState.NONE);
        assertThat(alarms.classify(1.41)).isEqualTo(AlarmState.HIGH);
    }

    @Test
    void filesAreLoadedInNameOrder_andNonYamlIgnored() throws IOException {
        write("b.yaml", VALID.replace("boiler-1-pressure", "b"));
        write("a.yml", VALID.replace("boiler-1-pressure", "a"));
        write("README.txt", "not a calibration");

        assertThat(loader.load(dir, CAMERAS)).extracting(MeterCalibration::id).containsExactly("a", "b");
    }

    @Test
    void duplicateId_namesBothFiles() throws IOException {
        write("a.yaml", VALID);
        write("b.yaml", VALID);

        assertThatThrownBy(() -> loader.load(dir, CAMERAS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("b.yaml: id 'boiler-1-pressure' is already used by")
                .hasMessageContaining("a.yaml");
    }

    @Test
    void missingFolder_namesTheProperty() {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope"), CAMERAS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("meter-reader.calibration-dir")
                .hasMessageContaining("nope");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unreadable YAML", "id: [unclosed\ncamera: cam1\n", "(file)", "is not valid YAML"),
                Arguments.of("YAML's flow mapping unclosed", VALID.replace("height: 320}", "height: 320"), "(file)",
                        "is not valid YAML: while parsing a flow mapping: expected ',' or '}'"),
                Arguments.of("YAML's not-a-number", VALID.replace("max: 1.6", "max: .nan"), "(file)",
                        "holds '.nan' (line 5, column 26), which is no number the service takes"),
                Arguments.of("YAML's infinity", VALID.replace("max: 1.6", "max: .inf"), "(file)",
                        "holds '.inf' (line 5, column 26)"),
                Arguments.of("empty file", "", "(file)", "is empty"),
                Arguments.of("unknown field", VALID + "colour: red\n", "colour", "is not a known field"),
                Arguments.of("misspelt field", VALID + "max_rate: 0.1\n", "max_rate", "is not a known field (did you "
                        + "mean max-rate? known: "),
                Arguments.of("range upside down", VALID.replace("min: 0, max: 1.6", "min: 1.6, max: 0"), "range.min",
                        "keep min < max and write direction: counterclockwise"),
                Arguments.of("unknown nested field", VALID.replace("unit: MPa", "unit: MPa, maximum: 3"),
                        "range.maximum", "is not a known field"),
                Arguments.of("missing id", VALID.replace("id: boiler-1-pressure\n", ""), "id", "is missing"),
                Arguments.of("bad id", VALID.replace("boiler-1-pressure", "boiler 1/pressure"), "id",
                        "must be 1 to 64 letters"),
                Arguments.of("id forging a log line", VALID.replace("boiler-1-pressure",
                        "\"x\\n2026-12-07T14:09:00Z  INFO calibration fine\""), "id",
                        "'x\\n2026-12-07T14:09:00Z  INFO calibration fine' must be 1 to 64"),
                Arguments.of("unknown camera", VALID.replace("camera: cam1", "camera: cam9"), "camera",
                        "'cam9' is not a configured camera (known: cam1, cam2)"),
                Arguments.of("bad type", VALID.replace("type: pointer", "type: dial"), "type",
                        "'dial' is not one of pointer, level"),
                Arguments.of("missing region", VALID.replace("region: {x: 120, y: 80, width: 320, height: 320}\n", ""),
                        "region", "is missing"),
                Arguments.of("zero width", VALID.replace("width: 320", "width: 0"), "region.width",
                        "must be positive, got 0"),
                Arguments.of("negative height", VALID.replace("height: 320", "height: -4"), "region.height",
                        "must be positive"),
                Arguments.of("negative x", VALID.replace("x: 120", "x: -1"), "region.x", "must not be negative"),
                Arguments.of("fractional pixel", VALID.replace("x: 120", "x: 12.5"), "region.x",
                        "must be a whole number"),
                Arguments.of("min equals max", VALID.replace("max: 1.6", "max: 0"), "range.min",
                        "must be less than range.max"),
                Arguments.of("min above max", VALID.replace("min: 0,", "min: 2,"), "range.min",
                        "must be less than range.max (min 2.0, max 1.6)"),
                Arguments.of("infinite span", VALID.replace("min: 0,", "min: -1e308,").replace("max: 1.6", "max: 1e308"),
                        "range.max", "less range.min must be a finite number (min -1.0E308, max 1.0E308)"),
                Arguments.of("text for number", VALID.replace("max: 1.6", "max: lots"), "range.max",
                        "must be a number, got 'lots'"),
                Arguments.of("empty unit", VALID.replace("unit: MPa", "unit: ''"), "range.unit", "must not be empty"),
                Arguments.of("missing unit", VALID.replace(", unit: MPa", ""), "range.unit", "is missing"),
                Arguments.of("bare alarms", VALID + "alarms:\n", "alarms", "has no value (nothing after its colon, "
                        + "or its lines not indented under it): give it one, or leave the key out"),
                Arguments.of("bare scale-marks", VALID + "scale-marks:\n", "scale-marks", "has no value"),
                Arguments.of("bare scale", VALID + "scale:\n", "scale", "has no value"),
                Arguments.of("bare smoothing", VALID + "smoothing:\n", "smoothing", "has no value"),
                Arguments.of("unit's case slipped", VALID.replace("unit: MPa", "unit: Mpa"), "range.unit",
                        "'Mpa' differs from MPa only in case"),
                Arguments.of("unit's case slipped, two spellings", VALID.replace("unit: MPa", "unit: Psi"),
                        "range.unit", "'Psi' differs from PSI or psi only in case"),
                Arguments.of("scale fraction not increasing", VALID
                        + "scale: [{fraction: 0, value: 0}, {fraction: 0.6, value: 1}, {fraction: 0.6, value: 1.2}, "
                        + "{fraction: 1, value: 1.6}]\n", "scale[2].fraction", "must increase strictly"),
                Arguments.of("scale value not increasing", VALID
                        + "scale: [{fraction: 0, value: 0}, {fraction: 0.5, value: 1}, {fraction: 0.7, value: 0.9}, "
                        + "{fraction: 1, value: 1.6}]\n", "scale[2].value", "must increase strictly"),
                Arguments.of("scale not spanning range", VALID
                        + "scale: [{fraction: 0, value: 0.1}, {fraction: 1, value: 1.6}]\n", "scale",
                        "must start at range.min"),
                Arguments.of("scale of one point", VALID + "scale: [{fraction: 0, value: 0}]\n", "scale",
                        "needs at least 2 points"),
                Arguments.of("alarm outside range", VALID + "alarms: {high: 2.0}\n", "alarms.high",
                        "must lie inside the range"),
                Arguments.of("alarm low above high", VALID + "alarms: {low: 1.0, high: 0.5}\n", "alarms.low",
                        "must be less than alarms.high"),
                Arguments.of("negative alarm deadband", VALID + "alarms: {high: 1.4, deadband: -0.1}\n",
                        "alarms.deadband", "must be 0 or more and at most the range's span (1.6), got -0.1"),
                Arguments.of("smoothing zero", VALID + "smoothing: 0\n", "smoothing", "must be a window of 1 to 100"),
                Arguments.of("negative max rate", VALID + "max-rate: -1\n", "max-rate", "must be positive"),
                Arguments.of("confidence above one", VALID + "min-confidence: 1.5\n", "min-confidence",
                        "must be between 0 and 1"),
                Arguments.of("level marks on a dial", VALID + "level-marks: {empty: 300, full: 100}\n", "level-marks",
                        "is for level meters only"),
                Arguments.of("level marks upside down", LEVEL + "level-marks: {empty: 130, full: 470}\n",
                        "level-marks.empty", "must be below level-marks.full"),
                Arguments.of("level mark outside the region", LEVEL + "level-marks: {empty: 520, full: 130}\n",
                        "level-marks.empty", "row 520.0 is outside the region (rows 100 to 500)"),
                Arguments.of("level mark missing", LEVEL + "level-marks: {empty: 470}\n", "level-marks.full",
                        "is missing"),
                Arguments.of("scale marks on a glass", LEVEL + "scale-marks: {pivot: {x: 330, y: 300}, min: {x: 310, y: 320},"
                        + " max: {x: 350, y: 320}}\n", "scale-marks", "is for pointer meters only"),
                Arguments.of("scale mark missing", VALID + "scale-marks: {pivot: {x: 280, y: 240}, min: {x: 200, y: 320}}\n",
                        "scale-marks.max", "is missing"),
                Arguments.of("scale mark without y", VALID + "scale-marks: {pivot: {x: 280, y: 240}, min: {x: 200},"
                        + " max: {x: 360, y: 320}}\n", "scale-marks.min.y", "is missing"),
                Arguments.of("scale mark outside the region", VALID + "scale-marks: {pivot: {x: 280, y: 240},"
                        + " min: {x: 20, y: 320}, max: {x: 360, y: 320}}\n", "scale-marks.min",
                        "(20.0, 320.0) is outside the region (x 120 to 440, y 80 to 400)"),
                Arguments.of("scale mark on the pivot", VALID + "scale-marks: {pivot: {x: 280, y: 240},"
                        + " min: {x: 282, y: 241}, max: {x: 360, y: 320}}\n", "scale-marks.min", "must lie on the scale"),
                Arguments.of("scale ends together", VALID + "scale-marks: {pivot: {x: 280, y: 240},"
                        + " min: {x: 300, y: 320}, max: {x: 302, y: 320}}\n", "scale-marks.max", "must lie apart"),
                Arguments.of("scale mark unknown field", VALID + "scale-marks: {pivot: {x: 280, y: 240}, min: {x: 200, y: 320},"
                        + " max: {x: 360, y: 320}, mid: {x: 280, y: 100}}\n", "scale-marks.mid", "is not a known field"),
                Arguments.of("duplicate key", VALID + "id: again\n", "id", "is given twice (line 6, column 5): which is "
                        + "meant?"),
                Arguments.of("list instead of mapping", "- a\n- b\n", "(file)", "must be a mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void mistake_stopsWithMessageNamingFileFieldAndProblem(String name, String yaml, String field, String problem)
            throws IOException {
        Path file = write("meter.yaml", yaml);

        assertThatThrownBy(() -> loader.load(dir, CAMERAS))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.where()).isEqualTo(file.toString());
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(file + ": " + field + " ").contains(problem);
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }
}
