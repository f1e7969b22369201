package io.meterreader.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loaded calibration set: every meter, by id, in file-name order. */
public final class Calibrations {

    private final Map<String, MeterCalibration> byId = new LinkedHashMap<>();

    public Calibrations(List<MeterCalibration> meters) {
        for (MeterCalibration m : meters) {
            if (byId.putIfAbsent(m.id(), m) != null) {
                throw new IllegalArgumentException("duplicate meter id " + m.id());
            }
        }
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
}
