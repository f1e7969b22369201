package io.meterreader.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What waits for the database (readings, alarm journal entries), kept in a file of JSON lines
 * when the service stops and, while the database is away, meanwhile ({@link WaitingCheckpoint}),
 * until the next start takes it back: a restart during a long outage lost it. Written through a
 * file beside it, so that a stop midway leaves none half written; taken back whole and the file
 * removed, so that what a second stop still holds is kept anew rather than twice.
 */
final class WaitingFile {

    private static final Logger log = LoggerFactory.getLogger(WaitingFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WaitingFile() {
    }

    /** The items {@code file} holds, oldest first, the file removed; none where there is none. */
    static <T> List<T> take(Path file, Class<T> type, String what) {
        return take(file, type, what, item -> true);
    }

    /**
     * As {@link #take(Path, Class, String)}, the items that are not {@code storable} left out with
     * the lines that are none. A line that is not UTF-8 is one of those; a file that cannot be
     * read at all is moved aside ({@code .unreadable}), not left to be overwritten at the next stop.
     */
    static <T> List<T> take(Path file, Class<T> type, String what, Predicate<T> storable) {
        List<T> out = new ArrayList<>();
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        int unreadable = 0;
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    T item = line.indexOf('\uFFFD') >= 0 ? null : JSON.readValue(line, type);
                    if (item != null && storable.test(item)) {
                        out.add(item);
                    } else {
                        unreadable++;
                    }
                } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
                    unreadable++;
                }
            }
            Files.delete(file);
        } catch (IOException e) {
            Path aside = LocalFiles.moveAside(file);
            log.warn("{} kept in {} for the database could not be read ({}): not written{}", what, file,
                    e.getMessage(), aside == null ? "" : "; the file is moved to " + aside);
            return List.of();
        }
        if (unreadable == 0) {
            log.info("{} {} kept in {} for the database (at the last stop, or while it was away) wait to be written",
                    out.size(), what, file);
        } else {
            log.warn("{} {} kept in {} for the database wait to be written; {} lines that were none, or that the "
                    + "database would refuse, are left out", out.size(), what, file, unreadable);
        }
        return out;
    }

    /** Keeps {@code items} in {@code file}; whether they were kept (null file: they are not). */
    static <T> boolean keep(Path file, List<T> items, String what) {
        if (file == null) {
            return false;
        }
        try {
            LocalFiles.replace(file, stream -> {
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                for (T item : items) {
                    out.write(JSON.writeValueAsString(item));
                    out.newLine();
                }
                out.flush();
            });
            return true;
        } catch (IOException | JacksonException e) {
            log.warn("{} waiting could not be kept in {} ({})", what, file, e.getMessage());
            return false;
        }
    }
}
