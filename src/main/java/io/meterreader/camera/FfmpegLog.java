package io.meterreader.camera;

import io.meterreader.frame.AlarmActions;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FFmpeg's own messages (a damaged stream's decoder errors, a server's complaints), into the
 * service's log with a time and a level, at most {@link #PER_MINUTE} a minute: FFmpeg wrote them
 * to stderr itself, and a looping file with a damaged middle wrote ten untimed lines a second,
 * 1,404 of 1,541 lines in two and a half minutes. Lines held back are counted, and said.
 */
final class FfmpegLog extends LogCallback {

    static final int PER_MINUTE = 20;
    private static final Logger log = LoggerFactory.getLogger("ffmpeg");
    /** Held, so that the native side never calls a collected object. */
    private static FfmpegLog installed;

    /**
     * Whether this thread's camera has gone quiet (failing the same way {@link
     * CameraWorker#QUIET_AFTER} times in a row): its FFmpeg lines go to the debug log until it
     * connects. A camera switched off, on FFmpeg's client, wrote two of FFmpeg's lines at every
     * try for ever (690 an hour), after its own log had gone quiet, and spent the minute's lines
     * other cameras' outages needed (the FFmpeg soak audit).
     */
    private static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private long windowStart = Long.MIN_VALUE;
    private int logged;
    private int heldBack;

    FfmpegLog() {
    }

    /** From now on FFmpeg's messages at {@code level} or more severe go to the service's log. */
    static synchronized void install(int level) {
        avutil.av_log_set_level(level);
        if (installed == null) {
            installed = new FfmpegLog();
            avutil.setLogCallback(installed);
        }
    }

    @Override
    public void call(int level, BytePointer message) {
        try {
            if (level > avutil.av_log_get_level() || message == null || message.isNull()) {
                return;
            }
            String text = AlarmActions.oneLine(message.getString().strip());
            if (text.isEmpty() || text.contains(DEPRECATED_FORMAT)) {
                return;
            }
            if (QUIET.get()) {
                log.debug("FFmpeg: {}", about(Thread.currentThread().getName(), text));
            } else {
                say(about(Thread.currentThread().getName(), text), System.nanoTime());
            }
        } catch (RuntimeException e) {
            // called from FFmpeg's threads: nothing may be thrown back into it
        }
    }

    /** Whether FFmpeg's lines on this thread (a camera's) are held back, its camera gone quiet. */
    static void quietOnThisThread(boolean quiet) {
        QUIET.set(quiet);
    }

    static boolean quietOnThisThread() {
        return QUIET.get();
    }

    /**
     * What FFmpeg's scaler says of every picture of a JPEG camera (its full-range YUV formats are
     * "deprecated"): 73 lines in 4 minutes of one MJPEG camera, which spent the minute's lines that
     * other cameras' real errors needed (the camera audit). The picture is converted all the same.
     */
    static final String DEPRECATED_FORMAT = "deprecated pixel format used";

    /** A message as logged: with its camera, where a camera's thread ({@code camera-ID}) said it. */
    static String about(String thread, String text) {
        return thread.startsWith("camera-") ? "(camera " + thread.substring("camera-".length()) + ") " + text : text;
    }

    /** Logs FFmpeg's {@code text}, {@code now} in nanoseconds, unless a minute's lines are spent. */
    void say(String text, long now) {
        int held;
        synchronized (this) {
            if (windowStart == Long.MIN_VALUE || now - windowStart >= 60_000_000_000L) {
                held = heldBack;
                windowStart = now;
                logged = 0;
                heldBack = 0;
            } else {
                held = 0;
            }
            if (logged >= PER_MINUTE) {
                heldBack++;
                return;
            }
            logged++;
        }
        if (held > 0) {
            log.warn("FFmpeg: {} more messages in the minute before were not logged", held);
        }
        // a warning, errors too: they are about a stream, which the camera's status says more of
        log.warn("FFmpeg: {}", text);
    }
}
