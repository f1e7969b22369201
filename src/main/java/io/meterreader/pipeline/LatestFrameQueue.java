package io.meterreader.pipeline;

import io.meterreader.camera.FrameSink;
import io.meterreader.frame.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between cameras and inference. It holds at most the latest frame of each camera: a
 * newer frame replaces a waiting one (the camera counts the drop), so a slow inference stage
 * never builds a backlog and never blocks a camera. Frames leave oldest camera first, in
 * batches of distinct cameras.
 */
final class LatestFrameQueue implements FrameSink {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Insertion order is arrival order of each camera's waiting frame. */
    private final Map<String, Frame> waiting = new LinkedHashMap<>();
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
            notEmpty.signal();
            return replaced;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a first frame, then up to {@code linger} for more, and takes at most
     * {@code max} frames.
     *
     * @return the frames, empty if nothing came within {@code wait} or the queue closed
     */
    List<Frame> takeBatch(int max, Duration wait, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (waiting.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            long lingerNanos = linger.toNanos();
            while (waiting.size() < max && !closed && lingerNanos > 0) {
                lingerNanos = notEmpty.awaitNanos(lingerNanos);
            }
            List<Frame> batch = new ArrayList<>(Math.min(max, waiting.size()));
            Iterator<Frame> it = waiting.values().iterator();
            while (it.hasNext() && batch.size() < max) {
                batch.add(it.next());
                it.remove();
            }
            return batch;
        } finally {
            lock.unlock();
        }
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
