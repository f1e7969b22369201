package io.meterreader.api;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read: a field that takes text is given text. Jackson would take
 * {@code {"reason": 5}} or {@code {"duration": true}} as the text "5" and "true"; a script that
 * sends a number where the API takes text has a mistake in it, which a 400 names. A field named
 * twice ({@code {"user": "ann", "user": "bob"}}) is such a mistake too: Jackson took the last. So
 * is a field the endpoint does not take: Spring Boot's Jackson passes over it, and a shelving
 * with {@code "duraton": "2h"} was a one-shot shelf, one with {@code "usr"} recorded no one.
 */
@Configuration(proxyBeanMethods = false)
class JsonBodies implements WebMvcConfigurer {

    /**
     * The API speaks JSON alone. Spring adds a YAML converter where Jackson's YAML module is on
     * the class path (the calibration files need it): a command sent as {@code application/yaml}
     * was read without the checks above (its unknown fields passed) and without the body limit
     * ({@link JsonBodyLimit}); it is now a 415, as any other type.
     */
    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(c -> c.getSupportedMediaTypes().stream().anyMatch(t -> t.getSubtype().contains("yaml")));
    }

    @Bean
    JsonMapperBuilderCustomizer textIsText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
