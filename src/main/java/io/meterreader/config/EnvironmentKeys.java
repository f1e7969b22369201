package io.meterreader.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment variables meant for the service ({@code METER_READER_...}) that no key of it
 * takes. Spring Boot checks the keys of the configuration files and the flags, but a variable
 * whose name maps to no key is passed over in silence: {@code METER_READER_ACCESS_PASWORD} left
 * a compose file's service open to anyone. The names the keys take are made from the
 * configuration's records: a key's parts in capitals, with or without underscores between their
 * words ({@code STORAGE_ALARM_STATE_FILE} or {@code STORAGE_ALARMSTATEFILE}), a list's index as
 * a number ({@code CAMERAS_0_URL}), a map's key as any word.
 */
final class EnvironmentKeys {

    private static final String PREFIX = "METER_READER_";
    private static final String SQUEEZED_PREFIX = "METERREADER_";
    /** Every name a key takes, squeezed (no underscores), as one pattern. */
    private static final Pattern KNOWN = Pattern.compile(String.join("|", names(MeterReaderProperties.class, "")));

    private EnvironmentKeys() {
    }

    /** The variables of {@code environment} meant for the service that no key takes, sorted. */
    static List<String> unknown(Map<String, String> environment) {
        return environment.keySet().stream().filter(EnvironmentKeys::unknown).sorted().toList();
    }

    private static boolean unknown(String variable) {
        String upper = variable.toUpperCase(Locale.ROOT);
        String rest = upper.startsWith(PREFIX) ? upper.substring(PREFIX.length())
                : upper.startsWith(SQUEEZED_PREFIX) ? upper.substring(SQUEEZED_PREFIX.length()) : null;
        return rest != null && !KNOWN.matcher(rest.replace("_", "")).matches();
    }

    /**
     * The squeezed names (patterns) of a record's keys, each under {@code prefix}; a record's own
     * name too, for a value that binds it whole from text (a camera URL).
     */
    private static List<String> names(Class<?> record, String prefix) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            out.addAll(names(c.getGenericType(), prefix + c.getName().toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    private static List<String> names(Type type, String name) {
        List<String> out = new ArrayList<>(List.of(name));
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                out.addAll(names(args[0], name + "\\d+"));
            } else if (Map.class.isAssignableFrom(raw)) {
                out.addAll(names(args[1], name + "[A-Z0-9]+"));
            }
        } else if (type instanceof Class<?> c && c.isRecord() && c.getPackageName().startsWith("io.meterreader")) {
            out.addAll(names(c, name));
        }
        return out;
    }
}
