package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpDepacketizerTest {

    private static final int PT = 96;
    private static final byte[] SPS = bytes(0x67, 0x42, 0xC0, 0x28, 0xDA);
    private static final byte[] PPS = bytes(0x68, 0xCE, 0x3C, 0x80);
    private static final byte[] SDP_SPS = bytes(0x67, 0x4D, 0x00, 0x1F);
    private static final byte[] SDP_PPS = bytes(0x68, 0xEE, 0x3C, 0x80);
    private static final byte[] IDR = bytes(0x65, 0x88, 0x84, 0x21);
    private static final byte[] P_SLICE = bytes(0x41, 0x9A, 0x02, 0x03);

    private final RtpDepacketizer h264 = new RtpDepacketizer(VideoCodec.H264, PT, List.of());

    @Test
    void singleNalPFrame_isOneNonKeyUnit() {
        AccessUnit unit = push(h264, rtp(7, 3000, true, P_SLICE));

        assertThat(unit.rtpTimestamp()).isEqualTo(3000);
        assertThat(unit.keyFrame()).isFalse();
        assertThat(unit.annexB()).isEqualTo(annexB(P_SLICE));
    }

    @Test
    void unitThatNeverEnds_isDroppedOnceItOutgrowsAnyPicture() {
        byte[] slice = new byte[1400];
        slice[0] = 0x41;
        for (int seq = 0; seq < 13_000; seq++) {   // 18 MB with one timestamp and no marker
            assertThat(push(h264, rtp(seq & 0xFFFF, 3000, false, slice))).isNull();
        }
        assertThat(h264.dropped()).isEqualTo(1);
        AccessUnit next = push(h264, rtp(13_000, 6000, true, P_SLICE));
        assertThat(next.rtpTimestamp()).as("the broken unit is not given out; the next one is").isEqualTo(6000);
        assertThat(next.annexB()).isEqualTo(annexB(P_SLICE));
    }

    @Test
    void idrInFuAFragments_isRebuiltIntoOneKeyUnit() {
        // FU indicator 0x7C: NRI 3, type 28. FU headers: start|5, 5, end|5.
        assertThat(push(h264, rtp(1, 9000, false, bytes(0x7C, 0x85, 0x88, 0x84)))).isNull();
        assertThat(push(h264, rtp(2, 9000, false, bytes(0x7C, 0x05, 0x21, 0x22)))).isNull();
        AccessUnit unit = push(h264, rtp(3, 9000, true, bytes(0x7C, 0x45, 0x23)));

        assertThat(unit.keyFrame()).isTrue();
        assertThat(unit.annexB()).isEqualTo(bytes(0, 0, 0, 1, 0x65, 0x88, 0x84, 0x21, 0x22, 0x23));
        assertThat(h264.dropped()).isZero();
    }

    @Test
    void stapAWithSpsAndPps_thenFuAIdr_keepsInBandSetsOnceAndInOrder() {
        RtpDepacketizer depacketizer = new RtpDepacketizer(VideoCodec.H264, PT, List.of(SDP_SPS, SDP_PPS));

        push(depacketizer, rtp(1, 9000, false, stapA(SPS, PPS)));
        push(depacketizer, rtp(2, 9000, false, bytes(0x7C, 0x85, 0x88, 0x84)));
        AccessUnit unit = push(depacketizer, rtp(3, 9000, true, bytes(0x7C, 0x45, 0x21)));

        assertThat(unit.keyFrame()).isTrue();
        assertThat(unit.annexB()).isEqualTo(annexB(SPS, PPS, IDR));
    }

    @Test
    void keyFrameWithoutInBandSets_getsSdpSetsPrepended() {
        RtpDepacketizer depacketizer = new RtpDepacketizer(VideoCodec.H264, PT, List.of(SDP_PPS, SDP_SPS));

        AccessUnit unit = push(depacketizer, rtp(1, 9000, true, IDR));

        assertThat(unit.annexB()).isEqualTo(annexB(SDP_SPS, SDP_PPS, IDR));
    }

    @Test
    void laterKeyFrame_getsTheLatestInBandSetsRatherThanTheSdpOnes() {
        RtpDepacketizer depacketizer = new RtpDepacketizer(VideoCodec.H264, PT, List.of(SDP_SPS, SDP_PPS));
        push(depacketizer, rtp(1, 9000, false, stapA(SPS, PPS)));
        push(depacketizer, rtp(2, 9000, true, IDR));

        AccessUnit pFrame = push(depacketizer, rtp(3, 12000, true, P_SLICE));
        AccessUnit keyFrame = push(depacketizer, rtp(4, 15000, true, IDR));

        assertThat(pFrame.annexB()).isEqualTo(annexB(P_SLICE));
        assertThat(keyFrame.annexB()).isEqualTo(annexB(SPS, PPS, IDR));
    }

    @Test
    void lostMiddleFragment_dropsTheUnit_andTheNextUnitComesOutWhole() {
        push(h264, rtp(10, 9000, false, bytes(0x7C, 0x85, 0x88)));
        // sequence 11, the middle fragment, is lost
        AccessUnit broken = push(h264, rtp(12, 9000, true, bytes(0x7C, 0x45, 0x23)));
        AccessUnit next = push(h264, rtp(13, 12000, true, P_SLICE));

        assertThat(broken).isNull();
        assertThat(h264.dropped()).isEqualTo(1);
        assertThat(next.annexB()).isEqualTo(annexB(P_SLICE));
    }

    @Test
    void lostFirstSliceOfKeyFrame_neverEmitsTheRestOfIt() {
        push(h264, rtp(1, 6000, true, P_SLICE));
        // sequence 2, the first whole-NAL slice of the key frame at 9000, is lost
        AccessUnit rest = push(h264, rtp(3, 9000, true, IDR));

        assertThat(rest).isNull();
        assertThat(h264.dropped()).isEqualTo(1);
    }

    @Test
    void fuAContinuationWithoutItsStart_dropsTheUnit() {
        AccessUnit unit = push(h264, rtp(5, 9000, true, bytes(0x7C, 0x45, 0x23)));

        assertThat(unit).isNull();
        assertThat(h264.dropped()).isEqualTo(1);
    }

    @Test
    void timestampChangeWithoutMarker_emitsThePreviousUnit() {
        byte[] secondSlice = bytes(0x41, 0x11);

        AccessUnit none = push(h264, rtp(1, 3000, false, P_SLICE));
        AccessUnit first = push(h264, rtp(2, 6000, false, P_SLICE));
        AccessUnit second = push(h264, rtp(3, 6000, true, secondSlice));

        assertThat(none).isNull();
        assertThat(first.rtpTimestamp()).isEqualTo(3000);
        assertThat(first.annexB()).isEqualTo(annexB(P_SLICE));
        assertThat(second.rtpTimestamp()).isEqualTo(6000);
        assertThat(second.annexB()).isEqualTo(annexB(P_SLICE, secondSlice));
    }

    @Test
    void unitThatEndsThePreviousOneAndHasAMarker_comesOutWithTheNextPacket() {
        push(h264, rtp(1, 3000, false, P_SLICE));

        AccessUnit previous = push(h264, rtp(2, 6000, true, IDR));
        AccessUnit held = push(h264, rtp(3, 9000, true, P_SLICE));

        assertThat(previous.rtpTimestamp()).isEqualTo(3000);
        assertThat(held.rtpTimestamp()).isEqualTo(6000);
        assertThat(held.keyFrame()).isTrue();
    }

    @Test
    void sequenceWrapFrom65535To0_isNotALoss() {
        push(h264, rtp(65535, 9000, false, bytes(0x7C, 0x85, 0x88)));
        AccessUnit unit = push(h264, rtp(0, 9000, true, bytes(0x7C, 0x45, 0x84)));

        assertThat(unit.annexB()).isEqualTo(bytes(0, 0, 0, 1, 0x65, 0x88, 0x84));
        assertThat(h264.dropped()).isZero();
    }

    @Test
    void timestampAbove2To31_isReadUnsigned() {
        AccessUnit unit = push(h264, rtp(1, 0xFFFF_FFF0L, true, P_SLICE));

        assertThat(unit.rtpTimestamp()).isEqualTo(0xFFFF_FFF0L);
    }

    @Test
    void csrcsHeaderExtensionAndPadding_areSkipped() {
        byte[] plain = rtp(1, 9000, true, P_SLICE);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x80 | 0x20 | 0x10 | 2); // version 2, padding, extension, two CSRCs
        packet.write(plain, 1, 11);
        packet.writeBytes(bytes(0, 0, 0, 1, 0, 0, 0, 2)); // CSRCs
        packet.writeBytes(bytes(0xBE, 0xDE, 0, 1, 0x10, 0xAA, 0, 0)); // extension, one word
        packet.writeBytes(P_SLICE);
        packet.writeBytes(bytes(0, 0, 3)); // three bytes of padding
        byte[] bytes = packet.toByteArray();

        AccessUnit unit = push(h264, bytes);

        assertThat(unit.annexB()).isEqualTo(annexB(P_SLICE));
    }

    @Test
    void packetInsideALargerBuffer_isReadFromItsOffset() {
        byte[] packet = rtp(1, 9000, true, P_SLICE);
        byte[] buffer = new byte[packet.length + 10];
        System.arraycopy(packet, 0, buffer, 4, packet.length);

        AccessUnit unit = h264.push(buffer, 4, packet.length);

        assertThat(unit.annexB()).isEqualTo(annexB(P_SLICE));
    }

    @Test
    void unreadableHeaders_doNotThrow_andCountAsDropped() {
        byte[] good = rtp(1, 9000, true, P_SLICE);
        byte[] versionZero = good.clone();
        versionZero[0] = 0x00;

        h264.push(bytes(0x80, 0x60, 0, 1, 0), 0, 5);
        h264.push(versionZero, 0, versionZero.length);
        h264.push(good, 4, good.length);
        h264.push(good, -1, good.length);

        assertThat(h264.dropped()).isEqualTo(4);
        assertThat(push(h264, good).annexB()).isEqualTo(annexB(P_SLICE));
    }

    @Test
    void malformedPayloads_doNotThrow_dropTheirUnit_andTheNextUnitComesOutWhole() {
        List<byte[]> malformed = List.of(
                rtp(1, 9000, true, bytes(0x78, 0, 9, 0x67, 0x42)), // STAP-A NAL size past the end
                rtp(1, 9000, true, bytes(0x78, 0)), // STAP-A size cut in half
                rtp(1, 9000, true, bytes(0x7C)), // FU-A without its FU header
                rtp(1, 9000, true, bytes()), // no payload
                rtp(1, 9000, true, bytes(0x00, 0x01)), // NAL type 0 is undefined
                rtp(1, 9000, true, bytes(0x79, 0, 0, 0, 2, 0x41, 0x01)), // STAP-B: interleaved mode
                rtp(1, 9000, true, bytes(0x7D, 0x85, 0, 0, 0x88)), // FU-B: interleaved mode
                withFirstByte(rtp(1, 9000, true, bytes(0x41, 0x01, 40)), 0xA0), // padding > payload
                withFirstByte(rtp(1, 9000, true, bytes(0xBE, 0xDE, 0, 9)), 0x90)); // extension > payload

        for (byte[] packet : malformed) {
            RtpDepacketizer depacketizer = new RtpDepacketizer(VideoCodec.H264, PT, List.of());

            AccessUnit unit = push(depacketizer, packet);
            AccessUnit next = push(depacketizer, rtp(2, 12000, true, P_SLICE));

            assertThat(unit).isNull();
            assertThat(depacketizer.dropped()).isEqualTo(1);
            assertThat(next.annexB()).isEqualTo(annexB(P_SLICE));
        }
    }

    @Test
    void otherPayloadType_isIgnored() {
        byte[] other = rtp(1, 9000, true, P_SLICE);
        other[1] = (byte) (0x80 | 97);

        assertThat(push(h264, other)).isNull();
        assertThat(h264.dropped()).isZero();
    }

    @Test
    void h265ApWithParameterSets_thenFuIdrWRadl_isOneKeyUnit() {
        byte[] vps = bytes(0x40, 0x01, 0x0C, 0x01);
        byte[] sps = bytes(0x42, 0x01, 0x01, 0x01);
        byte[] pps = bytes(0x44, 0x01, 0xC1, 0x72);
        RtpDepacketizer h265 = new RtpDepacketizer(VideoCodec.H265, PT, List.of());
        // AP payload header: type 48; FU payload header: type 49; FU headers: start|19, end|19.
        push(h265, rtp(1, 9000, false, concat(bytes(48 << 1, 0x01), sized(vps), sized(sps), sized(pps))));
        push(h265, rtp(2, 9000, false, bytes(49 << 1, 0x01, 0x80 | 19, 0xAF, 0x01)));
        AccessUnit unit = push(h265, rtp(3, 9000, true, bytes(49 << 1, 0x01, 0x40 | 19, 0x02)));

        assertThat(unit.keyFrame()).isTrue();
        assertThat(unit.annexB()).isEqualTo(annexB(vps, sps, pps, bytes(19 << 1, 0x01, 0xAF, 0x01, 0x02)));
        assertThat(h265.dropped()).isZero();
    }

    @Test
    void h265KeyFrameWithoutSets_getsVpsSpsPpsPrependedInThatOrder() {
        byte[] vps = bytes(0x40, 0x01, 0x0C);
        byte[] sps = bytes(0x42, 0x01, 0x01);
        byte[] pps = bytes(0x44, 0x01, 0xC1);
        byte[] cra = bytes(21 << 1, 0x01, 0xAF);
        RtpDepacketizer h265 = new RtpDepacketizer(VideoCodec.H265, PT, List.of(pps, sps, vps));

        AccessUnit unit = push(h265, rtp(1, 9000, true, cra));

        assertThat(unit.keyFrame()).isTrue();
        assertThat(unit.annexB()).isEqualTo(annexB(vps, sps, pps, cra));
    }

    @Test
    void h265TrailingPicture_isNotKey() {
        RtpDepacketizer h265 = new RtpDepacketizer(VideoCodec.H265, PT, List.of());

        AccessUnit unit = push(h265, rtp(1, 9000, true, bytes(1 << 1, 0x01, 0xD0)));

        assertThat(unit.keyFrame()).isFalse();
    }

    @Test
    void h265DecodingOrderNumbers_areSkipped_inApFuAndSingleNalUnits() {
        byte[] vps = bytes(0x40, 0x01, 0x0C, 0x01);
        byte[] sps = bytes(0x42, 0x01, 0x01, 0x01);
        byte[] pps = bytes(0x44, 0x01, 0xC1, 0x72);
        // AP: DONL before the first NAL unit, DOND before the others; FU: DONL in the first
        // fragment only; single NAL unit: DONL after the payload header.
        List<byte[]> packets = List.of(
                rtp(1, 9000, false, concat(bytes(48 << 1, 0x01, 0x00, 0x05), sized(vps), bytes(0x01), sized(sps),
                        bytes(0x01), sized(pps))),
                rtp(2, 9000, false, bytes(49 << 1, 0x01, 0x80 | 19, 0x00, 0x08, 0xAF, 0x01)),
                rtp(3, 9000, true, bytes(49 << 1, 0x01, 0x40 | 19, 0x02)),
                rtp(4, 12000, true, bytes(1 << 1, 0x01, 0x00, 0x09, 0xD0, 0xD1)));
        RtpDepacketizer h265 = new RtpDepacketizer(VideoCodec.H265, PT, List.of(), true);

        List<AccessUnit> units = packets.stream().map(p -> push(h265, p)).filter(u -> u != null).toList();

        assertThat(units).hasSize(2);
        assertThat(units.get(0).keyFrame()).isTrue();
        assertThat(units.get(0).annexB()).isEqualTo(annexB(vps, sps, pps, bytes(19 << 1, 0x01, 0xAF, 0x01, 0x02)));
        assertThat(units.get(1).annexB()).isEqualTo(annexB(bytes(1 << 1, 0x01, 0xD0, 0xD1)));
        assertThat(h265.dropped()).isZero();
    }

    @Test
    void h265SingleNalUnitTooShortForItsDonl_isDropped() {
        RtpDepacketizer h265 = new RtpDepacketizer(VideoCodec.H265, PT, List.of(), true);

        assertThat(push(h265, rtp(1, 9000, true, bytes(1 << 1, 0x01, 0x00)))).isNull();
        assertThat(h265.dropped()).isEqualTo(1);
        assertThat(push(h265, rtp(2, 12000, true, bytes(1 << 1, 0x01, 0x00, 0x02, 0xD0))).annexB())
                .isEqualTo(annexB(bytes(1 << 1, 0x01, 0xD0)));
    }

    private static AccessUnit push(RtpDepacketizer depacketizer, byte[] packet) {
        return depacketizer.push(packet, 0, packet.length);
    }

    /** An RTP packet: version 2, no padding, extension or CSRCs, payload type 96. */
    private static byte[] rtp(int sequence, long timestamp, boolean marker, byte[] payload) {
        byte[] header = bytes(0x80, (marker ? 0x80 : 0) | PT, sequence >> 8, sequence,
                (int) (timestamp >> 24), (int) (timestamp >> 16), (int) (timestamp >> 8), (int) timestamp,
                0x12, 0x34, 0x56, 0x78);
        return concat(header, payload);
    }

    private static byte[] withFirstByte(byte[] packet, int firstByte) {
        packet[0] = (byte) firstByte;
        return packet;
    }

    private static byte[] stapA(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78); // NRI 3, type 24
        for (byte[] nal : nals) {
            out.writeBytes(sized(nal));
        }
        return out.toByteArray();
    }

    private static byte[] sized(byte[] nal) {
        return concat(bytes(nal.length >> 8, nal.length), nal);
    }

    private static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(bytes(0, 0, 0, 1));
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
