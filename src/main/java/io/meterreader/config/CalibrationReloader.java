package io.meterreader.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts edited calibration files in force without a restart. The folder is looked at every
 * {@code every} (each file's name, size and modification time); when anything changed and looks
 * the same at the next look (a file still being written is not read half-way), the whole folder
 * is loaded and checked again as at start-up, and only a set that loads whole replaces the one in
 * force. A file with an error is logged with what is wrong with it, and every meter keeps the
 * calibration it had, until the folder changes again; so is a folder found empty while meters are
 * in force (an unmounted share looks the same). Polling, rather than the file system's
 * notifications, also sees files on network and container mounts, where those often do not come.
 */
public final class CalibrationReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CalibrationReloader.class);

    private final Path dir;
    private final Collection<String> cameraIds;
    private final Calibrations calibrations;
    private final Duration every;
    private final CalibrationLoader loader = new CalibrationLoader();
    private final Clock clock;
    private List<String> seen;
    /** The folder as the last look saw it changed, waiting to be seen the same once more; null: none. */
    private List<String> settling;
    private volatile String lastError;
    private volatile Instant inForceSince;
    private ScheduledExecutorService timer;

    /**
     * Where the calibration set stands: its folder, how often it is looked at (zero: never), when
     * the set in force was loaded, and why the folder's last change is not in force (null when it is).
     */
    public record Status(Path dir, Duration every, Instant inForceSince, String error) {
    }

    /**
     * @param cameraIds the configured cameras, as at start-up
     * @param every     how often to look at the folder; zero: never
     */
    public CalibrationReloader(Path dir, Collection<String> cameraIds, Calibrations calibrations, Duration every) {
        this(dir, cameraIds, calibrations, every, Clock.systemUTC());
    }

    CalibrationReloader(Path dir, Collection<String> cameraIds, Calibrations calibrations, Duration every, Clock clock) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("a reload interval cannot be negative: " + every);
        }
        this.dir = dir;
        this.cameraIds = List.copyOf(cameraIds);
        this.calibrations = calibrations;
        this.every = every;
        this.clock = clock;
        this.seen = fingerprint();
        this.inForceSince = clock.instant();
    }

    /** Starts looking at the folder every interval (not at all for a zero interval). */
    public synchronized void start() {
        if (every.isZero() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calibration-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // a listener's failure must not end the timer: the next change is tried again
            log.error("Calibration reload failed", e);
        }
    }

    /**
     * Looks at the folder once; when it changed, and looks the same as at the last look (it has
     * settled), loads it and puts it in force.
     *
     * @return what changed in the set in force (nothing when the folder did not change, or did
     *         not load)
     */
    public synchronized Calibrations.Change check() {
        List<String> now = fingerprint();
        Calibrations.Change none = new Calibrations.Change(List.of(), List.of(), List.of());
        if (now.equals(seen)) {
            settling = null;
            return none;
        }
        if (!now.equals(settling)) {
            // Changed since the last look: wait one more, so that a file still being written (an
            // editor saving in place, a copy over the network) is not read half-way.
            settling = now;
            return none;
        }
        seen = now;
        settling = null;
        List<MeterCalibration> meters;
        try {
            meters = loader.load(dir, cameraIds);
            if (meters.isEmpty() && !calibrations.all().isEmpty()) {
                // A mount that dropped out looks like this too: not a reason to stop reading every meter.
                throw new ConfigurationException(dir.toString(), "(folder)", "holds no calibration files; the "
                        + calibrations.all().size() + " meter(s) in force stay (a restart runs without meters)");
            }
        } catch (ConfigurationException e) {
            lastError = e.getMessage();
            log.error("Calibration folder {} changed but was not put in force, every meter keeps its calibration: {}",
                    dir, e.getMessage());
            return none;
        }
        lastError = null;
        Calibrations.Change change = calibrations.replace(meters);
        if (!change.isEmpty()) {
            inForceSince = clock.instant();
            log.info("Calibration folder {} put in force: {}", dir, change);
        }
        return change;
    }

    public Status status() {
        return new Status(dir, every, inForceSince, lastError);
    }

    /** Each calibration file's name, size and modification time, in name order. */
    private List<String> fingerprint() {
        List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(CalibrationLoader::isCalibrationFile).sorted().toList()) {
                files.add(p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        } catch (IOException e) {
            files.add("(unreadable: " + e.getMessage() + ")");
        }
        return files;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
