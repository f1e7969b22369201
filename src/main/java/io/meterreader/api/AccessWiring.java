package io.meterreader.api;

import io.meterreader.config.MeterReaderProperties;
import io.meterreader.metrics.MeterReaderMetrics;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** HTTP Basic for every request but the open paths, when {@code meter-reader.access} sets a username and password. */
@Configuration(proxyBeanMethods = false)
class AccessWiring {

    private static final Logger log = LoggerFactory.getLogger(AccessWiring.class);

    @Bean
    FilterRegistrationBean<AccessFilter> accessFilter(MeterReaderProperties properties, Clock clock,
                                                      MeterReaderMetrics metrics) {
        AccessFilter filter = new AccessFilter(properties.access(), clock);
        FilterRegistrationBean<AccessFilter> registration = new FilterRegistrationBean<>(filter);
        // always: without access set it lets every request through as anyone's (the health's details shown)
        if (properties.access().enabled()) {
            metrics.addAccessRefusals("http", filter::refused);
            log.info("HTTP access needs the credentials of one of {} accounts ({}; open: {})",
                    properties.access().accounts().size(), properties.access().accounts(), properties.access().open());
        }
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);   // before anything is served, after the encoding
        return registration;
    }
}
