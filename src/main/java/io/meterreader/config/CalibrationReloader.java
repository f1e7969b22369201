package io.meterreader.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts edited calibration files, and an edited cameras file, in force without a restart. The
 * folder and the file are looked at every {@code every} (each file's name, size and modification
 * time); when anything changed and looks the same at the next look (a file still being written is
 * not read half-way), the cameras file and the whole folder are loaded and checked again as at
 * start-up, the meters against the cameras that would then be in force, and only when both load
 * whole do they replace what is in force: the cameras first (a camera added is running before its
 * meters come), then the meters. A file with an error is logged with what is wrong with it, and
 * every camera and meter keeps what it had, until the files change again; so is a folder found
 * empty while meters are in force (an unmounted share looks the same). Polling, rather than the
 * file system's notifications, also sees files on network and container mounts, where those often
 * do not come.
 */
public final class CalibrationReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CalibrationReloader.class);

    private final Path dir;
    private final Calibrations calibrations;
    private final Cameras cameras;
    /** The cameras of {@code meter-reader.cameras}, fixed from start-up. */
    private final List<CameraProperties> fixedCameras;
    /** The cameras file; null: none. */
    private final Path camerasFile;
    private final Duration every;
    /** What is wrong with the set in force without keeping it from loading; replaced at each load. */
    private volatile List<String> warnings;
    private final CalibrationLoader loader = new CalibrationLoader();
    private final Clock clock;
    private List<String> seen;
    /** The folder as the last look saw it changed, waiting to be seen the same once more; null: none. */
    private List<String> settling;
    private volatile String lastError;
    private volatile Instant inForceSince;
    private ScheduledExecutorService timer;

    /**
     * Where the calibration set stands: its folder, the cameras file (null: none), how often they
     * are looked at (zero: never), when what is in force was loaded, why their last change is not
     * in force (null when it is), and what is wrong with the set in force without keeping it from
     * loading ({@link CalibrationLoader#warnings}).
     */
    public record Status(Path dir, Path camerasFile, Duration every, Instant inForceSince, String error,
                         List<String> warnings) {
    }

    /**
     * @param cameras      the cameras in force; those of the cameras file are replaced as it changes
     * @param fixedCameras the cameras of {@code meter-reader.cameras}, which stay
     * @param camerasFile  the cameras file; null: none, {@code cameras} never changes
     * @param every        how often to look at the folder and the file; zero: never
     */
    public CalibrationReloader(Path dir, Calibrations calibrations, Cameras cameras, List<CameraProperties> fixedCameras,
                               Path camerasFile, Duration every) {
        this(dir, calibrations, cameras, fixedCameras, camerasFile, every, Clock.systemUTC());
    }

    CalibrationReloader(Path dir, Calibrations calibrations, Cameras cameras, List<CameraProperties> fixedCameras,
                        Path camerasFile, Duration every, Clock clock) {
        if (every.isNegative()) {
            throw new IllegalArgumentException("a reload interval cannot be negative: " + every);
        }
        this.dir = dir;
        this.calibrations = calibrations;
        this.cameras = cameras;
        this.fixedCameras = List.copyOf(fixedCameras);
        this.camerasFile = camerasFile;
        this.every = every;
        this.clock = clock;
        this.seen = fingerprint();
        this.inForceSince = clock.instant();
        this.warnings = CalibrationLoader.warnings(calibrations.all(), dir);
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
     * Looks at the folder and the cameras file once; when they changed, and look the same as at
     * the last look (they have settled), loads them and puts them in force.
     *
     * @return what changed in the calibration set in force (nothing when nothing changed, or the
     *         files did not load); the cameras' change is told to {@link Cameras}' listeners
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
        List<CameraProperties> nextCameras = cameras.all();
        List<MeterCalibration> meters;
        try {
            if (camerasFile != null) {
                nextCameras = CameraFile.withFixed(fixedCameras, camerasFile);
            }
            meters = loader.load(dir, nextCameras.stream().map(CameraProperties::id).toList());
            if (meters.isEmpty() && !calibrations.all().isEmpty()) {
                // A mount that dropped out looks like this too: not a reason to stop reading every meter.
                throw new ConfigurationException(dir.toString(), "(folder)", "holds no calibration files; the "
                        + calibrations.all().size() + " meter(s) in force stay (a restart runs without meters)");
            }
        } catch (ConfigurationException e) {
            lastError = e.getMessage();
            // a person's mistake in a file, the service unharmed: a warning (the API's calibration status has it too)
            log.warn("Calibration folder {}{} changed but is not put in force, every camera and meter keeps what it"
                    + " had: {}", dir, camerasFile == null ? "" : " or cameras file " + camerasFile, e.getMessage());
            return none;
        }
        String refused = lastError;
        lastError = null;
        warnings = CalibrationLoader.warnings(meters, dir);
        Cameras.Change cameraChange = cameras.replace(nextCameras);
        if (!cameraChange.isEmpty()) {
            log.info("Cameras file {} put in force: {}", camerasFile, cameraChange);
        }
        Calibrations.Change change = calibrations.replace(meters);
        if (!change.isEmpty()) {
            log.info("Calibration folder {} put in force: {}", dir, change);
        }
        if (!change.isEmpty() || !cameraChange.isEmpty()) {
            inForceSince = clock.instant();
        } else if (refused != null) {
            // the refused edit undone (the file put back as it was): the log's last word was the refusal
            log.info("Calibration folder {}{} is as in force again: the edit refused before was undone or mended to "
                    + "no change", dir, camerasFile == null ? "" : " and cameras file " + camerasFile);
        }
        return change;
    }

    public Status status() {
        return new Status(dir, camerasFile, every, inForceSince, lastError, warnings);
    }

    /**
     * Each calibration file's name, size, modification time and whether it may be read, in name
     * order, then the cameras file's: a file made readable again by {@code chmod} (which changes
     * neither its size nor its time) is a change, and the refused reload is tried again. And
     * how many calibration files each subfolder holds, so that one put there is warned of.
     */
    private List<String> fingerprint() {
        List<String> files = new ArrayList<>();
        if (camerasFile != null) {
            files.add("cameras " + look(camerasFile));
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(CalibrationLoader::isCalibrationFile).sorted().toList()) {
                files.add(p.getFileName() + " " + look(p));
            }
        } catch (IOException e) {
            files.add("(unreadable: " + e.getMessage() + ")");
        }
        // a file put into a subfolder is not read, but the load that follows says so
        files.addAll(CalibrationLoader.unreadSubfolders(dir));
        return files;
    }

    private static String look(Path file) {
        try {
            return Files.size(file) + " " + Files.getLastModifiedTime(file) + (Files.isReadable(file) ? "" : " unreadable")
                    + (Files.isRegularFile(file) ? "" : " not-a-file");
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
