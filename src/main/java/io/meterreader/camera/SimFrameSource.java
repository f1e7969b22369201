package io.meterreader.camera;

import io.meterreader.config.CameraUrl;
import io.meterreader.frame.Frame;
import io.meterreader.sim.SimCamera;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A synthetic camera ({@code sim://NAME}): the renderer draws the scene at the due time, whose
 * gauge values drift slowly, so the demo needs no camera and no video file.
 */
final class SimFrameSource implements FrameSource {

    private final String cameraId;
    private final CameraUrl url;
    private final Clock clock;
    private final Sleeper sleeper;
    private SimCamera camera;
    private Instant epoch;
    private long sequence;

    SimFrameSource(String cameraId, CameraUrl url, Clock clock, Sleeper sleeper) {
        this.cameraId = cameraId;
        this.url = url;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public void open() throws IOException {
        try {
            camera = SimCamera.open(url.raw());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        epoch = clock.instant();
    }

    @Override
    public Frame grab(Instant due) throws IOException {
        Instant now = clock.instant();
        Instant at = due.isAfter(now) ? due : now;
        Duration wait = Duration.between(now, at);
        if (!wait.isZero()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        double seconds = Duration.between(epoch, at).toNanos() / 1e9;
        byte[] bgr = camera.renderBgr(seconds);
        return new Frame(cameraId, sequence++, at, camera.width(), camera.height(), bgr);
    }

    @Override
    public String reader() {
        return "sim";
    }

    @Override
    public void close() {
        camera = null;
    }
}
