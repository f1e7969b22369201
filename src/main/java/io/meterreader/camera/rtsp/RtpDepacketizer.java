package io.meterreader.camera.rtsp;

import java.util.Arrays;
import java.util.List;

/**
 * Turns the RTP packets of one H.264 (RFC 6184) or H.265 (RFC 7798) stream, non-interleaved
 * mode, back into access units in Annex-B form.
 *
 * <p>One unit is collected at a time. It ends at the marker bit, or when a packet with another
 * timestamp arrives (some cameras never set the marker). A unit that may be incomplete is
 * dropped whole and counted: the decoder downstream would otherwise show a smeared picture,
 * and a smeared key frame poisons every picture that follows it. So after a sequence gap both
 * the unit in progress and the unit of the packet after the gap are dropped, since the lost
 * packet may have belonged to either.
 *
 * <p>The client may start decoding at any key frame, so a key unit that lacks a parameter set
 * gets the latest ones seen (in-band or from the SDP) put in front of it.
 *
 * <p>An H.265 stream may carry decoding order numbers (its SDP's sprop-max-don-diff above 0): a
 * 16-bit DONL after the payload header of a single NAL unit and of an FU's first fragment, and
 * before an AP's first NAL unit, an 8-bit DOND before each of the others. They are skipped, and
 * the NAL units kept in the order they came, as FFmpeg's client does: a camera sends one picture
 * at a time, in decoding order, whatever its numbers allow.
 */
final class RtpDepacketizer {

    private static final int HEADER = 12;
    /** Far larger than a camera's coded picture: a stream that never ends its unit is broken. */
    private static final int MAX_UNIT = 16 << 20;
    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final int VPS = 0, SPS = 1, PPS = 2;

    private final VideoCodec codec;
    private final int payloadType;
    /** Bytes of a NAL unit header: 1 for H.264, 2 for H.265. */
    private final int nalHeader;
    /** Whether H.265 packets carry decoding order numbers (DONL, DOND). */
    private final boolean donl;
    /** Bit per parameter-set kind (VPS, SPS, PPS) a decoder needs before a key frame. */
    private final int neededKinds;
    private final byte[][] parameterSets = new byte[3][];

    private int expectedSequence = -1;
    private long dropped;
    /** Packets of the announced payload type, and of another (the last such type kept). */
    private long announcedPackets;
    private long foreignPackets;
    private int foreignPayloadType = -1;

    // The unit being collected.
    private boolean open;
    private boolean broken;
    private long timestamp;
    private boolean key;
    private int kindsInUnit;
    private boolean fragmentOpen;
    private int nalStart;
    private byte[] buf = new byte[64 * 1024];
    private int size;

    /** @param parameterSets NAL units (no start codes) from the SDP (sprop-...), possibly empty */
    RtpDepacketizer(VideoCodec codec, int payloadType, List<byte[]> parameterSets) {
        this(codec, payloadType, parameterSets, false);
    }

    /**
     * @param parameterSets        NAL units (no start codes) from the SDP (sprop-...), possibly empty
     * @param decodingOrderNumbers H.265 packets carry DONL and DOND fields (sprop-max-don-diff above 0)
     */
    RtpDepacketizer(VideoCodec codec, int payloadType, List<byte[]> parameterSets, boolean decodingOrderNumbers) {
        this.codec = codec;
        this.donl = decodingOrderNumbers && codec == VideoCodec.H265;
        this.payloadType = payloadType;
        this.nalHeader = codec == VideoCodec.H264 ? 1 : 2;
        this.neededKinds = codec == VideoCodec.H264 ? (1 << SPS) | (1 << PPS) : 0b111;
        for (byte[] nal : parameterSets) {
            int kind = nal.length >= nalHeader ? parameterSetKind(nalType(nal, 0)) : -1;
            if (kind >= 0) {
                this.parameterSets[kind] = nal.clone();
            }
        }
    }

    /** The payload type the SDP announced for the video. */
    int payloadType() {
        return payloadType;
    }

    /** Packets taken so far that carried the announced payload type. */
    long announcedPackets() {
        return announcedPackets;
    }

