package io.meterreader.config;

import java.time.Duration;

/** Cameras for tests, with the defaults a configuration gives one that sets only its id and URL. */
final class TestCameras {

    private TestCameras() {
    }

    static CameraProperties camera(String id) {
        return camera(id, "rtsp://127.0.0.1:9/" + id);
    }

    static CameraProperties camera(String id, String url) {
        return new CameraProperties(id, CameraUrl.of(url), Duration.ofSeconds(1), true, Duration.ofSeconds(10), null,
                RtspClient.NATIVE, CameraProperties.DEFAULT_FREEZE_TIMEOUT);
    }
}
