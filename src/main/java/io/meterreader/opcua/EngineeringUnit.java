package io.meterreader.opcua;

import io.meterreader.config.Units;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;

/**
 * A calibration's unit as OPC UA's EngineeringUnits: where the text is one of the units gauges
 * show, with its UN/CEFACT common code (UNECE Recommendation 20), so that a client that works
 * with units (a SCADA converting bar to kPa, a historian checking a tag's unit) knows it by its
 * number and not only by its text. The unit id is the code's characters packed into an Int32,
 * eight bits each, first character highest (OPC 10000-8, EUInformation). Any other text is shown
 * as it is, with the unit id -1 the specification gives for "no id". The table is {@link Units}.
 */
final class EngineeringUnit {

    /** The namespace of UN/CEFACT's unit codes in OPC UA. */
    static final String CEFACT_UNITS = "http://www.opcfoundation.org/UA/units/un/cefact";
    /** The unit id of a unit without a code. */
    static final int NO_ID = -1;

    private EngineeringUnit() {
    }

    /** The EngineeringUnits of a calibration's unit text (blank: no unit, shown as nothing). */
    static EUInformation of(String unit) {
        String text = unit == null ? "" : unit.strip();
        Units.Unit known = Units.known(text).orElse(null);
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
