package io.meterreader.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The units gauges show, each with its UN/CEFACT common code (UNECE Recommendation 20) and name,
 * under every spelling a calibration may give it. Spellings are matched exactly: case carries an
 * SI prefix's meaning (MPa, mPa).
 */
public final class Units {

    /** A unit: its UN/CEFACT common code and its name. */
    public record Unit(String code, String name) {
    }

    /**
     * Real units spelt as a table spelling is, but for case: a calibration may give them though
     * {@link #spelledAlike} would take them for a slip.
     */
    private static final Set<String> OTHER_CASE_UNITS = Set.of("mPa", "S", "T", "H", "mW");


    private static final Map<String, Unit> UNITS = new HashMap<>();

    static {
        // Pressure
        add("BAR", "bar [unit of pressure]", "bar");
        add("MBR", "millibar", "mbar");
        add("PAL", "pascal", "Pa");
        add("A97", "hectopascal", "hPa");
        add("KPA", "kilopascal", "kPa");
        add("MPA", "megapascal", "MPa");
        add("PS", "pound-force per square inch", "psi", "PSI", "psig", "lbf/in²", "lbf/in2");
        add("E42", "kilogram-force per square centimetre", "kgf/cm²", "kgf/cm2", "kg/cm²", "kg/cm2");
        add("ATM", "standard atmosphere", "atm");
        add("F78", "inch of water", "inH2O", "inH₂O", "in H2O", "inWC");
        add("F79", "inch of mercury", "inHg", "in Hg");
        // Temperature
        add("CEL", "degree Celsius", "°C", "℃", "degC", "deg C");
        add("FAH", "degree Fahrenheit", "°F", "℉", "degF", "deg F");
        add("KEL", "kelvin", "K");
        // Level, length, volume, flow
        add("P1", "percent", "%", "percent");
        add("MTR", "metre", "m");
        add("CMT", "centimetre", "cm");
        add("MMT", "millimetre", "mm");
        add("INH", "inch", "in");
        add("FOT", "foot", "ft");
        add("LTR", "litre", "l", "L");
        add("MTQ", "cubic metre", "m³", "m3");
        add("GLL", "gallon (US)", "gal");
        add("MQH", "cubic metre per hour", "m³/h", "m3/h");
        add("L2", "litre per minute", "l/min", "L/min");
        add("E32", "litre per hour", "l/h", "L/h");
        add("G2", "US gallon per minute", "gpm", "gal/min");
        add("KGM", "kilogram", "kg");
        add("TNE", "tonne (metric ton)", "t");
        add("E93", "kilogram per hour", "kg/h");
        add("E18", "tonne per hour", "t/h");
        // Electrical, rotation, speed, time
        add("AMP", "ampere", "A");
        add("4K", "milliampere", "mA");
        add("VLT", "volt", "V");
        add("WTT", "watt", "W");
        add("KWT", "kilowatt", "kW");
        add("MAW", "megawatt", "MW");
        add("KWH", "kilowatt hour", "kWh");
        add("HTZ", "hertz", "Hz");
        add("RPM", "revolutions per minute", "rpm", "RPM", "r/min");
        add("MTS", "metre per second", "m/s");
        add("DD", "degree [unit of angle]", "°");
        add("SEC", "second [unit of time]", "s");
        add("MIN", "minute [unit of time]", "min");
        add("HUR", "hour", "h");
        add("NEW", "newton", "N");
        add("NU", "newton metre", "N·m", "Nm", "N m");
        add("2N", "decibel", "dB");
    }

    private Units() {
    }

    private static void add(String code, String name, String... spellings) {
        for (String s : spellings) {
            if (UNITS.put(s, new Unit(code, name)) != null) {
                throw new IllegalStateException("unit spelling " + s + " given twice");
            }
        }
    }

    /** The unit spelt exactly {@code text} (stripped), if it is in the table. */
    public static Optional<Unit> known(String text) {
        return Optional.ofNullable(UNITS.get(text.strip()));
    }

    /**
     * The table's spelling of a unit written in capitals as dials print them ({@code BAR},
     * {@code MPA}, {@code KPA}: bar, MPa, kPa), where the capitals are one unit's; null otherwise.
     */
    public static String fromCapitals(String text) {
        String t = text.strip();
        List<String> alike = spelledAlike(t);
        return alike.size() == 1 && t.equals(t.toUpperCase(Locale.ROOT)) && !t.equals(t.toLowerCase(Locale.ROOT))
                ? alike.get(0) : null;
    }

    /**
     * The table's spellings that {@code text} differs from only in case ({@code Mpa}: MPa), sorted;
     * none where it is a spelling itself or another real unit so spelt ({@code mPa}).
     */
    public static List<String> spelledAlike(String text) {
        String t = text.strip();
        if (UNITS.containsKey(t) || OTHER_CASE_UNITS.contains(t)) {
            return List.of();
        }
        List<String> alike = new ArrayList<>();
        String lower = t.toLowerCase(Locale.ROOT);
        for (String spelling : UNITS.keySet()) {
            if (spelling.toLowerCase(Locale.ROOT).equals(lower)) {
                alike.add(spelling);
            }
        }
        alike.sort(null);
        return alike;
    }
}
