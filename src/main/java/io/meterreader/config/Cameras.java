package io.meterreader.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The cameras in force: those of {@code meter-reader.cameras}, fixed from start-up, then those of
 * the cameras file ({@code meter-reader.cameras-file}), which may change while the service runs
 * ({@link CalibrationReloader}). A new set replaces the whole one at once; those who run
 * something per camera are told what changed.
 */
public final class Cameras {

    /** What a new set changed: cameras added, cameras whose settings changed (same id), cameras removed. */
    public record Change(List<CameraProperties> added, List<CameraProperties> changed, List<CameraProperties> removed) {

        public static final Change NONE = new Change(List.of(), List.of(), List.of());

        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }

        @Override
        public String toString() {
            return KeyedChange.describe(added, changed, removed, CameraProperties::id);
        }
    }

    private volatile Map<String, CameraProperties> byId;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public Cameras(List<CameraProperties> cameras) {
        this.byId = index(cameras);
    }

    private static Map<String, CameraProperties> index(List<CameraProperties> cameras) {
        return KeyedChange.index(cameras, CameraProperties::id, "camera");
    }

    /** Every camera, those of the service's configuration first, each list in its own order. */
    public List<CameraProperties> all() {
        return List.copyOf(byId.values());
    }

    public Optional<CameraProperties> camera(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /**
     * Tells {@code listener} of every change from now on, on the thread that makes it.
     *
     * @return what stops telling it
     */
    public Runnable onChange(Consumer<Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Puts {@code cameras} in force in place of the current set, and tells the listeners what changed. */
    public synchronized Change replace(List<CameraProperties> cameras) {
        Map<String, CameraProperties> next = index(cameras);
        KeyedChange<CameraProperties> diff = KeyedChange.between(byId, next);
        byId = next;
        Change change = new Change(diff.added(), diff.changed(), diff.removed());
        if (!change.isEmpty()) {
            listeners.forEach(l -> l.accept(change));
        }
        return change;
    }
}