    /** Packets taken so far that carried another payload type (ignored). */
    long foreignPackets() {
        return foreignPackets;
    }

    /** The other payload type of the last such packet, or -1. */
    int foreignPayloadType() {
        return foreignPayloadType;
    }

    /**
     * Takes one whole RTP packet (12-byte header and payload) in arrival order and returns the
     * access unit it completes, or null. Packets of another payload type are ignored.
     */
    AccessUnit push(byte[] packet, int offset, int length) {
        if (offset < 0 || length < HEADER || length > packet.length - offset
                || (packet[offset] & 0xC0) != 0x80) {
            dropped++; // not RTP version 2, or too short to say which unit it belonged to
            return null;
        }
        int b0 = packet[offset] & 0xFF;
        int b1 = packet[offset + 1] & 0xFF;
        if ((b1 & 0x7F) != payloadType) {
            foreignPackets++;
            foreignPayloadType = b1 & 0x7F;
            return null;
        }
        announcedPackets++;
        boolean marker = (b1 & 0x80) != 0;
        int sequence = readU16(packet, offset + 2);
        long packetTimestamp = readU16(packet, offset + 4) * 0x10000L + readU16(packet, offset + 6);

        boolean gap = expectedSequence >= 0 && sequence != expectedSequence;
        expectedSequence = (sequence + 1) & 0xFFFF;
        if (gap) {
            breakUnit(); // the lost packet may have been the end of the unit in progress...
        }
        AccessUnit finished = null;
        if (open && packetTimestamp != timestamp) {
            finished = finish();
        }
        if (!open) {
            open = true;
            timestamp = packetTimestamp;
        }
        if (gap) {
            breakUnit(); // ...or the start of this packet's unit
        }

        int end = offset + length;
        if ((b0 & 0x20) != 0) {
            end -= packet[end - 1] & 0xFF; // padding; its last byte counts the padding bytes
        }
        int pos = offset + HEADER + 4 * (b0 & 0x0F); // CSRC list
        if ((b0 & 0x10) != 0) { // header extension: 4 bytes, then its length in 32-bit words
            pos = pos + 4 <= end ? pos + 4 + 4 * readU16(packet, pos + 2) : end;
        }
        if (!broken && (pos >= end || !depacketize(packet, pos, end))) {
            breakUnit();
        }
        // A packet that ends the previous unit and is a whole unit itself stays open until the
        // next packet, since push returns one unit at a time.
        if (marker && finished == null) {
            return finish();
        }
        return finished;
    }

    /** Access units dropped because a packet was lost (a gap in sequence numbers) or malformed. */
    long dropped() {
        return dropped;
    }

    /** Adds the payload at [pos, end) to the unit; false when it is malformed or unsupported. */
    private boolean depacketize(byte[] p, int pos, int end) {
        if (end - pos < nalHeader || size > MAX_UNIT) {
            return false;
        }
        int type = nalType(p, pos);
        boolean h264 = codec == VideoCodec.H264;
        boolean fragment = type == (h264 ? 28 : 49);
        if (fragmentOpen && !fragment) {
            return false; // the fragmented NAL unit before this never got its end
        }
        if (h264 ? type >= 1 && type <= 23 : type <= 47) {
            if (donl) { // the payload header, the DONL, then the rest of the NAL unit
                if (end - pos < nalHeader + 2) {
                    return false;
                }
                startNal();
                write(p, pos, nalHeader);
                write(p, pos + nalHeader + 2, end - pos - nalHeader - 2);
                endNal();
                return true;
            }
            appendNal(p, pos, end - pos);
            return true;
        }
        if (type == (h264 ? 24 : 48)) { // STAP-A / AP: [16-bit size][NAL] repeated
            for (int at = pos + nalHeader, n = 0; at < end; n++) {
                at += donl ? (n == 0 ? 2 : 1) : 0; // DONL before the first NAL unit, DOND before the others
                int nalSize = at + 2 <= end ? readU16(p, at) : -1;
                if (nalSize < nalHeader || at + 2 + nalSize > end) {
                    return false;
                }
                appendNal(p, at + 2, nalSize);
                at += 2 + nalSize;
            }
            return true;
        }
        if (fragment) {
            return appendFragment(p, pos, end);
        }
        return false; // STAP-B, MTAP, FU-B (interleaved mode), PACI or reserved types
    }

