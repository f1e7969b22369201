package io.meterreader.mqtt;

import io.meterreader.config.AccessProperties;
import io.meterreader.config.MeterReaderProperties;
import io.meterreader.metrics.MeterReaderMetrics;
import io.meterreader.metrics.ServiceHealth;
import java.time.Clock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MQTT output, when {@code meter-reader.mqtt.url} names a broker; the pipeline hands it its readings. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "meter-reader.mqtt", name = "url")
class MqttWiring {

    /** The JSON topics, unless {@code meter-reader.mqtt.json-topics} is false. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "meter-reader.mqtt", name = "json-topics", havingValue = "true",
            matchIfMissing = true)
    MqttPublisher mqttPublisher(MeterReaderProperties properties, MeterReaderMetrics metrics) {
        MqttPublisher publisher = new MqttPublisher(properties.mqtt());
        publisher.reservePersonalNames(properties.access().users().stream()
                .map(AccessProperties.Account::username).collect(Collectors.toSet()));
        publisher.reserveSharedNames(Stream.of(properties.access().username(), properties.access().viewerUsername())
                .filter(n -> n != null && !n.isEmpty()).collect(Collectors.toSet()));
        metrics.addMqtt(publisher::isConnected, publisher::published, publisher::superseded);
        return publisher;
    }

    /** The Sparkplug B edge node, when {@code meter-reader.mqtt.sparkplug.enabled}. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "meter-reader.mqtt.sparkplug", name = "enabled", havingValue = "true")
    SparkplugNode sparkplugNode(MeterReaderProperties properties, MeterReaderMetrics metrics, Clock clock) {
        SparkplugNode node = new SparkplugNode(properties.mqtt(), clock);
        metrics.addSparkplug(node::isOnline, node::published);
        return node;
    }

    /**
     * {@code sparkplug} in {@code /actuator/health}: DEGRADED while the node is not online to the
     * SCADA (the broker away, or the primary host offline).
     */
    @Bean
    @ConditionalOnProperty(prefix = "meter-reader.mqtt.sparkplug", name = "enabled", havingValue = "true")
    HealthIndicator sparkplugHealthIndicator(SparkplugNode node) {
        return () -> {
            String problem = node.problem();
            Health.Builder health = problem == null ? Health.up()
                    : Health.status(ServiceHealth.DEGRADED).withDetail("problem", problem);
            return health.withDetail("broker", node.url())
                    .withDetail("edgeNode", node.nodeTopic("NBIRTH").replace("/NBIRTH/", "/"))
                    .withDetail("published", node.published())
                    .build();
        };
    }

    /**
     * {@code mqtt} in {@code /actuator/health}, with the JSON topics: DEGRADED while the broker is
     * away (readings wait for it).
     */
    @Bean
    @ConditionalOnProperty(prefix = "meter-reader.mqtt", name = "json-topics", havingValue = "true",
            matchIfMissing = true)
    HealthIndicator mqttHealthIndicator(MqttPublisher publisher) {
        return () -> {
            Health.Builder health = publisher.isConnected() ? Health.up()
                    : Health.status(ServiceHealth.DEGRADED).withDetail("problem",
                            publisher.lastError() == null ? "not connected yet" : publisher.lastError());
            return health.withDetail("broker", publisher.url())
                    .withDetail("published", publisher.published())
                    .withDetail("pending", publisher.pending())
                    .build();
        };
    }
}
