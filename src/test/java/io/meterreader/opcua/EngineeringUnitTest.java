package io.meterreader.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.junit.jupiter.api.Test;

class EngineeringUnitTest {

    @Test
    void unitId_packsTheCommonCodesCharacters_asOpcUaPart8Says() {
        // Three characters, eight bits each, the first highest: C=0x43, E=0x45, L=0x4C.
        assertThat(EngineeringUnit.unitId("CEL")).isEqualTo(0x43454C).isEqualTo(4408652);
        assertThat(EngineeringUnit.unitId("MTR")).isEqualTo(5067858);
        assertThat(EngineeringUnit.unitId("P1")).isEqualTo(0x5031);
        assertThat(EngineeringUnit.unitId("4K")).isEqualTo(0x344B);
    }

    @Test
    void aGaugesUnit_getsItsCodeAndName_andKeepsItsSpelling() {
        EUInformation bar = EngineeringUnit.of("bar");
        assertThat(bar.getNamespaceUri()).isEqualTo("http://www.opcfoundation.org/UA/units/un/cefact");
        assertThat(bar.getUnitId()).isEqualTo(EngineeringUnit.unitId("BAR"));
        assertThat(bar.getDisplayName().getText()).isEqualTo("bar");
        assertThat(bar.getDescription().getText()).isEqualTo("bar [unit of pressure]");

        assertThat(EngineeringUnit.of(" °C ").getUnitId()).isEqualTo(4408652);
        assertThat(EngineeringUnit.of("degC").getDisplayName().getText()).isEqualTo("degC");
        assertThat(EngineeringUnit.of("%").getDescription().getText()).isEqualTo("percent");
        assertThat(EngineeringUnit.of("psi").getUnitId()).isEqualTo(EngineeringUnit.unitId("PS"));
    }

    @Test
    void caseCarriesThePrefix_andAnUnknownTextHasNoId() {
        assertThat(EngineeringUnit.of("MPa").getUnitId()).isEqualTo(EngineeringUnit.unitId("MPA"));
        assertThat(EngineeringUnit.of("mPa").getUnitId()).as("millipascal is not in the table").isEqualTo(-1);
        EUInformation odd = EngineeringUnit.of("m WC");
        assertThat(odd.getUnitId()).isEqualTo(-1);
        assertThat(odd.getDisplayName().getText()).isEqualTo("m WC");
        assertThat(odd.getDescription().getText()).isEqualTo("m WC");
        assertThat(EngineeringUnit.of(null).getDisplayName().getText()).isEmpty();
    }
}
