package io.meterreader.pipeline;

import io.meterreader.camera.CameraStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an output (MQTT) each camera's state when it changes: looks at the cameras every
 * {@code every} and passes on those whose state, last error, warning or reader differ from what
 * was last passed on (frame counters are not a change), and says when a camera is gone.
 */
final class CameraStateFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraStateFeed.class);

    private final Supplier<List<CameraStatus>> cameras;
    private final Function<String, String> warnings;
    private final BiConsumer<String, Map<String, Object>> changed;
    private final Consumer<String> gone;
    private final Duration every;
    private final Map<String, Map<String, Object>> told = new HashMap<>();
    private ScheduledExecutorService timer;

    /**
     * @param warnings each camera's warning (it seems to have moved), null when none
     * @param changed  told a camera's id and its state as fields: cameraId, url (masked), state,
     *                 lastError, warning, reader
     * @param gone     told a camera's id once it is no longer read
     */
    CameraStateFeed(Supplier<List<CameraStatus>> cameras, Function<String, String> warnings,
                    BiConsumer<String, Map<String, Object>> changed, Consumer<String> gone, Duration every) {
        this.cameras = cameras;
        this.warnings = warnings;
        this.changed = changed;
        this.gone = gone;
        this.every = every;
    }

    /** Looks at the cameras once, passing on what changed since the last look. */
    synchronized void look() {
        Set<String> seen = new HashSet<>();
        for (CameraStatus s : cameras.get()) {
            seen.add(s.id());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("cameraId", s.id());
            state.put("url", s.url());
            state.put("state", s.state().name());
            state.put("lastError", s.lastError());
            state.put("warning", warnings.apply(s.id()));
            state.put("reader", s.reader());
            if (!state.equals(told.get(s.id()))) {
                told.put(s.id(), state);
                changed.accept(s.id(), state);
            }
        }
        for (String id : Set.copyOf(told.keySet())) {
            if (!seen.contains(id)) {
                told.remove(id);
                gone.accept(id);
            }
        }
    }

    synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camera-state-feed");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                look();
            } catch (RuntimeException e) {
                log.warn("Camera states could not be passed on: {}", e.getMessage());
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
