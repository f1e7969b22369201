package io.meterreader.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
            return ids("added", added) + ", " + ids("changed", changed) + ", " + ids("removed", removed);
        }

        private static String ids(String what, List<MeterCalibration> meters) {
            List<String> ids = meters.stream().map(MeterCalibration::id).toList();
            return what + " " + (ids.isEmpty() ? "none" : String.join(" ", ids));
        }
    }

    private volatile Map<String, MeterCalibration> byId;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public Calibrations(List<MeterCalibration> meters) {
        this.byId = index(meters);
    }

    private static Map<String, MeterCalibration> index(List<MeterCalibration> meters) {
        Map<String, MeterCalibration> byId = new LinkedHashMap<>();
        for (MeterCalibration m : meters) {
            if (byId.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("duplicate meter id " + m.id());
            }
        }
        return Collections.unmodifiableMap(byId);
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
        Map<String, MeterCalibration> previous = byId;
        List<MeterCalibration> added = new ArrayList<>();
        List<MeterCalibration> changed = new ArrayList<>();
        List<MeterCalibration> removed = new ArrayList<>();
        for (MeterCalibration m : next.values()) {
            MeterCalibration before = previous.get(m.id());
            if (before == null) {
                added.add(m);
            } else if (!before.equals(m)) {
                changed.add(m);
            }
        }
        for (MeterCalibration m : previous.values()) {
            if (!next.containsKey(m.id())) {
                removed.add(m);
            }
        }
        byId = next;
        Change change = new Change(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
        if (!change.isEmpty()) {
            listeners.forEach(l -> l.accept(change));
        }
        return change;
    }
}
