package io.meterreader.camera;

import io.meterreader.camera.rtsp.RtspVideo;
import io.meterreader.config.CameraUrl;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An H.264 or H.265 RTSP camera read with the service's own RTSP client ({@link RtspVideo}): the
 * same frames as {@link FfmpegFrameSource} at a fraction of the CPU, since FFmpeg's client makes
 * several system calls per network packet. Key frames only, where the read interval allows (as
 * FFmpeg's source: the key-frame spacing is measured as the stream plays, and every frame is
 * decoded until it is known); other access units are read off the socket and never decoded. A
 * camera whose video is in another codec, or that redirects, is read through FFmpeg instead, from
 * then on; so is one that the native client failed {@link #NATIVE_TRIES} times in a row before a
 * first frame, where FFmpeg's client then gives one (a camera firmware's dialect the native client
 * does not speak: the fallback is safe, it costs CPU). Not one whose packets all carry another
 * payload type than its SDP announced ({@link RtspVideo.ForeignPayloadException}): FFmpeg's client
 * reads only the announced type too, and would probe for it, holding the camera's thread, until
 * the camera closed the connection. A camera handed to FFmpeg that way is given
 * to the native client again at its first reconnection {@link #NATIVE_AGAIN_AFTER} later: the
 * failures may have been a firmware update's or a reboot's, and FFmpeg's client costs half as much
 * CPU again for as long as it reads the camera.
 */
final class RtspFrameSource implements FrameSource {

    private static final Logger log = LoggerFactory.getLogger(RtspFrameSource.class);
    /** Native sessions in a row that end before a first frame before FFmpeg's client is tried. */
    static final int NATIVE_TRIES = 3;
    /** How long a camera the native client failed is read through FFmpeg before the native client's next turn. */
    static final Duration NATIVE_AGAIN_AFTER = Duration.ofHours(1);

    private final String cameraId;
    private final CameraUrl url;
    private final KeyFrameSpacing keySpacing;
    private final boolean keyframesOnly;
    private final Duration ioTimeout;
    private final StreamClock streamClock;
    private final Supplier<FrameSource> ffmpeg;

    private final Clock clock;
    private RtspVideo video;
    private FrameSource fallback;
    /** When FFmpeg's client was kept for failures of the native one; null: not so (or another codec). */
    private Instant adoptedAfterFailures;
    /** FFmpeg's client, tried after the native one failed {@link #NATIVE_TRIES} times; kept once it gives a frame. */
    private FrameSource trial;
    /**
     * Native sessions in a row that streamed but ended before their first frame, or whose start the
     * camera refused as a request it does not take ({@link #speaksAgainstTheClient}).
     */
    private int failedSessions;
    private boolean sessionHadFrame;
    /** Whether this session has had a key frame, or a picture decoded; until it has, nothing may decode. */
    private boolean keySeen;
    /** When this session's first access unit came (System.nanoTime), 0 before. */
    private long firstUnitNanos;
    private long sequence;

    /**
     * @param ffmpeg the FFmpeg source for this camera, used when its video is neither H.264 nor H.265
     */
    RtspFrameSource(String cameraId, CameraUrl url, Duration readInterval, boolean keyframesOnly, Duration ioTimeout,
                    Clock clock, Supplier<FrameSource> ffmpeg) {
        this.cameraId = cameraId;
        this.url = url;
        this.keySpacing = new KeyFrameSpacing(readInterval);
        this.keyframesOnly = keyframesOnly;
        this.ioTimeout = ioTimeout;
        this.streamClock = new StreamClock(clock);
        this.ffmpeg = ffmpeg;
        this.clock = clock;
    }

    @Override
    public void open() throws IOException {
        if (fallback != null && adoptedAfterFailures != null
                && Duration.between(adoptedAfterFailures, clock.instant()).compareTo(NATIVE_AGAIN_AFTER) >= 0) {
            log.info("Camera {}: read through FFmpeg's RTSP client since {}; giving the native one its turn again",
                    cameraId, adoptedAfterFailures);
            fallback.close();
            fallback = null;
            adoptedAfterFailures = null;
            failedSessions = 0;
        }
        if (fallback != null) {
            fallback.open();
            return;
        }
        sessionHadFrame = false;
        if (failedSessions >= NATIVE_TRIES) {
            // The native client failed that often before a first frame: try FFmpeg's once. A camera
            // that is simply down fails there too, and the native client has its turns again.
            failedSessions = 0;
            log.info("Camera {}: the native RTSP client failed {} times in a row before a first frame;"
                    + " trying FFmpeg's", cameraId, NATIVE_TRIES);
            FrameSource tried = ffmpeg.get();
            try {
                tried.open();
            } catch (IOException | RuntimeException e) {
                tried.close();
                throw e;
            }
            trial = tried;
            return;
        }
        try {
            video = RtspVideo.open(url.raw(), ioTimeout, keyframesOnly);
        } catch (RtspVideo.UnsupportedStreamException e) {
            log.info("Camera {}: {}; reading it through FFmpeg's RTSP client", cameraId, e.getMessage());
            fallback = ffmpeg.get();
            fallback.open();
            return;
        } catch (IOException | RuntimeException e) {
            if (speaksAgainstTheClient(e)) {
                failedSessions++;
            }
            throw new IOException(url.redact(String.valueOf(e.getMessage())) + " (" + url.masked() + ")");
        }
        streamClock.reset();
        keySpacing.reset();
        keySeen = false;
        firstUnitNanos = 0;
    }

    /**
     * How many stall timeouts a session that streams waits for its first key frame. A camera joined
     * just after one sends nothing decodable until the next: one whose key frames are 12 s apart
     * was "stalled: no video frame for 10 s" three times while its packets flowed, then handed to
     * FFmpeg's client for an hour, as if the native client could not read it (the camera audit).
     */
    static final int KEY_FRAME_WAIT_TIMEOUTS = 6;

    /** A session that streams, but no key frame in {@link #KEY_FRAME_WAIT_TIMEOUTS} stall timeouts: the camera's doing. */
    static final class NoKeyFrameException extends IOException {
        NoKeyFrameException(String message) {
            super(message);
        }
    }

    @Override
    public Frame grab(Instant due) throws IOException {
        if (fallback != null) {
            return fallback.grab(due);
        }
        if (trial != null) {
            Frame f = trial.grab(due);
            if (f != null) {
                log.warn("Camera {}: FFmpeg's RTSP client reads it where the native one did not; reading it through"
                        + " FFmpeg from now on (rtsp-client: ffmpeg skips the native tries)", cameraId);
                fallback = trial;
                trial = null;
                adoptedAfterFailures = clock.instant();
            }
            return f;
        }
        if (video == null) {
            throw new IllegalStateException("source not open");
        }
        try {
            Frame f = grabNative(due);
            if (f != null) {
                sessionHadFrame = true;
                failedSessions = 0;
            } else if (!sessionHadFrame) {
                failedSessions++;
            }
            return f;
        } catch (RtspVideo.ForeignPayloadException e) {
            throw e;   // the camera's fault; FFmpeg's client would probe for the announced type for ever
        } catch (NoKeyFrameException e) {
            throw e;   // the camera's settings; FFmpeg's client would show smeared pictures at best
        } catch (IOException | RuntimeException e) {
            if (!sessionHadFrame) {
                failedSessions++;
            }
            throw e;
        }
    }

    private Frame grabNative(Instant due) throws IOException {
        long progress = System.nanoTime();
        while (true) {
            if (System.nanoTime() - progress > ioTimeout.toNanos()) {
                // Packets arrive but no picture comes out of them: as dead as a silent camera.
                throw new IOException("stalled: no video frame for " + ioTimeout.toSeconds() + " s");
            }
            try {
                if (!video.next()) {
                    return null;   // the camera ended the stream
                }
            } catch (RtspVideo.ForeignPayloadException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new IOException(url.redact(String.valueOf(e.getMessage())));
            }
            long ts = video.timeMicros();
            boolean key = video.keyFrame();
            if (key) {
                keySpacing.keyFrameAt(ts);
                keySeen = true;
            } else if (!keySeen) {
                // the camera streams, but nothing decodes until its next key frame
                long now = System.nanoTime();
                firstUnitNanos = firstUnitNanos == 0 ? now : firstUnitNanos;
                long waited = ioTimeout.toNanos() * KEY_FRAME_WAIT_TIMEOUTS;
                if (now - firstUnitNanos > waited) {
                    throw new NoKeyFrameException("no key frame in " + waited / 1_000_000_000L + " s of video: the "
                            + "camera's key-frame (I-frame) interval is longer than that, or it sends none; set it "
                            + "to a few seconds in the camera's stream settings");
                }
                progress = now;   // its next key frame is waited for, not taken for a stall
            }
            Instant capture = streamClock.arrived(ts);
            boolean keyOnly = keyframesOnly && keySpacing.oftenEnough(ts);
            if (keyOnly && !key) {
                progress = System.nanoTime();
                continue;
            }
            if (capture.isBefore(due)) {
                if (keyOnly) {
                    progress = System.nanoTime();
                } else if (video.decode()) {
                    progress = System.nanoTime();   // decoded for the frames after it
                    keySeen = true;   // or a picture recovered without one (a camera's intra refresh)
                }
                continue;
            }
            if (!video.decode()) {
                continue;
            }
            keySeen = true;
            progress = System.nanoTime();
            Instant pictureCapture = streamClock.at(video.pictureTimeMicros());
            if (pictureCapture.isBefore(due)) {
                continue;   // a decoder that holds pictures back gave out an older one
            }
            return new Frame(cameraId, sequence++, pictureCapture, video.width(), video.height(), video.bgr());
        }
    }

    /**
     * Whether a failure to start a session may be the native client's: a request the camera
     * refused as malformed or unsupported (400, 405, 461 ...). Not a camera that is down, booting
     * (no connection, a connection reset, 503) or misconfigured (401 credentials, 404 path), which
     * FFmpeg's client would fail the same.
     */
    private static boolean speaksAgainstTheClient(Exception e) {
        if (e instanceof RtspVideo.RefusedException refused) {
            int status = refused.status();
            return status != 401 && status != 404 && status < 500;
        }
        return e instanceof RuntimeException;   // a bug of ours, or an answer we could not parse
    }

    /** Whether the source reads only key frames now (for status and tests). */
    boolean readingKeyFramesOnly() {
        return fallback == null && video != null && keyframesOnly && keySpacing.oftenEnough(video.timeMicros());
    }

    @Override
    public String reader() {
        return fallback != null ? fallback.reader() : trial != null ? trial.reader() : "native";
    }

    @Override
    public void close() {
        if (fallback != null) {
            fallback.close();
        }
        if (trial != null) {
            trial.close();   // it gave no frame: the native client has its turns again
            trial = null;
        }
        if (video != null) {
            video.close();
            video = null;
        }
    }

    @Override
    public String toString() {
        return "RtspFrameSource[" + cameraId + " " + url.masked() + "]";
    }
}
