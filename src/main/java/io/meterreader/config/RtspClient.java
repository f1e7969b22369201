package io.meterreader.config;

/** Which RTSP client reads an {@code rtsp://} camera. */
public enum RtspClient {
    /**
     * The service's own (H.264 and H.265; a camera in another codec is read through FFmpeg): a
     * buffered socket, a few system calls per video frame.
     */
    NATIVE,
    /** FFmpeg's, as JavaCV's FFmpegFrameGrabber opens it: every codec FFmpeg has, several system calls a packet. */
    FFMPEG
}
