package io.meterreader.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The calibration set in force: every meter, by id, in file-name order. A new set replaces the
 * whole one at once ({@link #replace}), so each frame is read with one set or the other, never a
 * mix; those who keep something per meter are told what changed.
 */
public final class Calibrations {

    /** What a new set changed: meters added, meters whose calibration changed (same id), meters removed. */
    public record Change(List<MeterCalibration> added, List<MeterCalibration> changed, List<MeterCalibration> removed) {

        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }

        @Override
        public String toString() {
            return KeyedChange.describe(added, changed, removed, MeterCalibration::id);
        }
    }

    private volatile Map<String, MeterCalibration> byId;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public Calibrations(List<MeterCalibration> meters) {
        this.byId = index(meters);
    }

    private static Map<String, MeterCalibration> index(List<MeterCalibration> meters) {
        return KeyedChange.index(meters, MeterCalibration::id, "meter");
    }

    public List<MeterCalibration> all() {
        return List.copyOf(byId.values());
    }

    public Optional<MeterCalibration> meter(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<MeterCalibration> onCamera(String cameraId) {
        return byId.values().stream().filter(m -> m.camera().equals(cameraId)).toList();
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

    /** Puts {@code meters} in force in place of the current set, and tells the listeners what changed. */
    public synchronized Change replace(List<MeterCalibration> meters) {
        Map<String, MeterCalibration> next = index(meters);
        KeyedChange<MeterCalibration> diff = KeyedChange.between(byId, next);
        byId = next;
        Change change = new Change(diff.added(), diff.changed(), diff.removed());
        if (!change.isEmpty()) {
            listeners.forEach(l -> l.accept(change));
        }
        return change;
    }
}
