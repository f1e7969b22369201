package io.meterreader.mqtt;

import io.meterreader.config.MeterReaderProperties;
import io.meterreader.metrics.MeterReaderMetrics;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The MQTT output, when {@code meter-reader.mqtt.url} names a broker; the pipeline hands it its readings. */
@Configuration(proxyBeanMethods = false)
class MqttWiring {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "meter-reader.mqtt", name = "url")
    MqttPublisher mqttPublisher(MeterReaderProperties properties, MeterReaderMetrics metrics) {
        MqttPublisher publisher = new MqttPublisher(properties.mqtt());
        metrics.addMqtt(publisher::isConnected, publisher::published, publisher::superseded);
        return publisher;
    }
}
