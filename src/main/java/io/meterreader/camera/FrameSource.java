package io.meterreader.camera;

import io.meterreader.frame.Frame;
import java.io.IOException;
import java.time.Instant;

/**
 * Where a camera's frames come from: an RTSP stream, a video file or a synthetic scene. A source
 * is used by one worker thread only; it is opened, read, and closed, and may be opened again.
 */
public interface FrameSource extends AutoCloseable {

    /** Connects; throws with a message that holds no credentials. */
    void open() throws IOException;

    /**
     * The first frame captured at or after {@code due}, decoded and copied out of the decoder's
     * buffers. Frames before it are skipped as cheaply as the source allows (not converted, or
     * not decoded at all when only key frames are read).
     *
     * @return the frame, or {@code null} when the stream ended
     * @throws IOException when the stream failed or stalled
     */
    Frame grab(Instant due) throws IOException;

    /**
     * What reads the camera, as the API shows it: {@code native} (the service's own RTSP client),
     * {@code ffmpeg} or {@code sim}.
     */
    default String reader() {
        return "other";
    }

    /** Whether the end of the stream is normal and the source should simply be read again. */
    default boolean loops() {
        return false;
    }

    @Override
    void close();
}
