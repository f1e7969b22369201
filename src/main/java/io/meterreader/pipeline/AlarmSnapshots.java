package io.meterreader.pipeline;

import io.meterreader.frame.AlarmState;
import io.meterreader.frame.Reading;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each meter's picture as it went into alarm, kept as evidence: an operator who gets a HIGH at
 * 03:12 can see the gauge the service read it from, and whether it read it right. A reading with a
 * value whose alarm state is LOW or HIGH and differs from the meter's previous one (or is its
 * first since the service started) has the meter's part of its frame, annotated as the camera's
 * snapshot is and cut as the meter's picture is, written as {@code DIR/METER/EPOCHMILLIS_ALARM_VALUE.jpg}; a meter keeps its latest
 * {@code kept}, older ones are deleted. Pictures are written on a thread of their own, a few
 * waiting at most (an alarm storm drops pictures, never readings); a folder that cannot be
 * written is logged and costs nothing else.
 */
public final class AlarmSnapshots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlarmSnapshots.class);
    private static final Pattern NAME = Pattern.compile(
            "(\\d{1,15})_(LOW|HIGH)_(-?\\d+(?:\\.\\d+)?(?:E-?\\d+)?)\\.jpg");
    private static final int WAITING = 8;

    /** One picture kept: its file name, the frame's capture time, the alarm and the value read. */
    public record Entry(String name, Instant time, AlarmState alarm, double value) {

        /** How the API names it: the frame's capture time, epoch milliseconds. */
        public String id() {
            return String.valueOf(time.toEpochMilli());
        }
    }

    private final Path dir;
    private final int kept;
    private final ThreadPoolExecutor writer;
    /** Each meter's alarm state as of its last reading with a value. */
    private final Map<String, AlarmState> last = new ConcurrentHashMap<>();
    /** Readings gone into alarm whose frame's snapshot is still to come, by meter. */
    private final Map<String, Reading> due = new ConcurrentHashMap<>();

    public AlarmSnapshots(Path dir, int kept) {
        if (kept < 1) {
            throw new IllegalArgumentException("keep at least one picture a meter, got " + kept);
        }
        this.dir = dir;
        this.kept = kept;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WAITING),
                r -> {
                    Thread t = new Thread(r, "alarm-snapshots");
                    t.setDaemon(true);
                    return t;
                }, (r, pool) -> log.warn("Alarm snapshots: {} pictures waiting already, one dropped", WAITING));
    }

    public Path folder() {
        return dir;
    }

    /** A reading as the pipeline makes it: one going into alarm waits for its frame's snapshot. */
    void reading(Reading r) {
        if (r.value() == null) {
            return;
        }
        AlarmState before = last.put(r.meterId(), r.alarm());
        if (r.alarm() == AlarmState.NONE) {
            due.remove(r.meterId());
        } else if (r.alarm() != before) {
            due.put(r.meterId(), r);
        }
    }

    /** A camera's annotated frame, after its readings: the pictures of the meters it put in alarm. */
    void snapshot(CameraSnapshot snapshot) {
        for (Reading r : due.values()) {
            if (r.cameraId().equals(snapshot.frame().cameraId())
                    && r.captureTime().equals(snapshot.frame().captureTime()) && due.remove(r.meterId(), r)) {
                writer.execute(() -> write(r, snapshot));
            }
        }
    }

    /**
     * A meter known to be in {@code alarm} already (its alarm on the list kept over a restart):
     * its next readings in that alarm are not its going into it, and leave no picture.
     */
    public void assume(String meterId, AlarmState alarm) {
        last.putIfAbsent(meterId, alarm);
    }

    /** Forgets a meter no longer calibrated (its pictures stay until they age out by count). */
    void forgetMeter(String meterId) {
        last.remove(meterId);
        due.remove(meterId);
    }

    private void write(Reading r, CameraSnapshot snapshot) {
        Path folder = dir.resolve(r.meterId());
        String name = r.captureTime().toEpochMilli() + "_" + r.alarm() + "_" + r.value() + ".jpg";
        try {
            Files.createDirectories(folder);
            Path part = Files.createTempFile(folder, "picture", ".part");
            try {
                Files.write(part, picture(r.meterId(), snapshot));
                readableByAll(part);
                Files.move(part, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            List<Entry> all = list(r.meterId());
            for (Entry old : all.subList(Math.min(kept, all.size()), all.size())) {
                Files.deleteIfExists(folder.resolve(old.name()));
            }
            log.info("Meter {} went {} at {}: its picture is {}", r.meterId(), r.alarm(),
                    String.format(Locale.ROOT, "%.4g %s", r.value(), r.unit()), folder.resolve(name));
        } catch (IOException | RuntimeException e) {
            log.warn("Alarm snapshots: cannot keep the picture of {} going {} in {} ({})", r.meterId(), r.alarm(),
                    folder, e.toString());
        }
    }

    /**
     * The meter's part of the annotated frame, as its meter picture shows it: the needle of a
     * gauge a tenth of a 1280x720 frame wide is what tells whether it was read right. The whole
     * frame where the meter's gauge was not drawn on it.
     */
    private static byte[] picture(String meterId, CameraSnapshot snapshot) {
        return SnapshotRenderer.meterCrop(snapshot, meterId, null)
                .map(crop -> SnapshotRenderer.jpeg(snapshot, 0.9f, crop))
                .orElseGet(() -> SnapshotRenderer.jpeg(snapshot, 0.85f));
    }

    /** rw-r--r-- where the file system has POSIX permissions (a temporary file is the owner's alone). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults
        }
    }

    /** A meter's pictures, newest first; none for a meter that never went into alarm. */
    public List<Entry> list(String meterId) {
        List<Entry> out = new ArrayList<>();
        Path folder = dir.resolve(meterId);
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jpg")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(new Entry(m.group(0), Instant.ofEpochMilli(Long.parseLong(m.group(1))),
                            AlarmState.valueOf(m.group(2)), Double.parseDouble(m.group(3))));
                }
            }
        } catch (IOException e) {
            log.warn("Alarm snapshots: cannot list {} ({})", folder, e.toString());
        }
        out.sort(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::name));
        return out;
    }

    /** One of a meter's pictures by its {@link Entry#id}; empty for any other. */
    public Optional<byte[]> jpeg(String meterId, String id) {
        Optional<Entry> entry = list(meterId).stream().filter(e -> e.id().equals(id)).findFirst();
        try {
            return entry.isEmpty() ? Optional.empty()
                    : Optional.of(Files.readAllBytes(dir.resolve(meterId).resolve(entry.get().name())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the pictures already due (a few seconds at most) and takes no more. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
