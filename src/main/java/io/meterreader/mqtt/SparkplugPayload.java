package io.meterreader.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sparkplug B payloads (Eclipse Sparkplug 3.0, its {@code sparkplug_b.proto}), written and read in
 * protobuf's wire format without generated code: the few fields this edge node sends (a payload's
 * timestamp, seq and metrics; a metric's name, timestamp, datatype, null flag, properties and value)
 * and reads (the metrics of a command).
 */
final class SparkplugPayload {

    /** Sparkplug's datatypes that this edge node uses, with their numbers in the schema. */
    enum DataType {
        INT64(4), DOUBLE(10), BOOLEAN(11), STRING(12);

        final int code;

        DataType(int code) {
            this.code = code;
        }
    }

    /**
     * A metric.
     *
     * @param name       null where the alias stands for it (a data message with aliases)
     * @param alias      the number standing for the name after a birth; null: none
     * @param historical a value read earlier, sent late (store and forward): a host keeps it in its
     *                   history but does not show it as the current value
     * @param value      a Long (INT64), Double, Boolean or String matching the type; null: is_null
     * @param properties String or Double property values by key, in order (a birth's engUnit, engLow
     *                   ...); empty for none
     */
    record Metric(String name, Long alias, long timestamp, DataType type, Object value,
                  Map<String, Object> properties, boolean historical) {

        Metric(String name, long timestamp, DataType type, Object value, Map<String, Object> properties) {
            this(name, null, timestamp, type, value, properties, false);
        }

        Metric(String name, long timestamp, DataType type, Object value) {
            this(name, null, timestamp, type, value, Map.of(), false);
        }

        Metric withAlias(long number) {
            return new Metric(name, number, timestamp, type, value, properties, historical);
        }

        Metric asHistorical() {
            return new Metric(name, alias, timestamp, type, value, properties, true);
        }

        /** As a data message carries it: its alias alone where it has one, and no properties (the birth's). */
        Metric asData() {
            return new Metric(alias == null ? name : null, alias, timestamp, type, value, Map.of(), historical);
        }
    }

    /** A metric as read from a payload: its value is whichever value field it carried, or null. */
    record ReadMetric(String name, Integer datatype, Object value, Long alias) {
        ReadMetric(String name, Integer datatype, Object value) {
            this(name, datatype, value, null);
        }
    }

    private SparkplugPayload() {
    }

    // protobuf wire types
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH = 2;
    private static final int FIXED32 = 5;

    /**
     * A birth's or a death's payload: each metric with its datatype.
     *
     * @param seq the message's sequence number; null for none (a death certificate)
     */
    static byte[] encode(long timestamp, Long seq, List<Metric> metrics) {
        return encode(timestamp, seq, metrics, /* types= */ true);
    }

    /** A data message's payload: its metrics without their datatypes (the birth gave them). */
    static byte[] encodeData(long timestamp, long seq, List<Metric> metrics) {
        return encode(timestamp, seq, metrics, /* types= */ false);
    }

    private static byte[] encode(long timestamp, Long seq, List<Metric> metrics, boolean types) {
        Writer out = new Writer();
        out.varint(1, timestamp);
        for (Metric m : metrics) {
            out.message(2, metric(m, types));
        }
        if (seq != null) {
            out.varint(3, seq);
        }
        return out.bytes();
    }

    private static byte[] metric(Metric m, boolean type) {
        Writer out = new Writer();
        if (m.name() != null) {
            out.string(1, m.name());
        }
        if (m.alias() != null) {
            out.varint(2, m.alias());
        }
        out.varint(3, m.timestamp());
        if (type) {
            out.varint(4, m.type().code);
        }
        if (m.historical()) {
            out.varint(5, 1);
        }
        if (m.value() == null) {
            out.varint(7, 1);
        }
        if (!m.properties().isEmpty()) {
            Writer set = new Writer();
            m.properties().keySet().forEach(key -> set.string(1, key));
            m.properties().values().forEach(value -> set.message(2, propertyValue(value)));
            out.message(9, set.bytes());
        }
        if (m.value() != null) {
            switch (m.type()) {
                case INT64 -> out.varint(11, (Long) m.value());
                case DOUBLE -> out.fixed64(13, Double.doubleToRawLongBits((Double) m.value()));
                case BOOLEAN -> out.varint(14, (Boolean) m.value() ? 1 : 0);
                case STRING -> out.string(15, (String) m.value());
            }
        }
        return out.bytes();
    }

