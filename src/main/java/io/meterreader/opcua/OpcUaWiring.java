package io.meterreader.opcua;

import io.meterreader.config.ConfigurationException;
import io.meterreader.config.MeterReaderProperties;
import io.meterreader.metrics.MeterReaderMetrics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OPC UA server, when {@code meter-reader.opcua.port} is set; the pipeline hands it its readings. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "meter-reader.opcua", name = "port")
class OpcUaWiring {

    @Bean(initMethod = "start", destroyMethod = "close")
    OpcUaOutput opcUaOutput(MeterReaderProperties properties, MeterReaderMetrics metrics) {
        if (properties.opcua().accessUsers() && properties.access().users().isEmpty()) {
            throw new ConfigurationException("meter-reader.opcua.access-users",
                    "is true, but meter-reader.access.users lists no personal account to log in with");
        }
        OpcUaOutput server = new OpcUaOutput(properties.opcua(), properties.access().users(),
                properties.access().enabled());
        metrics.addOpcUa(server::sessions);
        if (server.needsLogIn()) {
            metrics.addAccessRefusals("opcua", server::refusedLogIns);
        }
        return server;
    }

    /** {@code opcua} in {@code /actuator/health}: the endpoint and the clients connected. */
    @Bean
    HealthIndicator opcuaHealthIndicator(OpcUaOutput server) {
        return () -> Health.up().withDetail("endpoint", server.endpoint()).withDetail("sessions", server.sessions())
                .build();
    }
}
