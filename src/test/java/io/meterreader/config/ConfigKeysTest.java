package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void theKeys_comeFromTheRecords_inKebabCase_aListsIndexAsASlot() {
        assertThat(ConfigKeys.all()).contains("meter-reader.storage.url", "meter-reader.storage.alarm-state-file",
                "meter-reader.cameras[#].url", "meter-reader.cameras[#].read-interval",
                "meter-reader.mqtt.sparkplug.bd-seq-file");
    }

    @Test
    void aMisspeltKey_isAnsweredWithTheKeyMeant_atTheIndexItGave() {
        assertThat(ConfigKeys.nearest("meter-reader.storage.urll")).hasValue("meter-reader.storage.url");
        assertThat(ConfigKeys.nearest("meter-reader.storage.alarm-state-fiel"))
                .hasValue("meter-reader.storage.alarm-state-file");
        assertThat(ConfigKeys.nearest("meter-reader.cameras[3].read-intervall"))
                .hasValue("meter-reader.cameras[3].read-interval");
        assertThat(ConfigKeys.nearest("meter-reader.access.pasword")).hasValue("meter-reader.access.password");
    }

    @Test
    void aKeyFarFromEveryKey_orAsNearToTwo_getsNoGuess() {
        assertThat(ConfigKeys.nearest("meter-reader.pipeline.queue-slots")).isEmpty();
        assertThat(ConfigKeys.nearest("meter-reader.nothing-like-it")).isEmpty();
    }

    @Test
    void aMisspeltVariable_isAnsweredWithTheVariableMeant() {
        assertThat(ConfigKeys.nearestVariable("METER_READER_ACCESS_PASWORD")).hasValue("METER_READER_ACCESS_PASSWORD");
        assertThat(ConfigKeys.nearestVariable("METER_READER_CAMERAS_12_READ_INTERVALL"))
                .hasValue("METER_READER_CAMERAS_12_READ_INTERVAL");
        assertThat(ConfigKeys.nearestVariable("METER_READER_SOMETHING_ELSE_ENTIRELY")).isEmpty();
    }

    @Test
    void distance_countsInsertionsDeletionsAndSubstitutions() {
        assertThat(ConfigKeys.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ConfigKeys.distance("", "abc")).isEqualTo(3);
        assertThat(ConfigKeys.distance("url", "url")).isZero();
    }
}