    private static byte[] propertyValue(Object value) {
        Writer out = new Writer();
        if (value instanceof Double d) {
            out.varint(1, DataType.DOUBLE.code);
            out.fixed64(6, Double.doubleToRawLongBits(d));
        } else if (value instanceof String s) {
            out.varint(1, DataType.STRING.code);
            out.string(8, s);
        } else {
            throw new IllegalArgumentException("a property is a Double or a String, got " + value);
        }
        return out.bytes();
    }

    /**
     * The metrics of a payload (a command's), with the value of each as Long (integer fields),
     * Float, Double, Boolean or String; other fields are skipped.
     *
     * @throws IllegalArgumentException the bytes are not a protobuf message
     */
    static List<ReadMetric> metrics(byte[] payload) {
        List<ReadMetric> metrics = new ArrayList<>();
        Reader in = new Reader(payload, 0, payload.length);
        while (in.more()) {
            int tag = (int) in.varint();
            if (tag >>> 3 == 2 && (tag & 7) == LENGTH) {
                int length = in.length();
                metrics.add(metric(new Reader(payload, in.position, in.position + length)));
                in.position += length;
            } else {
                in.skip(tag & 7);
            }
        }
        return metrics;
    }

    private static ReadMetric metric(Reader in) {
        String name = null;
        Integer datatype = null;
        Object value = null;
        Long alias = null;
        while (in.more()) {
            int tag = (int) in.varint();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == LENGTH) {
                name = in.string();
            } else if (field == 2 && wire == VARINT) {
                alias = in.varint();
            } else if (field == 4 && wire == VARINT) {
                datatype = (int) in.varint();
            } else if ((field == 10 || field == 11) && wire == VARINT) {
                value = in.varint();
            } else if (field == 12 && wire == FIXED32) {
                value = Float.intBitsToFloat((int) in.fixed(4));
            } else if (field == 13 && wire == FIXED64) {
                value = Double.longBitsToDouble(in.fixed(8));
            } else if (field == 14 && wire == VARINT) {
                value = in.varint() != 0;
            } else if (field == 15 && wire == LENGTH) {
                value = in.string();
            } else {
                in.skip(wire);
            }
        }
        return new ReadMetric(name, datatype, value, alias);
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            tag(field, VARINT);
            raw(value);
        }

        void fixed64(int field, long bits) {
            tag(field, FIXED64);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
        }

        void string(int field, String s) {
            message(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, byte[] bytes) {
            tag(field, LENGTH);
            raw(bytes.length);
            out.writeBytes(bytes);
        }

        private void tag(int field, int wire) {
            raw((long) field << 3 | wire);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int position;

        Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean more() {
            return position < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a varint longer than 10 bytes");
        }

        long fixed(int size) {
            long value = 0;
            for (int i = 0; i < size; i++) {
                value |= (long) next() << (8 * i);
            }
            return value;
        }

        int length() {
            long length = varint();
            if (length < 0 || length > end - position) {
                throw new IllegalArgumentException("a field " + length + " bytes long in " + (end - position)
                        + " bytes left");
            }
            return (int) length;
        }

        String string() {
            int length = length();
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        void skip(int wire) {
            switch (wire) {
                case VARINT -> varint();
                case FIXED64 -> position = checked(8);
                case LENGTH -> position += length();
                case FIXED32 -> position = checked(4);
                default -> throw new IllegalArgumentException("wire type " + wire + " is not one of protobuf's");
            }
        }

        private int checked(int size) {
            if (size > end - position) {
                throw new IllegalArgumentException("the message ends inside a field");
            }
            return position + size;
        }

        private int next() {
            if (position >= end) {
                throw new IllegalArgumentException("the message ends inside a field");
            }
            return bytes[position++] & 0xFF;
        }
    }
}
