package io.meterreader.camera.rtsp;

/**
 * What a receiver report tells the camera about its stream (RFC 3550, 6.4.1 and appendix A.3,
 * A.8): the camera's SSRC, the highest sequence number received with its wrap-arounds counted,
 * the packets lost so far and the share of them lost since the last report, and the
 * interarrival jitter, the smoothed change in how late packets arrive against their timestamps.
 * Over TCP nothing is lost in transit, but a camera's or server's own dropping shows as gaps.
 */
final class Reception {

    private final int clockRate;
    private final long startNanos;
    private int sourceSsrc;
    private int highestSeq = -1;
    private long seqCycles;
    private long firstSeq;
    private long received;
    private long expectedAtReport;
    private long receivedAtReport;
    private boolean transitKnown;
    private long lastTransit;
    /** In timestamp units, times 16 (appendix A.8's integer form). */
    private long jitter16;

    /**
     * @param clockRate  the stream's RTP clock, Hz
     * @param startNanos System.nanoTime() at the session's start: arrival times count from there
     */
    Reception(int clockRate, long startNanos) {
        this.clockRate = clockRate;
        this.startNanos = startNanos;
    }

    /** Counts one RTP packet (12-byte header first) that arrived at {@code arrivalNanos} (System.nanoTime). */
    void packet(byte[] p, int length, long arrivalNanos) {
        if (length < 12) {
            return;
        }
        int seq = (p[2] & 0xFF) << 8 | (p[3] & 0xFF);
        long timestamp = (p[4] & 0xFFL) << 24 | (p[5] & 0xFF) << 16 | (p[6] & 0xFF) << 8 | (p[7] & 0xFF);
        sourceSsrc = (p[8] & 0xFF) << 24 | (p[9] & 0xFF) << 16 | (p[10] & 0xFF) << 8 | (p[11] & 0xFF);
        if (highestSeq < 0) {
            highestSeq = seq;
            firstSeq = seq;
        } else if (((seq - highestSeq) & 0xFFFF) < 0x8000) {
            if (seq < highestSeq) {
                seqCycles += 0x10000;
            }
            highestSeq = seq;
        }
        received++;
        // Arrival in timestamp units (from the start, so that the product cannot overflow);
        // the transit's 32-bit difference, so that the timestamp's wrap-around does not count.
        long arrival = (arrivalNanos - startNanos) / 1000 * clockRate / 1_000_000;
        long transit = arrival - timestamp;
        if (transitKnown) {
            long d = Math.abs((int) (transit - lastTransit));
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        lastTransit = transit;
        transitKnown = true;
    }

    int sourceSsrc() {
        return sourceSsrc;
    }

    /** The highest sequence number received, with its wrap-arounds counted above 16 bits. */
    long extendedHighest() {
        return seqCycles + highestSeq;
    }

    /** Packets expected (by sequence number) and not received, so far. */
    long cumulativeLost() {
        return highestSeq < 0 ? 0 : Math.max(0, expected() - received);
    }

    /** The interarrival jitter, in timestamp units. */
    long jitter() {
        return jitter16 >> 4;
    }

    /**
     * The share of packets lost since the last call, in 256ths (0 when none, or when duplicates
     * outnumber the losses), as a report gives it; the next call counts from here.
     */
    int fractionLostSinceLastReport() {
        long expectedInterval = expected() - expectedAtReport;
        long lostInterval = expectedInterval - (received - receivedAtReport);
        expectedAtReport = expected();
        receivedAtReport = received;
        return expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    private long expected() {
        return highestSeq < 0 ? 0 : extendedHighest() - firstSeq + 1;
    }
}
