package io.meterreader.opcua;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * A calibration's unit as OPC UA's EngineeringUnits: where the text is one of the units gauges
 * show, with its UN/CEFACT common code (UNECE Recommendation 20), so that a client that works
 * with units (a SCADA converting bar to kPa, a historian checking a tag's unit) knows it by its
 * number and not only by its text. The unit id is the code's characters packed into an Int32,
 * eight bits each, first character highest (OPC 10000-8, EUInformation). Any other text is shown
 * as it is, with the unit id -1 the specification gives for "no id".
 *
 * <p>Spellings are matched exactly: case carries an SI prefix's meaning (MPa, mPa).
 */
final class EngineeringUnit {

    /** The namespace of UN/CEFACT's unit codes in OPC UA. */
    static final String CEFACT_UNITS = "http://www.opcfoundation.org/UA/units/un/cefact";
    /** The unit id of a unit without a code. */
    static final int NO_ID = -1;

    private record Unit(String code, String name) {
    }

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

    private EngineeringUnit() {
    }

    private static void add(String code, String name, String... spellings) {
        for (String s : spellings) {
            if (UNITS.put(s, new Unit(code, name)) != null) {
                throw new IllegalStateException("unit spelling " + s + " given twice");
            }
        }
    }

    /** The EngineeringUnits of a calibration's unit text (blank: no unit, shown as nothing). */
    static EUInformation of(String unit) {
        String text = unit == null ? "" : unit.strip();
        Unit known = UNITS.get(text);
        if (known == null) {
            return new EUInformation(CEFACT_UNITS, NO_ID, LocalizedText.english(text), LocalizedText.english(text));
        }
        return new EUInformation(CEFACT_UNITS, unitId(known.code()), LocalizedText.english(text),
                LocalizedText.english(known.name()));
    }

    /** A common code as OPC UA's unit id: its characters, eight bits each, the first highest. */
    static int unitId(String commonCode) {
        int id = 0;
        for (int i = 0; i < commonCode.length(); i++) {
            id = id << 8 | commonCode.charAt(i);
        }
        return id;
    }
}
