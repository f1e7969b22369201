package io.meterreader.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes top-level lines of a meter's calibration file as an engineer would by hand, so that the
 * marks page can keep the marks it read off a frame ({@code meter-reader.calibration-edits}). The
 * file stays the engineer's: every other line, comment and blank line is kept as it was, its line
 * ends (CRLF or LF), its mode, group and owner; a key's line is replaced where the file has it on
 * one line (whole: a comment at its end spoke of what it replaces), and added at the end where it
 * has none; a file that is a link is written where the link leads. A key written over several lines (YAML's block style) is left for a person to edit, since
 * rewriting it would lose what they wrote there. The file as edited must load as a calibration
 * does, else nothing is written; it is written whole (a new file moved over the old), so the
 * reloader never reads half of it, and the reloader puts it in force as it does any edit.
 */
public final class CalibrationEditor {

    private final Path dir;
    private final Supplier<Collection<String>> cameraIds;
    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private final CalibrationLoader loader = new CalibrationLoader();

    /** What was written: the file, and its lines that changed (a removed line is not listed). */
    public record Written(Path file, List<String> lines) {
    }

    /** @param cameraIds the cameras configured now, which the edited file must name one of */
    public CalibrationEditor(Path dir, Supplier<Collection<String>> cameraIds) {
        this.dir = dir;
        this.cameraIds = cameraIds;
    }

    /**
     * Sets top-level keys of the meter's calibration file: each key's whole line ({@code "direction:
     * counterclockwise"}), or an empty string to remove the key's line (its default then holds).
     *
     * @throws NoSuchElementException no file in the folder has that meter's id
     * @throws IllegalStateException  a key is written over several lines in the file
     * @throws ConfigurationException the file as edited would not load (nothing is written)
     * @throws UncheckedIOException   the folder or the file cannot be read or written
     */
    public synchronized Written set(String meterId, Map<String, String> lines) {
        Path file = fileOf(meterId);
        List<String> text;
        String newline;
        try {
            String original = Files.readString(file, StandardCharsets.UTF_8);
            // a file written on Windows keeps its CRLF: an edit changes its lines, not all of them
            newline = original.contains("\r\n") ? "\r\n" : "\n";
            text = new ArrayList<>(original.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> written = new ArrayList<>();
        lines.forEach((key, line) -> {
            if (!line.isEmpty() && !line.startsWith(key + ":")) {
                throw new IllegalArgumentException("the line for " + key + " must start with '" + key + ":'");
            }
            int at = lineOf(text, key, file);
            if (line.isEmpty()) {
                if (at >= 0) {
                    text.remove(at);
                }
                return;
            }
            if (at >= 0) {
                text.set(at, line);   // whole, its comment too: that spoke of the marks replaced
            } else {
                text.add(line);
            }
            written.add(line);
        });
        String edited = String.join(newline, text) + newline;
        try {
            loader.parse(yaml.readTree(edited), file.toString(), cameraIds.get());
        } catch (JacksonException e) {
            throw new ConfigurationException(file.toString(), "(file)", "would not be valid YAML: "
                    + e.getOriginalMessage());
        }
        Path next = null;
        try {
            // a file that is a link (into a checkout, a share) is edited where it lies, the link kept
            Path target = file.toRealPath();
            next = target.resolveSibling("." + target.getFileName() + ".edit");
            Files.writeString(next, edited, StandardCharsets.UTF_8);
            keepOwnerAndMode(target, next);
            Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                if (next != null) {
                    Files.deleteIfExists(next);
                }
            } catch (IOException ignored) {
                // the write failed already; a stray .edit file is not read as a calibration
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new Written(file, List.copyOf(written));
    }

    /**
     * The new file takes the old one's mode, group and owner, where this process may set them: a
     * file the plant's group may write stays so, as an editor saving in place keeps it.
     */
    private static void keepOwnerAndMode(Path old, Path next) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(old, PosixFileAttributes.class);
            Files.setPosixFilePermissions(next, attributes.permissions());
            PosixFileAttributeView view = Files.getFileAttributeView(next, PosixFileAttributeView.class);
            try {
                view.setGroup(attributes.group());
                view.setOwner(attributes.owner());
            } catch (IOException notAllowed) {
                // a service not running as root may not give a file away: the mode is kept at least
            }
        } catch (IOException | UnsupportedOperationException notPosix) {
            // a file system without POSIX attributes: the new file has the folder's defaults
        }
    }

    /** The calibration file whose id is the meter's. */
    private Path fileOf(String meterId) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(CalibrationLoader::isCalibrationFile).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            try {
                JsonNode root = yaml.readTree(Files.readString(file, StandardCharsets.UTF_8));
                if (root != null && meterId.equals(root.path("id").asString(null))) {
                    return file;
                }
            } catch (IOException | JacksonException e) {
                // a file that does not read is not this meter's (the reloader says what is wrong with it)
            }
        }
        throw new NoSuchElementException("no calibration file in " + dir + " has id " + meterId);
    }

    /**
     * The index of the key's top-level line, or -1 where the file has none.
     *
     * @throws IllegalStateException the key's value goes on past its line
     */
    private static int lineOf(List<String> text, String key, Path file) {
        Pattern top = Pattern.compile("^" + Pattern.quote(key) + "\\s*:(.*)$");
        for (int i = 0; i < text.size(); i++) {
            Matcher m = top.matcher(text.get(i));
            if (!m.matches()) {
                continue;
            }
            String value = m.group(1).replaceFirst("\\s+#.*$", "").strip();
            long open = value.chars().filter(c -> c == '{' || c == '[').count();
            long close = value.chars().filter(c -> c == '}' || c == ']').count();
            if (value.isEmpty() || value.equals("|") || value.equals(">") || open != close) {
                throw new IllegalStateException(file.getFileName() + " has " + key + " over several lines (line "
                        + (i + 1) + "): edit it there by hand");
            }
            return i;
        }
        return -1;
    }
}
