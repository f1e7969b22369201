/**
 * Readings published to a plant's MQTT broker: an output at the edge, like the API, fed by the
 * pipeline and knowing no stage.
 */
package io.meterreader.mqtt;
