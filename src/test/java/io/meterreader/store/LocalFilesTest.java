package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

    @TempDir
    Path dir;

    @Test
    void aReplacement_isWholeOrNothing_andAFailedOneLeavesNothingBeside() throws Exception {
        Path file = dir.resolve("copy.json");
        LocalFiles.replace(file, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertThat(file).hasContent("first");

        assertThatThrownBy(() -> LocalFiles.replace(file, out -> {
            out.write("half of the sec".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).hasMessage("No space left on device");
        assertThat(file).as("as it was").hasContent("first");
        try (var beside = Files.list(dir)) {
            assertThat(beside).as("no temporary file left at each failed try").containsExactly(file);
        }

        // a writer that closes the stream it is given (as Jackson does) still has its content forced and moved
        LocalFiles.replace(file, out -> {
            out.write("second".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        assertThat(file).hasContent("second");
    }

    @Test
    void anUnreadableFile_isMovedAside_withWhatItHeld() throws Exception {
        Path file = dir.resolve("waiting.jsonl");
        Files.writeString(file, "{\"meterId\": ");
        assertThat(LocalFiles.moveAside(file)).isEqualTo(dir.resolve("waiting.jsonl.unreadable"));
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("waiting.jsonl.unreadable")).hasContent("{\"meterId\": ");
        assertThat(LocalFiles.moveAside(dir.resolve("gone"))).as("nothing to move").isNull();
    }
}
