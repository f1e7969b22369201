package io.meterreader.config;

import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds {@code modbus.word-order}, saying the values it takes when it is given another. */
@Component
@ConfigurationPropertiesBinding
class WordOrderConverter implements Converter<String, ModbusProperties.WordOrder> {
    @Override
    public ModbusProperties.WordOrder convert(String source) {
        return switch (source.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "high-first" -> ModbusProperties.WordOrder.HIGH_FIRST;
            case "low-first" -> ModbusProperties.WordOrder.LOW_FIRST;
            default -> throw new BadValueException("must be high-first or low-first, got '" + source.strip() + "'");
        };
    }
}
