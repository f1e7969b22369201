package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtcpTest {

    /** A sender report (no blocks) with NTP time 0x11223344_55667788, then a BYE. */
    private static final byte[] SR_THEN_BYE = {
        (byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 9, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        (byte) 0x81, (byte) 203, 0, 1, 0, 0, 0, 9};

    @Test
    void senderReportThenBye_givesTheMiddleOfItsNtpTime_andIsABye() {
        assertThat(Rtcp.senderReportTime(SR_THEN_BYE, SR_THEN_BYE.length)).isEqualTo(0x33445566L);
        assertThat(Rtcp.isBye(SR_THEN_BYE, SR_THEN_BYE.length)).isTrue();
        assertThat(Rtcp.isBye(SR_THEN_BYE, 28)).as("the sender report alone").isFalse();
    }

    @Test
    void notRtcp_isNeitherReportNorBye() {
        byte[] junk = {0x12, (byte) 203, 0, 0};
        assertThat(Rtcp.isBye(junk, junk.length)).isFalse();
        assertThat(Rtcp.senderReportTime(junk, junk.length)).isEqualTo(-1);
    }

    @Test
    void receiverReport_isAReceiverReportBlockThenOurCname() {
        byte[] rr = Rtcp.receiverReport(0x0A0B0C0D, 0x01020304, 0x1_0005L, 64, 3, 1234, 0x33445566L, 1.5,
                "meter-reader@1");
        ByteBuffer b = ByteBuffer.wrap(rr);
        assertThat(rr.length % 4).isZero();
        assertThat(b.get(0)).isEqualTo((byte) 0x81);                 // version 2, one report block
        assertThat(b.get(1) & 0xFF).isEqualTo(Rtcp.RR);
        assertThat(b.getShort(2)).isEqualTo((short) 7);
        assertThat(b.getInt(4)).isEqualTo(0x0A0B0C0D);
        assertThat(b.getInt(8)).isEqualTo(0x01020304);
        assertThat(b.get(12) & 0xFF).isEqualTo(64);                    // fraction lost: a quarter
        assertThat(b.getInt(12) & 0xFFFFFF).isEqualTo(3);              // cumulative lost
        assertThat(b.getInt(16)).isEqualTo(0x1_0005);                  // extended highest sequence number
        assertThat(b.getInt(20)).isEqualTo(1234);                      // interarrival jitter
        assertThat(b.getInt(24)).isEqualTo(0x33445566);                // LSR
        assertThat(b.getInt(28)).isEqualTo(98304);                     // DLSR: 1.5 s in 1/65536 s
        assertThat(b.get(33) & 0xFF).isEqualTo(Rtcp.SDES);
        assertThat(4 * (b.getShort(34) + 1)).isEqualTo(rr.length - 32); // the SDES's own length
        assertThat(b.getInt(36)).isEqualTo(0x0A0B0C0D);
        assertThat(b.get(40)).isEqualTo((byte) 1);                     // CNAME
        assertThat(new String(rr, 42, b.get(41))).isEqualTo("meter-reader@1");
        assertThat(Rtcp.isBye(rr, rr.length)).isFalse();
    }
}
