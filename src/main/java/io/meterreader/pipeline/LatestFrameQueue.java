package io.meterreader.pipeline;

import io.meterreader.camera.FrameSink;
import io.meterreader.frame.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between cameras and inference. It holds at most the latest frame of each camera: a
 * newer frame replaces a waiting one (the camera counts the drop), so a slow inference stage
 * never builds a backlog and never blocks a camera. Frames leave oldest camera first, in
 * batches of distinct cameras. A camera whose frame an inference worker holds gives no other
 * worker its next frame until that one is {@link #release released}: each camera's frames are
 * read one at a time and in order, whatever the number of workers.
 */
final class LatestFrameQueue implements FrameSink {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Insertion order is arrival order of each camera's waiting frame. */
    private final Map<String, Frame> waiting = new LinkedHashMap<>();
    /** Cameras whose frame a worker is reading. */
    private final Set<String> inFlight = new HashSet<>();
    private boolean closed;

    @Override
    public boolean offer(Frame frame) {
        lock.lock();
        try {
            if (closed) {
                return true;
            }
            // Remove first so the replacement takes its place at the back of the line: a camera
            // that keeps sending does not starve the others.
            boolean replaced = waiting.remove(frame.cameraId()) != null;
            waiting.put(frame.cameraId(), frame);
            notEmpty.signalAll();
            return replaced;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a first frame of a camera not in flight, then up to {@code linger} for more, and
     * takes at most {@code max} frames; their cameras are in flight until {@link #release}.
     *
     * @return the frames, empty if nothing came within {@code wait} or the queue closed
     */
    List<Frame> takeBatch(int max, Duration wait, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (ready() == 0 && !closed) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            long lingerNanos = linger.toNanos();
            while (ready() < max && !closed && lingerNanos > 0) {
                lingerNanos = notEmpty.awaitNanos(lingerNanos);
            }
            List<Frame> batch = new ArrayList<>(Math.min(max, waiting.size()));
            Iterator<Frame> it = waiting.values().iterator();
            while (it.hasNext() && batch.size() < max) {
                Frame f = it.next();
                if (inFlight.add(f.cameraId())) {
                    batch.add(f);
                    it.remove();
                }
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** The cameras of a batch taken with {@link #takeBatch} are read: their next frames may go. */
    void release(List<Frame> batch) {
        lock.lock();
        try {
            for (Frame f : batch) {
                inFlight.remove(f.cameraId());
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waiting frames that a worker may take now. */
    private int ready() {
        if (inFlight.isEmpty()) {
            return waiting.size();
        }
        int ready = 0;
        for (String camera : waiting.keySet()) {
            if (!inFlight.contains(camera)) {
                ready++;
            }
        }
        return ready;
    }

    int depth() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the waiting frame of a camera that goes away. */
    void forget(String cameraId) {
        lock.lock();
        try {
            waiting.remove(cameraId);
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            waiting.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

}
