package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.meterreader.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;

/** Calibration files edited while the service runs: put in force whole, or not at all. */
class CalibrationReloaderTest {

    private static final Set<String> CAMERAS = Set.of("cam");

    @TempDir
    Path dir;

    private int edits;

    private void write(String file, String id, double max) throws IOException {
        write(file, "id: " + id + "\ncamera: cam\ntype: pointer\nregion: {x: 10, y: 10, width: 100, height: 100}\n"
                + "range: {min: 0, max: " + max + ", unit: bar}\n");
    }

    /** Writes a file and moves its time on, as a later edit would: the folder's change is seen whatever the clock's grain. */
    private void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L + 1000L * ++edits));
    }

    /** Two looks at the folder, as the timer takes them: the first sees it change, the second sees it settled. */
    private static Calibrations.Change settled(CalibrationReloader reloader) {
        assertThat(reloader.check().isEmpty()).as("a folder seen changing waits for one more look").isTrue();
        return reloader.check();
    }

    /** A reloader of the folder alone, its one camera from the configuration. */
    private CalibrationReloader reloader(Calibrations calibrations, Duration every, Clock clock) {
        List<CameraProperties> cameras = List.of(TestCameras.camera("cam"));
        return new CalibrationReloader(dir, calibrations, new Cameras(cameras), cameras, null, every, clock);
    }

    private Calibrations loaded() {
        return new Calibrations(new CalibrationLoader().load(dir, CAMERAS));
    }

    @Test
    void anEditedFile_isPutInForce_andTheListenersAreToldWhatChanged() throws IOException {
        write("a.yaml", "boiler", 10);
        write("b.yaml", "steam", 16);
        Calibrations calibrations = loaded();
        List<Calibrations.Change> told = new ArrayList<>();
        calibrations.onChange(told::add);
        SettableClock clock = new SettableClock(Instant.parse("2026-12-05T18:00:00Z"));
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, clock);

        assertThat(reloader.check().isEmpty()).as("nothing changed yet").isTrue();
        assertThat(reloader.status().inForceSince()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(60));

        write("a.yaml", "boiler", 25);
        write("c.yaml", "water", 4);
        Files.delete(dir.resolve("b.yaml"));
        assertThat(reloader.check().isEmpty()).isTrue();
        assertThat(calibrations.meter("boiler").orElseThrow().range().max()).as("not yet").isEqualTo(10);
        Calibrations.Change change = reloader.check();

        assertThat(change.changed()).extracting(MeterCalibration::id).containsExactly("boiler");
        assertThat(change.added()).extracting(MeterCalibration::id).containsExactly("water");
        assertThat(change.removed()).extracting(MeterCalibration::id).containsExactly("steam");
        assertThat(told).containsExactly(change);
        assertThat(calibrations.meter("boiler").orElseThrow().range().max()).isEqualTo(25);
        assertThat(calibrations.onCamera("cam")).extracting(MeterCalibration::id).containsExactly("boiler", "water");
        assertThat(reloader.status().error()).isNull();
        assertThat(reloader.status().inForceSince()).isEqualTo(Instant.parse("2026-12-05T18:01:00Z"));
        assertThat(reloader.check().isEmpty()).as("the same folder again").isTrue();
        assertThat(told).hasSize(1);
    }

    @Test
    void aBrokenFile_keepsEveryMetersCalibration_untilItIsMended() throws IOException {
        write("a.yaml", "boiler", 10);
        write("b.yaml", "steam", 16);
        Calibrations calibrations = loaded();
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());

        // one good edit and one file caught half-written: neither goes in force
        write("a.yaml", "boiler", 25);
        write("b.yaml", "id: steam\ncamera: cam\ntype: pointer\nregion: {x: 10, y: 10, wid");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(calibrations.meter("boiler").orElseThrow().range().max()).isEqualTo(10);
        assertThat(calibrations.all()).extracting(MeterCalibration::id).containsExactly("boiler", "steam");
        assertThat(reloader.status().error()).contains("b.yaml");
        
        // a meter on a camera that is not configured is refused the same way
        write("b.yaml", "id: steam\ncamera: elsewhere\ntype: pointer\nregion: {x: 10, y: 10, width: 100, height: 100}\n"
                + "range: {min: 0, max: 16, unit: bar}\n");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(reloader.status().error()).contains("elsewhere");

        write("b.yaml", "steam", 16);
        Calibrations.Change change = settled(reloader);
        assertThat(change.changed()).extracting(MeterCalibration::id).containsExactly("boiler");
        assertThat(calibrations.meter("boiler").orElseThrow().range().max()).isEqualTo(25);
        assertThat(reloader.status().error()).isNull();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRefusedEditUndone_isLoggedAsInForceAgain(CapturedOutput output)
            throws IOException {
        write("a.yaml", "boiler", 10);
        Calibrations calibrations = loaded();
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());
        write("a.yaml", "id: boiler\ncamera: cam\ntype: pointer\nregion: {x: 10, y: 10, wid");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(output.getOut()).doesNotContain("as in force again");

        // the file put back as it was: nothing changes, and the log's last word is no longer the refusal
        write("a.yaml", "boiler", 10);
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(reloader.status().error()).isNull();
        assertThat(output.getOut())
                .contains("is as in force again: the edit refused before was undone or mended to no change");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aFilePutIntoASubfolder_isWarnedOfWhileRunning_notTakenForAMeter(CapturedOutput output) throws IOException {
        write("a.yaml", "boiler", 10);
        Calibrations calibrations = loaded();
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(output.getOut()).doesNotContain("subfolder");

        Files.createDirectories(dir.resolve("east"));
        write("east/b.yaml", "tank", 5);
        Calibrations.Change change = settled(reloader);

        assertThat(change.isEmpty()).isTrue();
        assertThat(calibrations.all()).extracting(MeterCalibration::id).containsExactly("boiler");
        assertThat(reloader.status().error()).isNull();
        assertThat(output.getOut()).contains("its subfolder east holds 1 calibration file(s), which are not read");
        assertThat(reloader.status().warnings()).singleElement().asString()
                .contains("its subfolder east holds 1 calibration file(s), which are not read");

        // moved up into the folder: read, and the warning goes
        Files.move(dir.resolve("east/b.yaml"), dir.resolve("b.yaml"));
        assertThat(settled(reloader).added()).extracting(MeterCalibration::id).containsExactly("tank");
        // (the two meters' one region is a warning of its own, below)
        assertThat(reloader.status().warnings()).noneMatch(w -> w.contains("subfolder"));
    }

    @Test
    void twoMetersOnOneRegion_areAWarningOfTheSetInForce_fromTheStart() throws IOException {
        write("a.yaml", "boiler", 10);
        write("b.yaml", "boiler-psi", 145);
        Calibrations calibrations = loaded();

        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());

        assertThat(reloader.status().warnings()).singleElement().asString()
                .startsWith("Meters boiler (" + dir.resolve("a.yaml") + ") and boiler-psi (" + dir.resolve("b.yaml")
                        + ") have mostly one region on camera cam");
    }

    @Test
    void aFileStillChangingBetweenLooks_isNotReadUntilItSettles() throws IOException {
        write("a.yaml", "boiler", 10);
        Calibrations calibrations = loaded();
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());

        // a copy caught part-way: what is there already parses, but it is not the whole file
        write("a.yaml", "id: boiler\ncamera: cam\ntype: pointer\nregion: {x: 10, y: 10, width: 100, height: 100}\n"
                + "range: {min: 0, max: 30, unit: bar}\n");
        assertThat(reloader.check().isEmpty()).isTrue();
        write("a.yaml", "id: boiler\ncamera: cam\ntype: pointer\nregion: {x: 10, y: 10, width: 100, height: 100}\n"
                + "range: {min: 0, max: 30, unit: bar}\nalarms: {high: 25}\n");
        assertThat(reloader.check().isEmpty()).as("it changed again since the last look").isTrue();
        assertThat(calibrations.meter("boiler").orElseThrow().range().max()).isEqualTo(10);

        assertThat(reloader.check().changed()).extracting(MeterCalibration::id).containsExactly("boiler");
        assertThat(calibrations.meter("boiler").orElseThrow().alarms().high()).isEqualTo(25);
    }

    @Test
    void aFolderFoundEmpty_keepsTheMetersInForce() throws IOException {
        write("a.yaml", "boiler", 10);
        Calibrations calibrations = loaded();
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());

        Files.delete(dir.resolve("a.yaml"));

        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(calibrations.all()).extracting(MeterCalibration::id).containsExactly("boiler");
        assertThat(reloader.status().error()).contains("holds no calibration files");
    }

    @Test
    void aFileThatBecameAFolderOrALinkToNothing_isRefused_notTakenForAMeterRemoved() throws IOException {
        write("a.yaml", "boiler", 10);
        write("b.yaml", "steam", 16);
        Calibrations calibrations = loaded();
        CalibrationReloader reloader = reloader(calibrations, Duration.ZERO, Clock.systemUTC());

        Files.delete(dir.resolve("b.yaml"));
        Files.createDirectory(dir.resolve("b.yaml"));
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(calibrations.all()).extracting(MeterCalibration::id).containsExactly("boiler", "steam");
        assertThat(reloader.status().error()).contains("b.yaml").contains("is not a file that can be read: a folder");

        Files.delete(dir.resolve("b.yaml"));
        Files.createSymbolicLink(dir.resolve("b.yaml"), dir.resolveSibling("unmounted-share/b.yaml"));
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(calibrations.all()).extracting(MeterCalibration::id).containsExactly("boiler", "steam");
        assertThat(reloader.status().error()).contains("a link to").contains("which is not there");

        // an editor's lock beside a file being edited (Emacs: .#a.yaml, a link to nothing) is no calibration
        Files.delete(dir.resolve("b.yaml"));
        Files.createSymbolicLink(dir.resolve(".#a.yaml"), Path.of("root@host.1234"));
        assertThat(settled(reloader).removed()).extracting(MeterCalibration::id).containsExactly("steam");
        assertThat(reloader.status().error()).isNull();
        // nor is it where the folder takes no links (an SMB share): a regular file of the lock's text
        Files.delete(dir.resolve(".#a.yaml"));
        Files.writeString(dir.resolve(".#a.yaml"), "root@host.1234:1733560000");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(reloader.status().error()).isNull();
    }

    @Test
    void started_itLooksAtTheFolderByItself() throws Exception {
        write("a.yaml", "boiler", 10);
        Calibrations calibrations = loaded();
        try (CalibrationReloader reloader = reloader(calibrations, Duration.ofMillis(50), Clock.systemUTC())) {
            reloader.start();
            write("a.yaml", "boiler", 40);
            long end = System.nanoTime() + 10_000_000_000L;
            while (calibrations.meter("boiler").orElseThrow().range().max() != 40 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(calibrations.meter("boiler").orElseThrow().range().max()).isEqualTo(40);
        }
    }

    private void writeMeter(String file, String id, String camera) throws IOException {
        write(file, "id: " + id + "\ncamera: " + camera + "\ntype: pointer\nregion: {x: 10, y: 10, width: 100, height: 100}\n"
                + "range: {min: 0, max: 10, unit: bar}\n");
    }

    /** The cameras file beside the folder, with these cameras (id and URL in pairs). */
    private Path camerasFile(String... idsAndUrls) throws IOException {
        StringBuilder yaml = new StringBuilder(idsAndUrls.length == 0 ? "cameras: []\n" : "cameras:\n");
        for (int i = 0; i < idsAndUrls.length; i += 2) {
            yaml.append("  - id: ").append(idsAndUrls[i]).append("\n    url: ").append(idsAndUrls[i + 1]).append('\n');
        }
        Path file = dir.getParent().resolve(dir.getFileName() + "-cameras.yaml");
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + 1000L * ++edits));
        return file;
    }

    /** A reloader of the folder and the cameras file, beside one camera of the configuration, "cam". */
    private CalibrationReloader withCamerasFile(Calibrations calibrations, Cameras cameras, Path file) {
        return new CalibrationReloader(dir, calibrations, cameras, List.of(cameras.camera("cam").orElseThrow()), file,
                Duration.ZERO, Clock.systemUTC());
    }

    @Test
    void aCameraAddedWithItsMeter_isRunningBeforeTheMeterComes() throws IOException {
        writeMeter("a.yaml", "boiler", "cam");
        writeMeter("b.yaml", "tank", "yard");
        Path file = camerasFile("yard", "rtsp://10.0.0.8/live");
        Cameras cameras = new Cameras(List.of(TestCameras.camera("cam"), TestCameras.camera("yard", "rtsp://10.0.0.8/live")));
        Calibrations calibrations = new Calibrations(new CalibrationLoader().load(dir, cameras.ids()));
        List<String> told = new ArrayList<>();
        cameras.onChange(c -> told.add("cameras: " + c));
        calibrations.onChange(c -> told.add("meters: " + c));
        CalibrationReloader reloader = withCamerasFile(calibrations, cameras, file);

        camerasFile("yard", "rtsp://10.0.0.8/live", "boiler-house", "rtsp://10.0.0.9/live");
        writeMeter("c.yaml", "steam", "boiler-house");
        Calibrations.Change change = settled(reloader);

        assertThat(change.added()).extracting(MeterCalibration::id).containsExactly("steam");
        assertThat(cameras.ids()).containsExactly("cam", "yard", "boiler-house");
        assertThat(told).containsExactly("cameras: added boiler-house, changed none, removed none",
                "meters: added steam, changed none, removed none");
        assertThat(reloader.status().error()).isNull();
        assertThat(reloader.status().camerasFile()).isEqualTo(file);

        // a new URL for a camera is a change of that camera
        camerasFile("yard", "rtsp://10.0.0.18/live", "boiler-house", "rtsp://10.0.0.9/live");
        assertThat(settled(reloader).isEmpty()).as("no meter changed").isTrue();
        assertThat(told).last().isEqualTo("cameras: added none, changed yard, removed none");
        assertThat(cameras.camera("yard").orElseThrow().url().raw()).isEqualTo("rtsp://10.0.0.18/live");
    }

    @Test
    void aCameraRemovedWhileMetersAreOnIt_isRefused_untilTheyGoToo() throws IOException {
        writeMeter("a.yaml", "boiler", "cam");
        writeMeter("b.yaml", "tank", "yard");
        Path file = camerasFile("yard", "rtsp://10.0.0.8/live");
        Cameras cameras = new Cameras(List.of(TestCameras.camera("cam"), TestCameras.camera("yard", "rtsp://10.0.0.8/live")));
        Calibrations calibrations = new Calibrations(new CalibrationLoader().load(dir, cameras.ids()));
        CalibrationReloader reloader = withCamerasFile(calibrations, cameras, file);

        camerasFile();
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(cameras.ids()).as("kept: b.yaml still reads a meter on it").containsExactly("cam", "yard");
        assertThat(reloader.status().error()).contains("b.yaml").contains("yard");

        Files.delete(dir.resolve("b.yaml"));
        Calibrations.Change change = settled(reloader);
        assertThat(change.removed()).extracting(MeterCalibration::id).containsExactly("tank");
        assertThat(cameras.ids()).containsExactly("cam");
        assertThat(reloader.status().error()).isNull();
    }

    @Test
    void aCamerasFileFoundEmptyOrWrong_keepsEveryCamera() throws IOException {
        writeMeter("a.yaml", "boiler", "cam");
        Path file = camerasFile("yard", "rtsp://10.0.0.8/live");
        Cameras cameras = new Cameras(List.of(TestCameras.camera("cam"), TestCameras.camera("yard", "rtsp://10.0.0.8/live")));
        Calibrations calibrations = new Calibrations(new CalibrationLoader().load(dir, cameras.ids()));
        CalibrationReloader reloader = withCamerasFile(calibrations, cameras, file);

        Files.writeString(file, "");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(cameras.ids()).containsExactly("cam", "yard");
        assertThat(reloader.status().error()).contains("cameras is missing");

        Files.writeString(file, "cameras:\n  - id: cam\n    url: rtsp://10.0.0.7/live\n");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(cameras.ids()).containsExactly("cam", "yard");
        assertThat(reloader.status().error()).contains("cameras[0].id").contains("also in meter-reader.cameras");

        Files.writeString(file, "cameras:\n  - id: yard\n    url: rtsp://10.0.0.8/live\n---\ncameras:\n"
                + "  - id: gate\n    url: rtsp://10.0.0.9/live\n");
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(cameras.ids()).containsExactly("cam", "yard");
        assertThat(reloader.status().error()).contains("holds 2 YAML documents");

        Files.delete(file);
        assertThat(settled(reloader).isEmpty()).isTrue();
        assertThat(cameras.ids()).containsExactly("cam", "yard");
        assertThat(reloader.status().error()).contains("does not exist");
    }
}
