package io.meterreader.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Binds {@code meter-reader.*}, loads the cameras file and the calibration folder at start-up and
 * puts their later edits in force.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MeterReaderProperties.class)
class ConfigurationWiring {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationWiring.class);

    /**
     * A camera list set empty in a plant's own file ({@code cameras: []}, every camera in the
     * cameras file) leaves the packaged default's demo cameras unbound, and the check for unknown
     * keys took theirs for keys the service does not know: it did not start, blaming the jar's own
     * file (found by the camera audit). Those keys, and only while the list is set empty, pass.
     */
    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor emptyCameraList(Environment environment) {
        return handler -> new AbstractBindHandler(handler) {
            @Override
            public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                                 Object result) throws Exception {
                try {
                    super.onFinish(name, target, context, result);
                } catch (UnboundConfigurationPropertiesException e) {
                    if (!"".equals(environment.getProperty("meter-reader.cameras"))) {
                        throw e;
                    }
                    Set<ConfigurationProperty> left = new LinkedHashSet<>(e.getUnboundProperties());
                    left.removeIf(p -> p.getName().toString().startsWith("meter-reader.cameras["));
                    if (!left.isEmpty()) {
                        throw new UnboundConfigurationPropertiesException(left);
                    }
                }
            }
        };
    }

    /** The cameras of the configuration, then those of the cameras file. */
    @Bean
    Cameras cameras(MeterReaderProperties properties) {
        checkEnvironment(System.getenv());
        List<CameraProperties> cameras = CameraFile.withFixed(properties.cameras(), properties.camerasFile());
        if (properties.camerasFile() != null) {
            log.info("Cameras file {}: {} camera(s), put in force again when edited", properties.camerasFile(),
                    cameras.size() - properties.cameras().size());
        }
        for (CameraProperties c : cameras) {
            // CameraUrl.toString() is the masked form: credentials never reach the log.
            log.info("Camera {}: {} (read every {} ms{})", c.id(), c.url(), c.readInterval().toMillis(),
                    c.keyframesOnly() ? ", key frames only" : "");
        }
        return new Cameras(cameras);
    }

    /**
     * Stops start-up where the environment has a variable meant for the service that no key takes
     * (named, never its value: it may be a password's), as a misspelt key in a file does.
     */
    static void checkEnvironment(Map<String, String> environment) {
        List<String> unknown = EnvironmentKeys.unknown(environment);
        if (!unknown.isEmpty()) {
            String meant = unknown.stream().flatMap(v -> ConfigKeys.nearestVariable(v)
                            .map(k -> unknown.size() == 1 ? k : k + " for " + v).stream())
                    .collect(Collectors.joining(", "));
            throw new ConfigurationException(String.join(", ", unknown), "set in the environment "
                    + (unknown.size() == 1 ? "is no key" : "are no keys") + " of the service (misspelt? README, "
                    + "Configuration, lists every key; a variable's name is its key in capitals, '.' and '-' as "
                    + "'_', a list's index as a number: METER_READER_CAMERAS_0_URL)"
                    + (meant.isEmpty() ? "" : "; did you mean " + meant + "?"));
        }
    }

    @Bean
    Calibrations calibrations(MeterReaderProperties properties, Cameras cameras) {
        List<String> cameraIds = cameras.ids();
        List<MeterCalibration> meters = new CalibrationLoader().load(properties.calibrationDir(), cameraIds);
        if (meters.isEmpty() && !cameraIds.isEmpty()) {
            // the service runs, reading nothing: a folder left empty, or a share not mounted yet
            log.warn("No meter calibration in {} (.yaml or .yml files): the {} camera(s) are read but no meter is; "
                    + "files added there are put in force while it runs (calibration-reload)", properties.calibrationDir(),
                    cameraIds.size());
        } else {
            log.info("Loaded {} meter calibration(s) from {} for {} camera(s)", meters.size(),
                    properties.calibrationDir(), cameraIds.size());
        }
        return new Calibrations(meters);
    }

    /** Writes marks into calibration files, where {@code calibration-edits} lets it. */
    @Bean
    CalibrationEditor calibrationEditor(MeterReaderProperties properties, Cameras cameras) {
        return new CalibrationEditor(properties.calibrationDir(), cameras::ids);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    CalibrationReloader calibrationReloader(MeterReaderProperties properties, Calibrations calibrations,
                                            Cameras cameras) {
        return new CalibrationReloader(properties.calibrationDir(), calibrations, cameras, properties.cameras(),
                properties.camerasFile(), properties.calibrationReload());
    }
}