    /** FU-A / FU: the payload header, an FU header (S, E, type), then a piece of the NAL unit. */
    private boolean appendFragment(byte[] p, int pos, int end) {
        int fuAt = pos + nalHeader;
        if (fuAt >= end) {
            return false;
        }
        int fu = p[fuAt] & 0xFF;
        int data = fuAt + 1;
        if ((fu & 0x80) != 0) {
            if (fragmentOpen) {
                return false;
            }
            data += donl ? 2 : 0; // the first fragment's DONL
            if (data > end) {
                return false;
            }
            startNal();
            if (codec == VideoCodec.H264) {
                write((p[pos] & 0xE0) | (fu & 0x1F));
            } else {
                write((p[pos] & 0x81) | ((fu & 0x3F) << 1));
                write(p[pos + 1]);
            }
            fragmentOpen = true;
        } else if (!fragmentOpen) {
            return false; // the start fragment was lost
        }
        write(p, data, end - data);
        if ((fu & 0x40) != 0) {
            fragmentOpen = false;
            endNal();
        }
        return true;
    }

    private void appendNal(byte[] p, int pos, int length) {
        startNal();
        write(p, pos, length);
        endNal();
    }

    private void startNal() {
        write(START_CODE, 0, 4);
        nalStart = size;
    }

    private void endNal() {
        int type = nalType(buf, nalStart);
        int kind = parameterSetKind(type);
        if (kind >= 0) {
            parameterSets[kind] = Arrays.copyOfRange(buf, nalStart, size);
            kindsInUnit |= 1 << kind;
        }
        key |= codec == VideoCodec.H264 ? type == 5 : type >= 16 && type <= 21;
    }

    /** Closes the unit in progress; returns it unless it is broken, empty or cut short. */
    private AccessUnit finish() {
        if (fragmentOpen) {
            breakUnit();
        }
        AccessUnit unit = null;
        if (!broken && size > 0) {
            // When a kind is missing all remembered sets go in front, not only the missing
            // kinds, so that they stay in the order VPS, SPS, PPS: a PPS is read against the
            // SPS it names. A repeated set is harmless; the in-band copy is the same bytes.
            boolean prepend = key && (kindsInUnit & neededKinds) != neededKinds;
            int length = size;
            for (byte[] set : parameterSets) {
                length += prepend && set != null ? START_CODE.length + set.length : 0;
            }
            byte[] annexB = new byte[length];
            int at = 0;
            for (byte[] set : parameterSets) {
                if (prepend && set != null) {
                    System.arraycopy(START_CODE, 0, annexB, at, START_CODE.length);
                    System.arraycopy(set, 0, annexB, at + START_CODE.length, set.length);
                    at += START_CODE.length + set.length;
                }
            }
            System.arraycopy(buf, 0, annexB, at, size);
            unit = new AccessUnit(timestamp, key, annexB);
        }
        open = broken = key = fragmentOpen = false;
        kindsInUnit = size = 0;
        return unit;
    }

    /** Marks the unit in progress as lost, counting it once. */
    private void breakUnit() {
        if (open && !broken) {
            broken = true;
            dropped++;
        }
    }

    private int nalType(byte[] b, int at) {
        return codec == VideoCodec.H264 ? b[at] & 0x1F : (b[at] >> 1) & 0x3F;
    }

    private int parameterSetKind(int nalType) {
        return switch (codec) {
            case H264 -> nalType == 7 ? SPS : nalType == 8 ? PPS : -1;
            case H265 -> nalType >= 32 && nalType <= 34 ? nalType - 32 : -1;
        };
    }

    private void write(int b) {
        ensureRoom(1);
        buf[size++] = (byte) b;
    }

    private void write(byte[] b, int at, int length) {
        ensureRoom(length);
        System.arraycopy(b, at, buf, size, length);
        size += length;
    }

    private void ensureRoom(int length) {
        if (size + length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + length));
        }
    }

    private static int readU16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
