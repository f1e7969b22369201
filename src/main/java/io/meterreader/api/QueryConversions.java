package io.meterreader.api;

import io.meterreader.config.DecimalNumber;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.format.datetime.standard.InstantFormatter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How the API reads times and durations from a query, as a person types them: a duration as the
 * configuration takes it ({@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}) or in ISO 8601
 * ({@code PT1M}); a time as Spring takes it (ISO 8601 with its offset, epoch milliseconds, RFC 1123),
 * where an offset's {@code +} that a URL turned into a space ({@code ?from=2026-12-07T09:00:00+01:00}
 * typed into curl) is read as the {@code +} it was. A duration without a unit is refused: seconds or
 * milliseconds would be a guess. A number ({@link #number}) is a decimal one ({@code 1.6},
 * {@code -2.5e3}), not Java's {@code 10f}, {@code NaN} or {@code Infinity}. A parameter an
 * endpoint does not take is refused ({@link KnownParameters}).
 */
@Configuration(proxyBeanMethods = false)
class QueryConversions implements WebMvcConfigurer {

    /** A number and a unit: 30s, 5m, 500ms. */
    private static final Pattern SIMPLE_DURATION = Pattern.compile("[+-]?\\d+(ns|us|ms|s|m|h|d)");

    /** A time whose offset lost its plus sign to a URL's decoding: 2026-12-07T09:00:00 01:00. */
    private static final Pattern SPACED_OFFSET = Pattern.compile(".*T[0-9:.]+ \\d{2}(:?\\d{2})?");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new KnownParameters()).addPathPatterns("/api/**");
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(String.class, Duration.class, QueryConversions::duration);
        registry.addConverter(String.class, Instant.class, QueryConversions::instant);
    }

    /**
     * A query's number as a person writes one, or null where it is not given: Java's own parsing
     * takes {@code 10f}, {@code 10d}, {@code NaN} and {@code Infinity} too, and a converter of
     * ours is not enough to stop that (Spring's binder falls back on its number editor when a
     * conversion fails), so a number parameter is taken as text and read here.
     *
     * @throws BadRequestException naming the parameter, for anything else
     */
    static Double number(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        double d = DecimalNumber.parse(text);
        if (Double.isNaN(d)) {
            throw new BadRequestException(parameter, parameter + " must be a finite decimal number, such as 1.6, got '"
                    + text + "'");
        }
        return d;
    }

    static Duration duration(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        Duration d = SIMPLE_DURATION.matcher(s).matches() ? DurationStyle.SIMPLE.parse(s) : Duration.parse(s);
        if (d.abs().compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(s + " is longer than the years 1 to 9999 span");
        }
        return d;
    }

    /** The longest duration a query may name: as long as the times it may name span, in whole days. */
    static final Duration LONGEST = Duration.ofDays(3_652_059);

    private static final InstantFormatter INSTANTS = new InstantFormatter();

    static Instant instant(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (SPACED_OFFSET.matcher(s).matches()) {
            int space = s.lastIndexOf(' ');
            s = s.substring(0, space) + '+' + s.substring(space + 1);
        }
        Instant t;
        try {
            t = INSTANTS.parse(s, Locale.ROOT);
        } catch (ParseException | DateTimeParseException e) {
            try {
                // a time without its seconds (2026-12-07T10:00Z), as ISO 8601 allows and people write it
                t = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException notThatEither) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new IllegalArgumentException(s + " is outside the years 1 to 9999");
        }
        return t;
    }

    /**
     * The times a query may name: the years 1 to 9999, which every database the store runs on
     * holds and a window's arithmetic in milliseconds cannot overflow. Beyond them PostgreSQL
     * refuses the query ("timestamp out of range"), which is no outage of the store.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
}
