package io.meterreader.camera;

import io.meterreader.config.CameraProperties;
import io.meterreader.frame.AlarmActions;
import io.meterreader.frame.Frame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per camera: connect, read one frame per read interval into the sink, and on any
 * failure (error, end of a live stream, stall, a picture frozen for the camera's freeze timeout)
 * close, wait out the back-off and connect again, for ever, until stopped. A file simply starts
 * over at its end. A picture found frozen is not read, across reconnections, until it has changed
 * for good ({@link FrozenPicture}).
 *
 * <p>The worker never blocks on the sink: the sink keeps only the latest frame per camera.
 */
public final class CameraWorker {

    private static final Logger log = LoggerFactory.getLogger(CameraWorker.class);
    /** Failures in a row logged each; after them, one line every {@link #QUIET_REPEAT}. */
    static final int QUIET_AFTER = 5;
    static final Duration QUIET_REPEAT = Duration.ofMinutes(10);

    private final CameraProperties camera;
    private final Supplier<FrameSource> sources;
    private final FrameSink sink;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    /** Null where the picture is not watched (a file, a sim camera, a freeze timeout of 0). */
    private final FrozenPicture frozen;

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** Connections that delivered frames and then broke: a stream that keeps breaking, not one that is down. */
    private final AtomicLong streamBreaks = new AtomicLong();
    private final AtomicLong grabCpuNanos = new AtomicLong();
    private volatile CameraState state = CameraState.UNKNOWN;
    private volatile String lastError;
    private volatile Instant lastFrameAt;
    private volatile FrameSource current;
    private volatile boolean running;
    private volatile Thread thread;
    /** Failures since the camera last connected, and the last failure logged: its kind and when (camera thread). */
    private int failuresInRow;
    private String loggedKind;
    private Instant loggedAt;

    public CameraWorker(CameraProperties camera, Supplier<FrameSource> sources, FrameSink sink, Clock clock,
                        Sleeper sleeper, RandomGenerator random) {
        this.camera = camera;
        this.sources = sources;
        this.sink = sink;
        this.clock = clock;
        this.sleeper = sleeper;
        this.backoff = new Backoff(random);
        String scheme = camera.url().scheme();
        boolean watched = !camera.freezeTimeout().isZero() && !scheme.equals("file") && !scheme.equals("sim");
        this.frozen = watched ? new FrozenPicture(camera.freezeTimeout()) : null;
    }

    public String id() {
        return camera.id();
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        state = CameraState.CONNECTING;
        Thread t = new Thread(this::run, "camera-" + camera.id());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops the worker and waits for its thread; a read blocked in the network ends within the
     * camera's stall timeout.
     */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t == null) {
            state = CameraState.STOPPED;
            return;
        }
        t.interrupt();
        try {
            t.join(camera.stallTimeout().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log.warn("Camera {} did not stop within its stall timeout", camera.id());
        }
        state = CameraState.STOPPED;
    }

    public boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** CPU time this camera's thread spent reading and decoding frames (for benchmarks). */
    public long grabCpuNanos() {
        return grabCpuNanos.get();
    }

    public CameraStatus status() {
        FrameSource source = current;
        return new CameraStatus(camera.id(), camera.url().masked(), state, frames.get(), drops.get(),
                reconnects.get(), streamBreaks.get(), lastError, lastFrameAt, source == null ? null : source.reader());
    }

    private void run() {
        FrameSource source = sources.get();
        current = source;
        try {
            boolean looped = false;
            while (running) {
                state = CameraState.CONNECTING;
                Instant connectedAt = clock.instant();
                long framesBefore = frames.get();
                boolean again = false;
                try {
                    // a camera whose failures no longer reach the log: FFmpeg's own lines about it neither
                    FfmpegLog.quietOnThisThread(failuresInRow >= QUIET_AFTER);
                    source.open();
                    FfmpegLog.quietOnThisThread(false);
                    if (!looped) {
                        // a file read again from its start is no news: its camera said so every loop
                        log.info("Camera {} connected to {}{}", camera.id(), camera.url().masked(),
                                failuresInRow > QUIET_AFTER ? " after " + failuresInRow + " failed attempts" : "");
                    }
                    failuresInRow = 0;
                    again = stream(source);
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        fail(e);
                    } else {
                        // stopped on purpose: the read it was in was interrupted, nothing failed
                        log.debug("Camera {} stopped while reading: {}", camera.id(), e.getMessage());
                    }
                } finally {
                    source.close();
                }
                if (!running) {
                    break;
                }
                looped = again;
                if (again) {
                    continue;
                }
                boolean streamed = frames.get() > framesBefore;
                if (streamed) {
                    streamBreaks.incrementAndGet();
                }
                // a connection that gave no frame is no stream, however long it lasted: a camera that
                // sends nothing decodable went back to its first second's retry, and its log never quietened
                backoff.connectionLasted(streamed ? Duration.between(connectedAt, clock.instant()) : Duration.ZERO);
                state = CameraState.RECONNECTING;
                Duration delay = backoff.next();
                if (failuresInRow <= QUIET_AFTER) {
                    log.info("Camera {} reconnects in {} ms (attempt {})", camera.id(), delay.toMillis(),
                            backoff.failures());
                } else {
                    log.debug("Camera {} reconnects in {} ms (attempt {})", camera.id(), delay.toMillis(),
                            backoff.failures());
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    break;
                }
                reconnects.incrementAndGet();
            }
        } finally {
            source.close();
            state = CameraState.STOPPED;
        }
    }

    /**
     * Reads until the stream ends or fails.
     *
     * @return true when the source simply ran out and should be read again at once (a file)
     */
    private boolean stream(FrameSource source) throws IOException {
        Duration interval = camera.readInterval();
        Instant due = Instant.MIN;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        boolean timed = cpu.isCurrentThreadCpuTimeSupported();
        while (running) {
            long before = timed ? cpu.getCurrentThreadCpuTime() : 0;
            Frame frame = source.grab(due);
            if (timed) {
                grabCpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - before);
            }
            if (frame == null) {
                if (source.loops()) {
                    return true;
                }
                // a live camera ends its stream when it closes the connection, or its server does
                throw new IOException("the stream ended (the camera or its server closed it)");
            }
            lastFrameAt = clock.instant();
            frames.incrementAndGet();
            if (frozen != null) {
                Duration still = frozen.unchangedFor(frame, lastFrameAt);
                if (still.compareTo(camera.freezeTimeout()) >= 0) {
                    frozen.frozen();
                    throw new IOException("the picture has not changed for " + still.toSeconds()
                            + " s: frozen (the camera's freeze-timeout is " + camera.freezeTimeout().toSeconds() + " s)");
                }
                if (frozen.holdsBack()) {
                    // Frames arrive, but none is read until the picture has changed for good.
                    state = CameraState.FROZEN;
                    due = ReadSchedule.next(due, frame.captureTime(), interval);
                    continue;
                }
            }
            if (state != CameraState.STREAMING) {
                state = CameraState.STREAMING;
                lastError = null;
            }
            if (sink.offer(frame)) {
                drops.incrementAndGet();
            }
            due = ReadSchedule.next(due, frame.captureTime(), interval);
        }
        return false;
    }

    /**
     * Logs a failure: each of the first {@link #QUIET_AFTER} in a row, then, while the camera keeps
     * failing the same way (a camera switched off, a URL that points nowhere), once every
     * {@link #QUIET_REPEAT} with the count: a dead camera wrote two lines at every try, for ever,
     * half of a plant's log. Its state, last error and metrics say it all the while.
     */
    private void fail(Exception e) {
        // escaped: a server answering garbage put NULs and escapes into the log and the API
        String message = AlarmActions.oneLine(camera.url().redact(e.getMessage() == null
                ? e.getClass().getSimpleName() : e.getMessage()));
        lastError = message;
        failuresInRow++;
        Instant now = clock.instant();
        // the same failure, whatever numbers it holds (a port, seconds frozen)
        String kind = message.replaceAll("[0-9]+", "#");
        boolean same = kind.equals(loggedKind);
        if (failuresInRow <= QUIET_AFTER || !same) {
            log.warn("Camera {} failed: {}{}", camera.id(), message, failuresInRow == QUIET_AFTER
                    ? " (failed " + QUIET_AFTER + " times in a row: the same failure is logged once every "
                    + QUIET_REPEAT.toMinutes() + " minutes from now, until the camera connects)" : "");
            loggedKind = kind;
            loggedAt = now;
        } else if (Duration.between(loggedAt, now).compareTo(QUIET_REPEAT) >= 0) {
            log.warn("Camera {} still fails: {} ({} times in a row; logged once every {} minutes)", camera.id(),
                    message, failuresInRow, QUIET_REPEAT.toMinutes());
            loggedAt = now;
        } else {
            log.debug("Camera {} failed: {}", camera.id(), message);
        }
    }
}
