package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class WaitingCheckpointTest {

    @Test
    void keptAtOnce_thenOnlyWhenDue_andRemovedOnceNothingWaits(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("readings.jsonl");
        WaitingCheckpoint<String> checkpoint = new WaitingCheckpoint<>(file, "Readings", Duration.ofHours(1));

        checkpoint.away(() -> List.of("a"));
        assertThat(Files.readAllLines(file)).containsExactly("\"a\"");
        checkpoint.away(() -> List.of("a", "b"));
        checkpoint.wrote(false, () -> List.of("b"));
        assertThat(Files.readAllLines(file)).as("not due for an hour").containsExactly("\"a\"");

        checkpoint.wrote(true, List::of);
        assertThat(file).as("nothing waits").doesNotExist();
        // the next outage: kept at once again
        checkpoint.away(() -> List.of("c"));
        assertThat(Files.readAllLines(file)).containsExactly("\"c\"");
    }

    @Test
    void aFileThatCannotBeWritten_isTriedOnlyWhenDue_notAtEveryWriteTried(@TempDir Path dir, CapturedOutput output)
            throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("data"), "a file where the folder should be");
        WaitingCheckpoint<String> checkpoint = new WaitingCheckpoint<>(notAFolder.resolve("readings.jsonl"),
                "Readings", Duration.ofHours(1));
        // a writer waiting for a schema tries every 200 ms: a warning each time was a flood
        for (int i = 0; i < 50; i++) {
            checkpoint.away(() -> List.of("a"));
        }
        assertThat(output.getOut().split("Readings waiting could not be kept", -1)).hasSize(2);
        assertThat(output.getOut()).doesNotContain("are kept in");
    }

    @Test
    void withoutAFile_nothingIsKept(@TempDir Path dir) {
        WaitingCheckpoint<String> checkpoint = new WaitingCheckpoint<>(null, "Readings", Duration.ZERO);
        checkpoint.away(() -> List.of("a"));
        checkpoint.wrote(true, List::of);
        assertThat(dir).isEmptyDirectory();
    }
}
