package io.meterreader.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What putting one set of keyed things in force in place of another changes: things added, things
 * whose key stays but whose content changed, things removed; each list in its set's order.
 */
record KeyedChange<T>(List<T> added, List<T> changed, List<T> removed) {

    /** The things by key, in their order; a key twice is an error. */
    static <T> Map<String, T> index(List<T> things, Function<T, String> key, String what) {
        Map<String, T> byKey = new LinkedHashMap<>();
        for (T t : things) {
            if (byKey.putIfAbsent(key.apply(t), t) != null) {
                throw new IllegalArgumentException("duplicate " + what + " id " + key.apply(t));
            }
        }
        return Collections.unmodifiableMap(byKey);
    }

    static <T> KeyedChange<T> between(Map<String, T> before, Map<String, T> after) {
        List<T> added = new ArrayList<>();
        List<T> changed = new ArrayList<>();
        List<T> removed = new ArrayList<>();
        after.forEach((key, t) -> {
            T previous = before.get(key);
            if (previous == null) {
                added.add(t);
            } else if (!previous.equals(t)) {
                changed.add(t);
            }
        });
        before.forEach((key, t) -> {
            if (!after.containsKey(key)) {
                removed.add(t);
            }
        });
        return new KeyedChange<>(List.copyOf(added), List.copyOf(changed), List.copyOf(removed));
    }

    /** "added a b, changed none, removed c". */
    static <T> String describe(List<T> added, List<T> changed, List<T> removed, Function<T, String> key) {
        return ids("added", added, key) + ", " + ids("changed", changed, key) + ", " + ids("removed", removed, key);
    }

    private static <T> String ids(String what, List<T> things, Function<T, String> key) {
        List<String> ids = things.stream().map(key).toList();
        return what + " " + (ids.isEmpty() ? "none" : String.join(" ", ids));
    }
}
