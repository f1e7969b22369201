package io.meterreader.config;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds {@code rtsp-client}, saying the values it takes when it is given another. */
@Component
@ConfigurationPropertiesBinding
class RtspClientConverter implements Converter<String, RtspClient> {
    @Override
    public RtspClient convert(String source) {
        return switch (source.strip().toLowerCase(Locale.ROOT)) {
            case "native" -> RtspClient.NATIVE;
            case "ffmpeg" -> RtspClient.FFMPEG;
            default -> throw new BadValueException("must be native or ffmpeg, got '" + source.strip() + "'");
        };
    }
}
