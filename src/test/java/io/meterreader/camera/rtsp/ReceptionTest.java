package io.meterreader.camera.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceptionTest {

    private static final int CLOCK = 90_000;
    private static final long START = 5_000_000_000L;

    @Test
    void steadyStream_hasNoJitterAndNothingLost() {
        Reception r = new Reception(CLOCK, START);
        for (int i = 0; i < 100; i++) {   // 25 frames a second, each on time
            r.packet(rtp(1000 + i, 3600L * i), 12, START + 40_000_000L * i);
        }

        assertThat(r.jitter()).isZero();
        assertThat(r.cumulativeLost()).isZero();
        assertThat(r.fractionLostSinceLastReport()).isZero();
        assertThat(r.extendedHighest()).isEqualTo(1099);
        assertThat(r.sourceSsrc()).isEqualTo(0x01020304);
    }

    @Test
    void packetsLateByTurns_giveAJitterOfAboutTheirLateness() {
        Reception r = new Reception(CLOCK, START);
        for (int i = 0; i < 400; i++) {   // every other packet 10 ms (900 units) late
            long late = i % 2 == 0 ? 0 : 10_000_000L;
            r.packet(rtp(i, 3600L * i), 12, START + 40_000_000L * i + late);
        }

        // |D| is 900 for every packet, so the jitter converges on 900 (RFC 3550, A.8).
        assertThat(r.jitter()).isBetween(880L, 900L);
    }

    @Test
    void gaps_countAsLost_andTheFractionIsSinceTheLastReport() {
        Reception r = new Reception(CLOCK, START);
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 4 != 1) {   // one in four lost
                r.packet(rtp(seq, 0), 12, START);
            }
        }
        assertThat(r.cumulativeLost()).isEqualTo(25);
        assertThat(r.fractionLostSinceLastReport()).isEqualTo(64);   // a quarter, in 256ths

        for (int seq = 100; seq < 200; seq++) {
            r.packet(rtp(seq, 0), 12, START);
        }
        assertThat(r.fractionLostSinceLastReport()).as("none lost since the last report").isZero();
        assertThat(r.cumulativeLost()).isEqualTo(25);
    }

    @Test
    void sequenceWrapAround_isCountedAboveSixteenBits_andIsNoLoss() {
        Reception r = new Reception(CLOCK, START);
        for (int i = 0; i < 10; i++) {
            r.packet(rtp((65530 + i) & 0xFFFF, 0), 12, START);
        }

        assertThat(r.extendedHighest()).isEqualTo(0x10000 + 3);
        assertThat(r.cumulativeLost()).isZero();
    }

    @Test
    void timestampWrapAround_addsNoJitter() {
        Reception r = new Reception(CLOCK, START);
        long first = 0xFFFFFFFFL - 3600L * 5;
        for (int i = 0; i < 20; i++) {
            r.packet(rtp(i, (first + 3600L * i) & 0xFFFFFFFFL), 12, START + 40_000_000L * i);
        }

        assertThat(r.jitter()).isZero();
    }

    /** An RTP header: sequence number, timestamp, SSRC 0x01020304. */
    private static byte[] rtp(int sequence, long timestamp) {
        return new byte[] {(byte) 0x80, 96, (byte) (sequence >> 8), (byte) sequence, (byte) (timestamp >> 24),
            (byte) (timestamp >> 16), (byte) (timestamp >> 8), (byte) timestamp, 1, 2, 3, 4};
    }
}
