package io.meterreader.modbus;

import io.meterreader.config.Calibrations;
import io.meterreader.config.MeterCalibration;
import io.meterreader.config.MeterReaderProperties;
import io.meterreader.config.ModbusProperties;
import io.meterreader.metrics.MeterReaderMetrics;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Modbus TCP server, when {@code meter-reader.modbus.port} is set; the pipeline hands it its readings. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "meter-reader.modbus", name = "port")
class ModbusWiring {

    private static final Logger log = LoggerFactory.getLogger(ModbusWiring.class);

    @Bean(initMethod = "start", destroyMethod = "close")
    ModbusServer modbusServer(MeterReaderProperties properties, Calibrations calibrations, MeterReaderMetrics metrics,
                              Clock clock) {
        Set<String> calibrated = calibrations.all().stream().map(MeterCalibration::id).collect(Collectors.toSet());
        for (ModbusProperties.Register r : properties.modbus().meters()) {
            if (!calibrated.contains(r.meter())) {
                // not an error: its calibration file may be added while the service runs
                log.warn("Modbus TCP: the register map names meter {} (register {}), which no calibration file in {} "
                        + "has; its block reads as no reading until one does", r.meter(), r.register(),
                        properties.calibrationDir());
            }
        }
        ModbusServer server = new ModbusServer(properties.modbus(), clock);
        metrics.addModbus(server::clients, server::requests);
        if (!properties.modbus().allowedClients().isEmpty()) {
            metrics.addAccessRefusals("modbus", server::refusedConnections);
        }
        return server;
    }

    /** {@code modbus} in {@code /actuator/health}: the port, the meters mapped and the clients connected. */
    @Bean
    HealthIndicator modbusHealthIndicator(ModbusServer server) {
        return () -> Health.up().withDetail("port", server.port()).withDetail("meters", server.meters())
                .withDetail("clients", server.clients()).build();
    }
}
