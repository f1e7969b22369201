package io.meterreader.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny parser for {@code --name value} options, {@code --name} flags and positional arguments;
 * unknown options, missing values and a value given to a flag are usage errors that name the
 * option.
 */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> flags = new HashSet<>();

    private Options() {
    }

    static Options parse(List<String> args, Set<String> known) {
        return parse(args, known, Set.of());
    }

    /** As {@link #parse(List, Set)}, with {@code flags}: options that take no value. */
    static Options parse(List<String> args, Set<String> known, Set<String> flags) {
        Options o = new Options();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw new UsageException("option --" + name + " takes no value");
                    }
                    o.flags.add(name);
                    continue;
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (o.values.containsKey(name)) {
                    throw new UsageException("option --" + name + " is given twice; give it once");
                }
                o.values.put(name, value);
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Whether the flag {@code name} was given. */
    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Double number(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        double d = io.meterreader.config.DecimalNumber.parse(v);
        if (Double.isNaN(d)) {
            throw new UsageException("--" + name + " must be a number such as 10 or -2.5, got '" + v + "'");
        }
        return d;
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** Option {@code --name}: true or false, {@code fallback} when not given. */
    boolean bool(String name, boolean fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new UsageException("--" + name + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    List<String> positional() {
        return positional;
    }
}
