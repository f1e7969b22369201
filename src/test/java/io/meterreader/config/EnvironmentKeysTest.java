package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentKeysTest {

    @Test
    void theServicesKeys_asTheEnvironmentWritesThem_areKnown() {
        assertThat(EnvironmentKeys.unknown(Map.of(
                "METER_READER_STORAGE_URL", "jdbc:h2:mem:x",
                "METER_READER_STORAGE_ALARM_STATE_FILE", "",
                "METER_READER_STORAGE_ALARMSTATEFILE", "",
                "METERREADER_CALIBRATION_DIR", "cal",
                "METER_READER_CAMERAS_0_URL", "sim://demo-1",
                "METER_READER_CAMERAS_12_READ_INTERVAL", "2s",
                "METER_READER_ACCESS_USERS_1_PASSWORD", "x",
                "METER_READER_ACCESS_OPEN_0", "/actuator/health",
                "METER_READER_MODBUS_METERS_3_REGISTER", "4",
                "PATH", "/usr/bin"))).isEmpty();
    }

    @Test
    void theVariablesOfTheComposeFileAndTheReadme_areKeys() throws Exception {
        java.util.Map<String, String> named = new java.util.TreeMap<>();
        for (String file : new String[] {"docker/compose.yaml", "README.md"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("METER_READER_[A-Z0-9_]*[A-Z0-9]")
                    .matcher(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            while (m.find()) {
                named.put(m.group(), file);
            }
        }
        assertThat(named).hasSizeGreaterThan(10);
        assertThat(EnvironmentKeys.unknown(named)).as("except the README's misspelt example")
                .containsExactly("METER_READER_ACCESS_PASWORD");
    }

    @Test
    void aMisspeltVariable_isNamed_neverItsValue() {
        assertThat(EnvironmentKeys.unknown(Map.of("METER_READER_ACCESS_PASWORD", "TopSecret1",
                "METER_READER_STORAGE_URLL", "jdbc:h2:mem:x", "METER_READER_CAMERAS_URL", "rtsp://cam",
                "METER_READ_STORAGE_URL", "not ours")))
                .containsExactly("METER_READER_ACCESS_PASWORD", "METER_READER_CAMERAS_URL", "METER_READER_STORAGE_URLL");
        assertThatThrownBy(() -> ConfigurationWiring.checkEnvironment(Map.of("METER_READER_ACCESS_PASWORD",
                "TopSecret1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("METER_READER_ACCESS_PASWORD set in the environment is no key of the service")
                .hasMessageEndingWith("did you mean METER_READER_ACCESS_PASSWORD?")
                .hasMessageNotContaining("TopSecret1");
    }
}
