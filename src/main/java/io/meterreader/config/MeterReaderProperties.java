package io.meterreader.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code meter-reader.*}. Unknown fields are errors, so a misspelt key stops
 * start-up instead of being silently ignored.
 *
 * @param cameras        the cameras to read (may be empty: the service then only reads uploads)
 * @param calibrationDir the folder of calibration files, one YAML per meter (default calibration)
 * @param inference      models and runtime
 * @param storage        reading history
 * @param pipeline       whether and how the live pipeline runs
 * @param calibrationReload how often the calibration folder is looked at for edited files, which
 *                       are then put in force without a restart (default 5s; 0: never)
 */
@Validated
@ConfigurationProperties(prefix = "meter-reader", ignoreUnknownFields = false)
public record MeterReaderProperties(
        @DefaultValue @Valid List<@Valid @NotNull CameraProperties> cameras,
        @DefaultValue("calibration") @NotNull Path calibrationDir,
        @DefaultValue @Valid @NotNull InferenceProperties inference,
        @DefaultValue @Valid @NotNull StorageProperties storage,
        @DefaultValue @Valid @NotNull PipelineProperties pipeline,
        @DefaultValue("5s") @NotNull Duration calibrationReload) {

    public MeterReaderProperties {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        if (calibrationReload != null && calibrationReload.isNegative()) {
            throw new ConfigurationException("meter-reader.calibration-reload",
                    "must be 0 (never) or more, got " + calibrationReload);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cameras.size(); i++) {
            String id = cameras.get(i).id();
            if (id != null && !seen.add(id)) {
                throw new ConfigurationException("meter-reader.cameras[" + i + "].id",
                        "duplicate camera id '" + id + "'");
            }
            Duration freeze = cameras.get(i).freezeTimeout();
            if (freeze != null && !freeze.isZero() && !freeze.isNegative()
                    && freeze.compareTo(CameraProperties.MIN_FREEZE_TIMEOUT) < 0) {
                throw new ConfigurationException("meter-reader.cameras[" + i + "].freeze-timeout",
                        "must be 0 (never checked) or at least " + CameraProperties.MIN_FREEZE_TIMEOUT.toSeconds()
                        + "s (between key frames a still scene's picture may stand still for seconds), got "
                        + freeze.toMillis() + " ms");
            }
        }
    }

    public Optional<CameraProperties> camera(String id) {
        return cameras.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
