package io.meterreader.modbus;

import io.meterreader.config.MeterReaderProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Modbus TCP server, when {@code meter-reader.modbus.port} is set; the pipeline hands it its readings. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "meter-reader.modbus", name = "port")
class ModbusWiring {

    @Bean(initMethod = "start", destroyMethod = "close")
    ModbusServer modbusServer(MeterReaderProperties properties, Clock clock) {
        return new ModbusServer(properties.modbus(), clock);
    }

    /** {@code modbus} in {@code /actuator/health}: the port, the meters mapped and the clients connected. */
    @Bean
    HealthIndicator modbusHealthIndicator(ModbusServer server) {
        return () -> Health.up().withDetail("port", server.port()).withDetail("meters", server.meters())
                .withDetail("clients", server.clients()).build();
    }
}
