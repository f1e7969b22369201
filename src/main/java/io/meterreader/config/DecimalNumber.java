package io.meterreader.config;

import java.util.regex.Pattern;

/**
 * A number as a person writes one, for the {@code read} command's options and the API's query
 * parameters alike: 1, -0.5, 2.5e3. Java's own parsing also takes {@code 10f}, {@code 10d},
 * {@code NaN} and {@code Infinity}, which no one means for a scale's range.
 */
public final class DecimalNumber {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private DecimalNumber() {
    }

    /** The finite number the text is, or NaN where it is none (a decimal too large for a double included). */
    public static double parse(String text) {
        String s = text.trim();
        double d = DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
        return Double.isFinite(d) ? d : Double.NaN;
    }
}
