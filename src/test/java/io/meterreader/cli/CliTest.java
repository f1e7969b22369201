package io.meterreader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private OptionalInt run(String... args) {
        return Cli.runTool(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArguments_startsService() {
        assertThat(run()).isEmpty();
    }

    @Test
    void springFlags_startService() {
        assertThat(run("--server.port=9090")).isEmpty();
    }

    @Test
    void serve_startsServiceWithRemainingArguments() {
        assertThat(run("serve", "--server.port=1")).isEmpty();
        assertThat(Cli.serviceArgs(new String[] {"serve", "--server.port=1"})).containsExactly("--server.port=1");
    }

    @Test
    void serveHelp_printsTheServicesUsage_ratherThanStartingIt() {
        assertThat(run("serve", "--help")).hasValue(Cli.EXIT_OK);
        assertThat(out()).contains("Usage: java -jar meter-reader.jar [serve]").contains("--server.port=9090");
        assertThat(run("--server.port=9090", "-h")).hasValue(Cli.EXIT_OK);
    }

    @Test
    void help_listsEveryCommand() {
        assertThat(run("--help")).hasValue(Cli.EXIT_OK);
        assertThat(out()).contains("serve").contains("read").contains("sim").contains("eval");
    }

    @Test
    void unknownCommand_isUsageErrorNamingIt() {
        assertThat(run("frobnicate")).hasValue(Cli.EXIT_USAGE);
        assertThat(err()).contains("unknown command 'frobnicate'").contains("--help");
        assertThat(out()).isEmpty();
    }

    @Test
    void commandHelp_printsItsUsage() {
        for (Command c : Cli.COMMANDS) {
            out.reset();
            assertThat(run(c.name(), "--help")).as(c.name()).hasValue(Cli.EXIT_OK);
            assertThat(out()).as(c.name()).contains(c.name());
        }
    }

    @Test
    void evalVideo_withoutItsTruthOrMeters_orWithADatasetToo_isUsageError() {
        assertThat(run("eval", "--video", "scene.mp4")).hasValue(Cli.EXIT_USAGE);
        assertThat(err()).contains("--video needs --gt (its ground truth) and --calibration (its meters)");
        err.reset();
        assertThat(run("eval", "--video", "scene.mp4", "--gt", "g.csv", "--calibration", "c", "DIR")).hasValue(Cli.EXIT_USAGE);
        assertThat(err()).contains("--video reads one video: name no dataset folder with it");
        err.reset();
        assertThat(run("eval", "--video", "missing.mp4", "--gt", "g.csv", "--calibration", "c")).hasValue(Cli.EXIT_USAGE);
        assertThat(err()).contains("cannot read missing.mp4");
    }

    @Test
    void evalVideo_withACalibrationFolderOfNoMeter_isUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path video = java.nio.file.Files.writeString(dir.resolve("scene.mp4"), "frames");
        java.nio.file.Path empty = java.nio.file.Files.createDirectory(dir.resolve("calibration"));
        assertThat(run("eval", "--video", video.toString(), "--gt", "g.csv", "--calibration", empty.toString()))
                .hasValue(Cli.EXIT_USAGE);
        assertThat(err()).contains("holds no calibration file: nothing in the video would be measured");
    }

    @Test
    void aFileThatCannotBeUsed_isSaidInWords_notByItsPathAlone() {
        assertThat(Cli.fileProblem(new java.nio.file.NoSuchFileException("/nope.csv"))).isEqualTo("no such file /nope.csv");
        assertThat(Cli.fileProblem(new java.nio.file.AccessDeniedException("/root/x", null, "Permission denied")))
                .isEqualTo("access denied /root/x (Permission denied)");
        assertThat(Cli.fileProblem(new java.nio.file.FileSystemException("/proc/x", null, "Read-only file system")))
                .isEqualTo("cannot use /proc/x (Read-only file system)");
    }
}
