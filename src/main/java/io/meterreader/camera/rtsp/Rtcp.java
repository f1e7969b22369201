package io.meterreader.camera.rtsp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The little of RTCP (RFC 3550, section 6) the client needs: reading a camera's sender reports
 * and BYE, and writing receiver reports. Some cameras end a session whose client sends none
 * (public reports name a Dahua model and Arlo cameras), so the client sends one every few
 * seconds, as FFmpeg's and live555's clients do.
 */
final class Rtcp {

    static final int SR = 200;
    static final int RR = 201;
    static final int SDES = 202;
    static final int BYE = 203;

    private Rtcp() {
    }

    /** Whether a compound RTCP packet holds a BYE. */
    static boolean isBye(byte[] p, int length) {
        return find(p, length, BYE) >= 0;
    }

    /**
     * The middle 32 bits of the NTP time of the sender report in a compound packet (what a
     * receiver report echoes as LSR), or -1 when it holds none.
     */
    static long senderReportTime(byte[] p, int length) {
        int at = find(p, length, SR);
        if (at < 0 || at + 16 > length) {
            return -1;
        }
        return ((p[at + 10] & 0xFFL) << 24) | ((p[at + 11] & 0xFF) << 16) | ((p[at + 12] & 0xFF) << 8) | (p[at + 13] & 0xFF);
    }

    /** Where the first packet of type {@code type} starts in a compound packet, or -1. */
    private static int find(byte[] p, int length, int type) {
        int at = 0;
        while (at + 4 <= length) {
            if ((p[at] & 0xC0) != 0x80) {
                return -1;
            }
            if ((p[at + 1] & 0xFF) == type) {
                return at;
            }
            at += 4 * (((p[at + 2] & 0xFF) << 8 | (p[at + 3] & 0xFF)) + 1);
        }
        return -1;
    }

    /**
     * A compound packet: a receiver report with one block for the camera's stream, then an SDES
     * with our CNAME (RFC 3550 wants one in every compound packet).
     *
     * @param ssrc           ours
     * @param source         the camera's stream's SSRC
     * @param extendedSeq    the highest sequence number received, with its wrap-arounds counted above 16 bits
     * @param fractionLost   the share of packets lost since the last report, in 256ths
     * @param lost           packets lost so far (counted by the caller; capped to 24 bits)
     * @param jitter         the interarrival jitter, in timestamp units
     * @param lastSr         {@link #senderReportTime} of the last sender report, 0 when none came
     * @param sinceLastSr    seconds since it came, 0 when none came
     */
    static byte[] receiverReport(int ssrc, int source, long extendedSeq, int fractionLost, long lost, long jitter,
                                 long lastSr, double sinceLastSr, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int nameLength = Math.min(255, name.length);
        int chunk = 4 + 2 + nameLength + 1;            // SSRC, CNAME item, the end-of-items null
        int sdesWords = 1 + (chunk + 3) / 4;           // header, the chunk padded to 32 bits
        ByteBuffer b = ByteBuffer.allocate(32 + 4 * sdesWords);
        b.put((byte) 0x81).put((byte) RR).putShort((short) 7);   // 8 words: header, SSRC, one 6-word block
        b.putInt(ssrc);
        b.putInt(source);
        b.putInt((Math.min(255, Math.max(0, fractionLost)) << 24) | (int) Math.min(lost, 0x7FFFFF));
        b.putInt((int) extendedSeq);
        b.putInt((int) Math.min(jitter, 0xFFFFFFFFL));
        b.putInt((int) lastSr);
        b.putInt(lastSr == 0 ? 0 : (int) Math.round(sinceLastSr * 65536));
        b.put((byte) 0x81).put((byte) SDES).putShort((short) (sdesWords - 1));
        b.putInt(ssrc);
        b.put((byte) 1).put((byte) nameLength).put(name, 0, nameLength);
        // The rest is zero: the end-of-items null and the padding.
        return b.array();
    }
}
