package io.meterreader.config;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code meter-reader.*}, loads the calibration folder at start-up and puts its later edits in force. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MeterReaderProperties.class)
class ConfigurationWiring {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationWiring.class);

    @Bean
    Calibrations calibrations(MeterReaderProperties properties) {
        List<String> cameraIds = properties.cameras().stream().map(CameraProperties::id).toList();
        for (CameraProperties c : properties.cameras()) {
            // CameraUrl.toString() is the masked form: credentials never reach the log.
            log.info("Camera {}: {} (read every {} ms{})", c.id(), c.url(), c.readInterval().toMillis(),
                    c.keyframesOnly() ? ", key frames only" : "");
        }
        List<MeterCalibration> meters = new CalibrationLoader().load(properties.calibrationDir(), cameraIds);
        log.info("Loaded {} meter calibration(s) from {} for {} camera(s)", meters.size(),
                properties.calibrationDir(), cameraIds.size());
        return new Calibrations(meters);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    CalibrationReloader calibrationReloader(MeterReaderProperties properties, Calibrations calibrations) {
        List<String> cameraIds = properties.cameras().stream().map(CameraProperties::id).toList();
        return new CalibrationReloader(properties.calibrationDir(), cameraIds, calibrations,
                properties.calibrationReload());
    }
}
