package io.meterreader.camera;

import io.meterreader.config.CameraProperties;
import io.meterreader.config.RtspClient;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Picks the source for a camera's URL scheme: rtsp:// through the service's own client unless the
 * camera says {@code rtsp-client: ffmpeg}; rtsps, rtmp, http(s) and files through FFmpeg.
 */
public final class FrameSources {

    private FrameSources() {
    }

    public static FrameSource forCamera(CameraProperties camera, Clock clock, Sleeper sleeper) {
        Supplier<FrameSource> ffmpeg = () -> new FfmpegFrameSource(camera.id(), camera.url(), camera.readInterval(),
                camera.keyframesOnly(), camera.stallTimeout(), clock, sleeper);
        return switch (camera.url().scheme()) {
            case "sim" -> new SimFrameSource(camera.id(), camera.url(), clock, sleeper);
            case "rtsp" -> camera.rtspClient() == RtspClient.FFMPEG ? ffmpeg.get()
                    : new RtspFrameSource(camera.id(), camera.url(), camera.readInterval(), camera.keyframesOnly(),
                            camera.stallTimeout(), clock, ffmpeg);
            default -> ffmpeg.get();
        };
    }
}
