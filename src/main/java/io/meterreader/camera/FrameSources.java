package io.meterreader.camera;

import io.meterreader.config.CameraProperties;
import java.time.Clock;

/** Picks the source for a camera's URL scheme. */
public final class FrameSources {

    private FrameSources() {
    }

    public static FrameSource forCamera(CameraProperties camera, Clock clock, Sleeper sleeper) {
        return switch (camera.url().scheme()) {
            case "sim" -> new SimFrameSource(camera.id(), camera.url(), clock, sleeper);
            default -> new FfmpegFrameSource(camera.id(), camera.url(), camera.readInterval(), camera.keyframesOnly(),
                    camera.stallTimeout(), clock, sleeper);
        };
    }
}
