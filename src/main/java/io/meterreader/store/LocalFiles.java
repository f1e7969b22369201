package io.meterreader.store;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ways the store treats the local files it keeps beside the database (the alarm list's
 * copy, what waits for the database at a stop): a file is replaced whole, never left half
 * written, and one that cannot be read is moved aside, never overwritten.
 */
final class LocalFiles {

    private static final Logger log = LoggerFactory.getLogger(LocalFiles.class);

    private LocalFiles() {
    }

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} with {@code content}: written to a file beside it, flushed to the disk
     * and moved into its place (atomically where the file system can), so that a stop or a power
     * cut midway leaves the file as it was, and a failure leaves nothing behind (the temporary
     * file of each failed try was left beside it).
     *
     * @throws IOException it could not be written; {@code file} is as it was
     */
    static void replace(Path file, Content content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path next = Files.createTempFile(parent, file.getFileName().toString(), ".next");
        try {
            try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
                // the content's writer may close what it is given (Jackson does): the channel stays open to be forced
                OutputStream out = new FilterOutputStream(Channels.newOutputStream(channel)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                };
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(next);
            throw e;
        }
    }

    /**
     * Moves a file that could not be read to {@code NAME.unreadable} beside it, where a person may
     * look at it or mend it, rather than leave it to be overwritten; where it goes (null: it could
     * not be moved, said in the log).
     */
    static Path moveAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return aside;
        } catch (IOException e) {
            log.warn("{} could not be moved aside ({})", file, e.getMessage());
            return null;
        }
    }
}
