package io.meterreader.camera;

import java.time.Duration;

/** Waits; injected so that tests of back-off never sleep on the wall clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
