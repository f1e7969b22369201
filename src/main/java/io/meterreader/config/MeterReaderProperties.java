package io.meterreader.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param mqtt           readings published to an MQTT broker (off unless its url is set)
 * @param opcua          an OPC UA server of the meters' readings (off unless its port is set)
 * @param modbus         a Modbus TCP server of the mapped meters' readings (off unless its port is set)
 * @param access         the username and password HTTP requests need (none unless both are set)
 * @param alarms         the alarm list's plant-wide rules (the longest shelf)
 * @param pipeline       whether and how the live pipeline runs
 * @param calibrationReload how often the calibration folder and the cameras file are looked at for
 *                       edits, which are then put in force without a restart (default 5s; 0: never)
 * @param camerasFile    a YAML file of more cameras ({@code cameras:}, a list as this one's), which
 *                       may be edited while the service runs ({@link CameraFile}); unset: none
 * @param calibrationEdits whether the marks page may write a meter's marks into its calibration file
 *                       ({@code PUT /api/v1/meters/{id}/marks}, an operator's; default false: the
 *                       folder is written by people alone)
 */
@Validated
@ConfigurationProperties(prefix = "meter-reader", ignoreUnknownFields = false)
public record MeterReaderProperties(
        @DefaultValue @Valid List<@Valid @NotNull CameraProperties> cameras,
        @DefaultValue("calibration") @NotNull Path calibrationDir,
        @DefaultValue @Valid @NotNull InferenceProperties inference,
        @DefaultValue @Valid @NotNull StorageProperties storage,
        @DefaultValue @Valid @NotNull MqttProperties mqtt,
        @DefaultValue @Valid @NotNull OpcUaProperties opcua,
        @DefaultValue @Valid @NotNull ModbusProperties modbus,
        @DefaultValue @Valid @NotNull AccessProperties access,
        @DefaultValue @Valid @NotNull AlarmsProperties alarms,
        @DefaultValue @Valid @NotNull PipelineProperties pipeline,
        @DefaultValue("5s") @NotNull Duration calibrationReload,
        Path camerasFile,
        @DefaultValue("false") boolean calibrationEdits) {

    public MeterReaderProperties {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        if (calibrationReload != null && calibrationReload.isNegative()) {
            throw new ConfigurationException("meter-reader.calibration-reload",
                    "must be 0 (never) or more, got " + calibrationReload);
        }
        if (calibrationReload != null && !calibrationReload.isZero() && calibrationReload.toMillis() < 100) {
            // a look lists the folder and reads each file's size and time: every few milliseconds that
            // costs a share of a core, and a file half-written is caught between two looks that close
            throw new ConfigurationException("meter-reader.calibration-reload", "must be 0 (never) or at least 100 ms, "
                    + "got " + calibrationReload.toMillis() + " ms (a number without a unit is milliseconds: write "
                    + calibrationReload.toMillis() + "s for seconds)");
        }
        if (camerasFile != null && calibrationDir != null && camerasFile.toAbsolutePath().normalize().getParent()
                .equals(calibrationDir.toAbsolutePath().normalize())) {
            throw new ConfigurationException("meter-reader.cameras-file", "must not be in the calibration folder "
                    + calibrationDir + " (every YAML file there is read as a meter's calibration), got " + camerasFile);
        }
        CameraProperties.ListProblem problem = CameraProperties.problem(cameras, Set.of());
        if (problem != null) {
            throw new ConfigurationException("meter-reader.cameras[" + problem.index() + "]." + problem.field(),
                    problem.problem());
        }
    }
}
