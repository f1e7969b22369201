package io.meterreader.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeterReaderMetricsTest {

    /** Collects garbage until a weakly held probe is gone, so weakly held state would be gone too. */
    private static void collectGarbage() throws InterruptedException {
        WeakReference<Object> probe = new WeakReference<>(new Object());
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(probe.get()).as("the JVM collected a weakly held object").isNull();
    }

    @Test
    void cameraMeters_readTheCamerasStatus_afterGarbageCollection() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        CameraStatus status = new CameraStatus("cam1", "rtsp://cam1", CameraState.STREAMING, 42, 0, 0, null, null, "native");
        // a supplier nothing else holds, as a method reference passed by the pipeline is
        metrics.addCamera("cam1", () -> status);
        AtomicInteger depth = new AtomicInteger(3);
        metrics.addQueue(depth::get);

        collectGarbage();

        assertThat(registry.get(MeterReaderMetrics.CAMERA_UP).tag("camera", "cam1").gauge().value()).isEqualTo(1);
        assertThat(registry.get(MeterReaderMetrics.CAMERA_FRAMES).tag("camera", "cam1").functionCounter().count())
                .isEqualTo(42);
        assertThat(registry.get(MeterReaderMetrics.QUEUE_DEPTH).gauge().value()).isEqualTo(3);

        metrics.removeCamera("cam1");
        assertThat(registry.find(MeterReaderMetrics.CAMERA_UP).meters()).isEmpty();
    }
}
