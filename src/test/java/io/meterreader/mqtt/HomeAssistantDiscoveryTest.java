package io.meterreader.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HomeAssistantDiscoveryTest {

    @Test
    void anIdHomeAssistantTakes_staysAsItIs() {
        assertThat(HomeAssistantDiscovery.objectId("boiler_1-a")).isEqualTo("boiler_1-a");
    }

    @Test
    void anIdWithADot_getsItsDigest_soThatItMeetsNoOtherId() {
        // SHA-256("boiler.1") starts 9ac4c8.
        assertThat(HomeAssistantDiscovery.objectId("boiler.1")).isEqualTo("boiler_1_9ac4c8");
        assertThat(HomeAssistantDiscovery.objectId("boiler.1")).isNotEqualTo(HomeAssistantDiscovery.objectId("boiler_1"));
        assertThat(HomeAssistantDiscovery.objectId("boiler.1")).isNotEqualTo(HomeAssistantDiscovery.objectId("boiler-1"))
                .isNotEqualTo(HomeAssistantDiscovery.objectId("boiler_.1"));
    }

    @Test
    void topics_nameTheComponentTheNodeAndTheObject() {
        HomeAssistantDiscovery discovery = new HomeAssistantDiscovery("homeassistant", "meter-reader", "mr/status");
        assertThat(discovery.sensorTopic("boiler")).isEqualTo("homeassistant/sensor/meter-reader/boiler/config");
        assertThat(discovery.alarmTopic("boiler")).isEqualTo("homeassistant/binary_sensor/meter-reader/boiler_alarm/config");
        assertThat(discovery.cameraTopic("cam1")).isEqualTo("homeassistant/binary_sensor/meter-reader/camera_cam1/config");
        assertThat(discovery.sensor("boiler", "cam1", "kPa", "mr/meters/boiler")).containsEntry("device_class", "pressure")
                .containsEntry("unit_of_measurement", "kPa").containsEntry("availability_topic", "mr/status");
        assertThat(discovery.sensor("temp", "cam1", "°C", "mr/meters/temp")).containsEntry("device_class", "temperature");
        assertThat(discovery.sensor("flow", "cam1", "m³/h", "mr/meters/flow")).doesNotContainKey("device_class");
        assertThat(discovery.sensor("count", "cam1", "", "mr/meters/count")).doesNotContainKey("unit_of_measurement");
    }

    @Test
    void theAlarmButtons_publishToTheAlarmsCommandTopics_andHaveNoState() {
        HomeAssistantDiscovery discovery = new HomeAssistantDiscovery("homeassistant", "meter-reader", "mr/status");
        assertThat(discovery.buttonTopic("boiler", "acknowledge"))
                .isEqualTo("homeassistant/button/meter-reader/boiler_acknowledge/config");
        assertThat(discovery.button("boiler", "cam1", "acknowledge", "mr/alarms/boiler/acknowledge"))
                .containsEntry("command_topic", "mr/alarms/boiler/acknowledge")
                .containsEntry("payload_press", "{\"user\": \"home-assistant\"}")
                .containsEntry("unique_id", "meter-reader_boiler_acknowledge")
                .containsEntry("availability_topic", "mr/status")
                .doesNotContainKey("state_topic");
        assertThat(discovery.button("boiler", "cam1", "shelve", "mr/alarms/boiler/shelve"))
                .containsEntry("name", "boiler shelve alarm for 1 h")
                .containsEntry("payload_press", "{\"user\": \"home-assistant\", \"duration\": \"1h\", "
                        + "\"reason\": \"shelved from Home Assistant\"}")
                .containsEntry("unique_id", "meter-reader_boiler_shelve");
        assertThat(discovery.button("boiler", "cam1", "unshelve", "mr/alarms/boiler/unshelve"))
                .containsEntry("command_topic", "mr/alarms/boiler/unshelve");
    }
}
