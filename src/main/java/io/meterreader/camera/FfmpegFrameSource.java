package io.meterreader.camera;

import io.meterreader.config.CameraUrl;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * RTSP streams and video files through FFmpeg (JavaCV's FFmpegFrameGrabber).
 *
 * <p>Only frames that will be read are converted to BGR; the others are decoded (a P-frame
 * needs its predecessors) but not converted. When the camera may read key frames only and its
 * key frames come at least as often as its read interval, non-key packets are not even decoded:
 * that is what lets one core serve many cameras. The key-frame spacing is measured as the
 * stream plays, and decoding falls back to every frame when key frames are too rare.
 *
 * <p>Capture time follows the stream's own timestamps ({@link StreamClock}). Files are paced to real time, as a camera would deliver them, and loop.
 */
final class FfmpegFrameSource implements FrameSource {

    private final String cameraId;
    private final CameraUrl url;
    private final KeyFrameSpacing keySpacing;
    private final boolean keyframesOnly;
    private final Duration ioTimeout;
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean isFile;
    private final StreamClock streamClock;

    private FFmpegFrameGrabber grabber;
    private long sequence;
    private long framePeriodMicros;
    private long lastTimestamp = Long.MIN_VALUE;
    private long fileStartTimestamp = Long.MIN_VALUE;
    private Instant fileStartWall;

    static {
        // its warnings and errors, not each stream's dump at every open, into the log, a few a minute
        FfmpegLog.install(avutil.AV_LOG_WARNING);
    }

    FfmpegFrameSource(String cameraId, CameraUrl url, Duration readInterval, boolean keyframesOnly,
                      Duration ioTimeout, Clock clock, Sleeper sleeper) {
        this.cameraId = cameraId;
        this.url = url;
        this.keySpacing = new KeyFrameSpacing(readInterval);
        this.keyframesOnly = keyframesOnly;
        this.ioTimeout = ioTimeout;
        this.clock = clock;
        this.sleeper = sleeper;
        this.isFile = "file".equals(url.scheme());
        this.streamClock = new StreamClock(clock);
    }

    @Override
    public void open() throws IOException {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(isFile ? url.filePath() : url.raw());
        String timeoutMicros = Long.toString(ioTimeout.toNanos() / 1000);
        if (url.scheme().startsWith("rtsp")) {
            g.setOption("rtsp_transport", "tcp");
            g.setOption("timeout", timeoutMicros);
        }
        if (!isFile) {
            g.setOption("rw_timeout", timeoutMicros);
            // Probing reads ahead; every packet it buffers is latency we never catch up on.
            g.setOption("analyzeduration", "500000");
            g.setOption("probesize", "1000000");
            g.setOption("fflags", "nobuffer");
        }
        // Frame-threaded decoding holds back one frame per thread before it outputs any: with key
        // frames only that is seconds of latency. One thread per camera; cameras run in parallel.
        g.setVideoOption("threads", "1");
        g.setImageMode(FrameGrabber.ImageMode.COLOR);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            // start() holds a lock global to every grabber in the process (JavaCV synchronises it
            // on avcodec's class) while it connects and probes: cameras came up one after another,
            // about half a second each (32 took 18 s), and a camera that did not answer held every
            // other camera's (re)connect for its whole timeout. FFmpeg has opened streams and
            // codecs thread-safely since 4.0; each source opens its own grabber unshared.
            g.startUnsafe();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(g);
            throw new IOException(problem(e));
        }
        if (!g.hasVideo()) {
            release(g);
            throw new IOException("stream has no video: " + url.masked());
        }
        grabber = g;
        double fps = g.getFrameRate();
        framePeriodMicros = fps > 0 && fps < 1000 ? Math.round(1_000_000 / fps) : 40_000;
        lastTimestamp = Long.MIN_VALUE;
        keySpacing.reset();
        fileStartTimestamp = Long.MIN_VALUE;
        fileStartWall = clock.instant();
        streamClock.reset();
    }

    /** What FFmpeg could not do, for the camera's last error: its words cleaned, the URL's password masked. */
    private String problem(Exception e) {
        return (isFile ? "" : "FFmpeg's client: ") + url.redact(FfmpegMessages.clean(e.getMessage()));
    }

    @Override
    public Frame grab(Instant due) throws IOException {
        if (grabber == null) {
            throw new IllegalStateException("source not open");
        }
        long lastSeen = System.nanoTime();
        while (true) {
            if (System.nanoTime() - lastSeen > ioTimeout.toNanos()) {
                // Packets arrive but no picture comes out of them: as dead as a silent camera.
                throw new IOException("stalled: no video frame for " + ioTimeout.toSeconds() + " s");
            }
            boolean keyOnly = keyframesOnly && keySpacing.oftenEnough();
            boolean convert = keyOnly || likelyDue(due);
            org.bytedeco.javacv.Frame f;
            try {
                f = grabber.grabFrame(false, true, convert, keyOnly, false);
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new IOException(problem(e));
            }
            if (f == null) {
                if (isFile) {
                    waitOutTheFile();
                }
                if (!isFile && System.nanoTime() - lastSeen >= ioTimeout.toNanos()) {
                    // FFmpeg ends a stream whose socket fell silent for its timeout (once or twice over)
                    throw new IOException("stalled: nothing from the camera for "
                            + Duration.ofNanos(System.nanoTime() - lastSeen).toSeconds() + " s (FFmpeg's client)");
                }
                return null;
            }
            if (f.image != null || f.keyFrame || f.timestamp != lastTimestamp) {
                lastSeen = System.nanoTime();
            }
            long ts = f.timestamp;
            if (f.keyFrame) {
                keySpacing.keyFrameAt(ts);
            }
            lastTimestamp = ts;
            if (f.image == null || f.imageWidth <= 0) {
                continue;
            }
            Instant capture = captureTime(ts, /* arrivedNow= */ true);
            if (capture.isBefore(due)) {
                continue;
            }
            if (isFile) {
                // Deliver a file's frames no faster than a camera would.
                Duration wait = Duration.between(clock.instant(), capture);
                if (!wait.isNegative()) {
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                }
            }
            return copy(f, capture);
        }
    }

    /**
     * At a file's end, waits until its whole length has played from its first frame, as a camera
     * would take: the last frame read (a key frame, reading key frames only) may come a second or
     * more before the end, and the loop would start early.
     */
    private void waitOutTheFile() throws IOException {
        if (fileStartTimestamp == Long.MIN_VALUE) {
            return;
        }
        long endMicros = Math.max(lastTimestamp + framePeriodMicros, grabber.getLengthInTime());
        Duration wait = Duration.between(clock.instant(), fileStartWall.plusNanos((endMicros - fileStartTimestamp)
                * 1000));
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /**
     * Whether the next frame is probably the first one due, judged from the last one's time. A
     * wrong guess costs one wasted conversion, or returns the frame after the due one.
     */
    private boolean likelyDue(Instant due) {
        if (lastTimestamp == Long.MIN_VALUE) {
            return true;
        }
        return !captureTime(lastTimestamp + framePeriodMicros, /* arrivedNow= */ false).isBefore(due);
    }

    /** A frame's capture time; {@code arrivedNow}: it is a frame that came now (it may move the anchor). */
    private Instant captureTime(long timestampMicros, boolean arrivedNow) {
        if (isFile) {
            if (fileStartTimestamp == Long.MIN_VALUE) {
                fileStartTimestamp = timestampMicros;
            }
            return fileStartWall.plusNanos((timestampMicros - fileStartTimestamp) * 1000);
        }
        return arrivedNow ? streamClock.arrived(timestampMicros) : streamClock.at(timestampMicros);
    }

    private Frame copy(org.bytedeco.javacv.Frame f, Instant capture) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int stride = f.imageStride;
        ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
        byte[] bgr = new byte[w * h * 3];
        if (stride == w * 3) {
            src.position(0);
            src.get(bgr, 0, bgr.length);
        } else {
            for (int row = 0; row < h; row++) {
                src.position(row * stride);
                src.get(bgr, row * w * 3, w * 3);
            }
        }
        return new Frame(cameraId, sequence++, capture, w, h, bgr);
    }

    /** Whether the source reads only key frames now (for status and tests). */
    boolean readingKeyFramesOnly() {
        return keyframesOnly && keySpacing.oftenEnough();
    }

    @Override
    public String reader() {
        return "ffmpeg";
    }

    @Override
    public boolean loops() {
        return isFile;
    }

    @Override
    public void close() {
        if (grabber != null) {
            release(grabber);
            grabber = null;
        }
    }

    private static void release(FFmpegFrameGrabber g) {
        try {
            g.releaseUnsafe();   // release() takes the same global lock as start()
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // Closing a broken stream can fail; there is nothing left to free.
        }
    }

    @Override
    public String toString() {
        return "FfmpegFrameSource[" + cameraId + " " + url.masked() + "]";
    }
}
