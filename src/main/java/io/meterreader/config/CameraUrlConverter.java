package io.meterreader.config;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds a property string to a {@link CameraUrl}. It never fails: a bad URL is reported by
 * validation, whose message masks the credentials (a conversion error would print the raw value).
 */
@Component
@ConfigurationPropertiesBinding
class CameraUrlConverter implements Converter<String, CameraUrl> {
    @Override
    public CameraUrl convert(String source) {
        return CameraUrl.of(source);
    }
}
