package io.meterreader.camera.rtsp;

/**
 * One coded picture reassembled from RTP packets, as an Annex-B byte stream (every NAL unit
 * preceded by the start code 00 00 00 01).
 *
 * @param rtpTimestamp the packets' 32-bit RTP timestamp, as an unsigned value in a long
 * @param keyFrame     whether it holds an IDR picture (H.264 NAL type 5) / an IRAP picture
 *                     (H.265 NAL types 16..21)
 */
record AccessUnit(long rtpTimestamp, boolean keyFrame, byte[] annexB) {}
