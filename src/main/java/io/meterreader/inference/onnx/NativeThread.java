package io.meterreader.inference.onnx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One thread with a large stack on which a model's native ONNX Runtime calls run. ONNX Runtime
 * does part of the work on the calling thread, and for a YOLOv8n at 640x640 that needs more
 * than the 1-2 MiB stack of an ordinary Java thread: on such a thread the JVM dies with a
 * segmentation fault (seen here with -Xss2m, not with -Xss4m). Handing the call to this thread
 * costs microseconds against a model run of tens of milliseconds.
 */
final class NativeThread implements AutoCloseable {

    static final long STACK_BYTES = 64L << 20;
    /** How long closing waits for a run in progress to end. */
    static final long CLOSE_WAIT_SECONDS = 30;

    private final ExecutorService executor;

    NativeThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, name, STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the task on this thread and waits; its exception comes out unwrapped. */
    <T> T call(Callable<T> task) throws Exception {
        Future<T> f = executor.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    /**
     * Runs {@code last} on this thread after whatever it is running or has queued, then ends the
     * thread; waits for that up to {@link #CLOSE_WAIT_SECONDS}.
     */
    void closeAfter(Runnable last) {
        try {
            executor.execute(last);
        } finally {
            executor.shutdown();
        }
        try {
            executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
