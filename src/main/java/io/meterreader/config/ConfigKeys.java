package io.meterreader.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every key of the service's configuration ({@code meter-reader.storage.url}), made from its
 * records, a list's index written {@code [#]}; and the key a misspelt one was most likely meant
 * to be, for the report that stops start-up.
 */
final class ConfigKeys {

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final Pattern VARIABLE_INDEX = Pattern.compile("_\\d+(?=_|$)");
    private static final List<String> KEYS = keys(MeterReaderProperties.class, "meter-reader");
    /** The keys as environment variables: in capitals, '.' and '-' as '_', an index as {@code _#}. */
    private static final List<String> VARIABLES = KEYS.stream()
            .map(k -> k.replace("[#]", "_#").replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT)).toList();

    private ConfigKeys() {
    }

    /** Every key, in the records' order. */
    static List<String> all() {
        return KEYS;
    }

    /**
     * The key nearest {@code key} (as Spring Boot names it: {@code meter-reader.cameras[1].urll}),
     * with the indices {@code key} gave: one a few typing slips away and nearer than any other.
     */
    static Optional<String> nearest(String key) {
        return nearest(key, INDEX, "[#]", KEYS);
    }

    /**
     * The environment variable nearest {@code variable} ({@code METER_READER_ACCESS_PASWORD}) that
     * names a key, likewise.
     */
    static Optional<String> nearestVariable(String variable) {
        return nearest(variable.toUpperCase(Locale.ROOT), VARIABLE_INDEX, "_#", VARIABLES);
    }

    private static Optional<String> nearest(String name, Pattern index, String slot, List<String> known) {
        List<String> indices = new ArrayList<>();
        Matcher m = index.matcher(name);
        while (m.find()) {
            indices.add(m.group());
        }
        String asKnown = m.replaceAll(Matcher.quoteReplacement(slot));
        int allowed = Math.max(2, asKnown.substring(Math.max(asKnown.lastIndexOf('.'), asKnown.lastIndexOf('_')) + 1)
                .length() / 3);
        String best = closest(asKnown, known, allowed);
        if (best == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        Matcher slots = Pattern.compile(Pattern.quote(slot)).matcher(best);
        int i = 0;
        while (slots.find()) {
            String given = i < indices.size() ? indices.get(i) : slot.replace("#", "0");
            slots.appendReplacement(out, Matcher.quoteReplacement(given));
            i++;
        }
        slots.appendTail(out);
        return Optional.of(out.toString());
    }

    /**
     * The one of {@code known} nearest {@code name}, at most {@code allowed} slips away and nearer
     * than any other; null where none is, or two are as near, or {@code name} is one of them.
     */
    static String closest(String name, Collection<String> known, int allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tied = false;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
                tied = false;
            } else if (d == bestDistance) {
                tied = true;
            }
        }
        return best == null || tied || bestDistance == 0 || bestDistance > allowed ? null : best;
    }

    /** Levenshtein's distance: the fewest insertions, deletions and substitutions from a to b. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static List<String> keys(Class<?> record, String prefix) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            out.addAll(keys(c.getGenericType(), prefix + "." + CameraFile.kebab(c.getName())));
        }
        return out;
    }

    private static List<String> keys(Type type, String name) {
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            List<String> out = new ArrayList<>(List.of(name));
            out.addAll(keys(p.getActualTypeArguments()[0], name + "[#]"));
            return out;
        }
        List<String> out = new ArrayList<>(List.of(name));
        if (type instanceof Class<?> c && c.isRecord() && c.getPackageName().startsWith("io.meterreader")) {
            // its own name too: a record may bind whole from text (an address block)
            out.addAll(keys(c, name));
        }
        return out;
    }
}
