package io.meterreader.sim;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for long runs: count, rate and time left, redrawn in place at most a
 * few times a second. Safe to advance from several threads.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final LongSupplier nanoTime;
    private final long start;
    private final AtomicInteger done = new AtomicInteger();
    private volatile long lastDraw;

    public ProgressBar(PrintStream out, String label, int total) {
        this(out, label, total, System::nanoTime);
    }

    ProgressBar(PrintStream out, String label, int total, LongSupplier nanoTime) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.lastDraw = start - 1_000_000_000L;
    }

    public void advance() {
        int n = done.incrementAndGet();
        long now = nanoTime.getAsLong();
        if (n == total || now - lastDraw > 200_000_000L) {
            synchronized (this) {
                lastDraw = now;
                out.print("\r" + line(n, now));
                out.flush();
            }
        }
    }

    /** Ends the line and returns the seconds since the bar was created. */
    public double finish() {
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        synchronized (this) {
            out.println();
        }
        return seconds;
    }

    String line(int n, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        int filled = (int) ((long) WIDTH * n / total);
        double rate = n / seconds;
        long left = rate > 0 ? Math.round((total - n) / rate) : 0;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3d%% %.1f/s %s left", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), n, total, 100L * n / total, rate, clock(left));
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
