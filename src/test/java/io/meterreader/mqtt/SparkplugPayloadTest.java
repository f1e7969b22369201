package io.meterreader.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterreader.mqtt.SparkplugPayload.DataType;
import io.meterreader.mqtt.SparkplugPayload.Metric;
import io.meterreader.mqtt.SparkplugPayload.ReadMetric;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;

/**
 * Payloads written here read back with Eclipse Tahu's classes generated from sparkplug_b.proto, and
 * the other way round.
 */
class SparkplugPayloadTest {

    @Test
    void aBirth_readsBackWithTahu_everyTypeNullAndProperties() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("engUnit", "kgf/cm²");
        properties.put("engLow", -1.0);
        properties.put("engHigh", 16.0);
        byte[] bytes = SparkplugPayload.encode(1_765_000_000_123L, 0L, List.of(
                new Metric("bdSeq", 1_765_000_000_000L, DataType.INT64, 300L),
                new Metric("Node Control/Rebirth", 5L, DataType.BOOLEAN, false),
                new Metric("boiler/Value", 7L, DataType.DOUBLE, 6.25, properties),
                new Metric("boiler/Status", 8L, DataType.STRING, "POINTER_NOT_FOUND"),
                new Metric("tank/Value", 9L, DataType.DOUBLE, null)));

        Payload p = Payload.parseFrom(bytes);
        assertThat(p.getTimestamp()).isEqualTo(1_765_000_000_123L);
        assertThat(p.hasSeq()).isTrue();
        assertThat(p.getSeq()).isZero();
        assertThat(p.getMetricsCount()).isEqualTo(5);

        Payload.Metric bdSeq = p.getMetrics(0);
        assertThat(bdSeq.getName()).isEqualTo("bdSeq");
        assertThat(bdSeq.getDatatype()).isEqualTo(4);
        assertThat(bdSeq.getLongValue()).isEqualTo(300L);
        assertThat(bdSeq.getTimestamp()).isEqualTo(1_765_000_000_000L);

        Payload.Metric rebirth = p.getMetrics(1);
        assertThat(rebirth.getDatatype()).isEqualTo(11);
        assertThat(rebirth.hasBooleanValue()).isTrue();
        assertThat(rebirth.getBooleanValue()).isFalse();

        Payload.Metric value = p.getMetrics(2);
        assertThat(value.getDatatype()).isEqualTo(10);
        assertThat(value.getDoubleValue()).isEqualTo(6.25);
        assertThat(value.getIsNull()).isFalse();
        assertThat(value.getProperties().getKeysList()).containsExactly("engUnit", "engLow", "engHigh");
        assertThat(value.getProperties().getValues(0).getType()).isEqualTo(12);
        assertThat(value.getProperties().getValues(0).getStringValue()).isEqualTo("kgf/cm²");
        assertThat(value.getProperties().getValues(1).getType()).isEqualTo(10);
        assertThat(value.getProperties().getValues(1).getDoubleValue()).isEqualTo(-1.0);
        assertThat(value.getProperties().getValues(2).getDoubleValue()).isEqualTo(16.0);

        assertThat(p.getMetrics(3).getDatatype()).isEqualTo(12);
        assertThat(p.getMetrics(3).getStringValue()).isEqualTo("POINTER_NOT_FOUND");

        Payload.Metric missing = p.getMetrics(4);
        assertThat(missing.getIsNull()).isTrue();
        assertThat(missing.getValueCase()).isEqualTo(Payload.Metric.ValueCase.VALUE_NOT_SET);
    }

    @Test
    void anyBytesAtAll_readAsMetricsOrAreRefusedWithIllegalArgument() {
        Random random = new Random(42);
        byte[] valid = Payload.newBuilder().setTimestamp(99L).setSeq(3)
                .addMetrics(Payload.Metric.newBuilder().setName("Node Control/Rebirth").setDatatype(11)
                        .setBooleanValue(true))
                .build().toByteArray();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
            } else {
                // a valid command with a few bytes changed or cut short
                bytes = Arrays.copyOf(valid, 1 + random.nextInt(valid.length));
                for (int k = 0; k < 3; k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                SparkplugPayload.metrics(bytes);
            } catch (IllegalArgumentException e) {
                refused++;
            }
        }
        assertThat(refused).as("garbage is mostly refused, never with another exception").isGreaterThan(5_000);
    }

    @Test
    void aDeath_hasNoSeq_andDataNoDatatype() throws Exception {
        Payload death = Payload.parseFrom(SparkplugPayload.encode(10L, null,
                List.of(new Metric("bdSeq", 10L, DataType.INT64, 3L))));
        assertThat(death.hasSeq()).isFalse();
        assertThat(death.getMetrics(0).getLongValue()).isEqualTo(3L);

        Payload data = Payload.parseFrom(SparkplugPayload.encodeData(11L, 255L,
                List.of(new Metric("boiler/Value", 11L, DataType.DOUBLE, 4.5))));
        assertThat(data.getSeq()).isEqualTo(255L);
        assertThat(data.getMetrics(0).hasDatatype()).isFalse();
        assertThat(data.getMetrics(0).getDoubleValue()).isEqualTo(4.5);
    }

    @Test
    void aCommandWrittenByTahu_readsBack_andBytesThatAreNotProtobufAreRefused() {
        byte[] command = Payload.newBuilder().setTimestamp(99L)
                .addMetrics(Payload.Metric.newBuilder().setName("Node Control/Rebirth").setDatatype(11)
                        .setBooleanValue(true).setTimestamp(99L))
                .addMetrics(Payload.Metric.newBuilder().setName("setpoint").setDatatype(9).setFloatValue(1.5f))
                .addMetrics(Payload.Metric.newBuilder().setName("note").setDatatype(12).setStringValue("é"))
                .addMetrics(Payload.Metric.newBuilder().setName("count").setDatatype(8).setLongValue(-1L))
                .build().toByteArray();
        List<ReadMetric> metrics = SparkplugPayload.metrics(command);
        assertThat(metrics).containsExactly(new ReadMetric("Node Control/Rebirth", 11, true),
                new ReadMetric("setpoint", 9, 1.5f), new ReadMetric("note", 12, "é"), new ReadMetric("count", 8, -1L));

        assertThatThrownBy(() -> SparkplugPayload.metrics("{\"online\":true}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SparkplugPayload.metrics(new byte[] {0x12, 0x40, 0x0a}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes left");
    }
}
