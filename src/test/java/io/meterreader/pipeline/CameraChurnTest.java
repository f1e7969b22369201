package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.CameraStatus;
import io.meterreader.config.Calibrations;
import io.meterreader.config.CameraProperties;
import io.meterreader.config.Cameras;
import io.meterreader.config.CameraUrl;
import io.meterreader.config.RtspClient;
import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.frame.Detection;
import io.meterreader.frame.ImageRegion;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cameras that come and go leave nothing behind: no thread, no meter in the registry, and no
 * native memory that JavaCPP tracks beyond what one round of decoders leaves cached.
 */
class CameraChurnTest {

    @TempDir
    Path dir;

    /** Counts frames; reads no gauge. */
    private static final class CountingReader implements FakeFrameReader {
        final AtomicInteger frames = new AtomicInteger();

        @Override
        public List<List<Detection>> detect(List<ImageRegion> images) {
            return images.stream().map(i -> List.<Detection>of()).toList();
        }

        @Override
        public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections) {
            frames.addAndGet(images.size());
            return images.stream().map(i -> List.<FoundGauge>of()).toList();
        }
    }

    private Path video() throws Exception {
        Path file = dir.resolve("loop.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), 320, 240, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(10);
            rec.setGopSize(10);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setVideoOption("preset", "ultrafast");
            rec.start();
            Frame f = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < 30; i++) {
                ((ByteBuffer) f.image[0]).put(0, (byte) i);
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
        }
        return file;
    }

    private static long cameraThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("camera-")).count();
    }

    @Test
    void camerasComingAndGoing_leaveNoThreadMeterOrNativeMemory() throws Exception {
        Path video = video();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountingReader reader = new CountingReader();
        InferenceProperties inference = new InferenceProperties(InferenceBackend.ONNXRUNTIME, Path.of("x"),
                Path.of("y"), 0.25, 0.1, 0.45, 100, 1, 8, Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
        Pipeline pipeline = new Pipeline(new Calibrations(List.of()), reader, (m, g, c, r) -> null, x -> { },
                new MeterReaderMetrics(registry, Clock.systemUTC()), inference, Clock.systemUTC());
        pipeline.start(new Cameras(List.of()));
        long nativeAfterFirstRound = -1;
        try {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 6; i++) {
                    pipeline.addCamera(new CameraProperties("cam" + i, CameraUrl.of("file:" + video),
                            Duration.ofMillis(200), true, Duration.ofSeconds(5), null, RtspClient.NATIVE,
                            CameraProperties.DEFAULT_FREEZE_TIMEOUT));
                }
                Thread.sleep(1500);
                assertThat(cameraThreads()).isEqualTo(6);
                assertThat(registry.find(MeterReaderMetrics.CAMERA_FRAMES).meters()).hasSize(6);
                for (int i = 0; i < 6; i++) {
                    pipeline.removeCamera("cam" + i);
                }
                assertThat(cameraThreads()).isZero();
                assertThat(registry.find(MeterReaderMetrics.CAMERA_FRAMES).meters()).isEmpty();
                assertThat(registry.find(MeterReaderMetrics.CAMERA_UP).meters()).isEmpty();
                System.gc();
                Thread.sleep(200);
                if (round == 0) {
                    nativeAfterFirstRound = Pointer.totalBytes();
                }
            }
            System.out.printf("native bytes: %d after round 1, %d after round 4; frames read %d%n",
                    nativeAfterFirstRound, Pointer.totalBytes(), reader.frames.get());
            assertThat(reader.frames.get()).as("frames read while the cameras ran").isGreaterThan(20);
            assertThat(Pointer.totalBytes()).as("native bytes JavaCPP tracks, after 3 more rounds")
                    .isLessThanOrEqualTo(nativeAfterFirstRound + 8L * 1024 * 1024);
        } finally {
            pipeline.stop();
        }
        assertThat(pipeline.isRunning()).isFalse();
    }

    private static CameraProperties fileCamera(String id, Path video, Duration interval) {
        return new CameraProperties(id, CameraUrl.of("file:" + video), interval, true, Duration.ofSeconds(5), null,
                RtspClient.NATIVE, CameraProperties.DEFAULT_FREEZE_TIMEOUT);
    }

    private static List<String> cameraTags(SimpleMeterRegistry registry) {
        return registry.find(MeterReaderMetrics.CAMERA_FRAMES).meters().stream()
                .map(m -> m.getId().getTag("camera")).sorted().toList();
    }

    @Test
    void theCamerasInForce_areFollowed_addedStartedChangedRestartedRemovedStopped() throws Exception {
        Path video = video();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceProperties inference = new InferenceProperties(InferenceBackend.ONNXRUNTIME, Path.of("x"),
                Path.of("y"), 0.25, 0.1, 0.45, 100, 1, 8, Duration.ofMillis(20), 2, 1, Duration.ZERO, true, true, true);
        Pipeline pipeline = new Pipeline(new Calibrations(List.of()), new CountingReader(), (m, g, c, r) -> null,
                x -> { }, new MeterReaderMetrics(registry, Clock.systemUTC()), inference, Clock.systemUTC());
        Cameras cameras = new Cameras(List.of(fileCamera("a", video, Duration.ofMillis(200))));
        pipeline.start(cameras);
        try {
            assertThat(cameraThreads()).isEqualTo(1);

            cameras.replace(List.of(fileCamera("a", video, Duration.ofMillis(300)), fileCamera("b", video,
                    Duration.ofMillis(200))));
            assertThat(cameraThreads()).isEqualTo(2);
            assertThat(cameraTags(registry)).containsExactly("a", "b");
            assertThat(pipeline.cameraStatus("b").url()).isEqualTo("file:" + video);

            cameras.replace(List.of(fileCamera("b", video, Duration.ofMillis(200))));
            assertThat(cameraThreads()).isEqualTo(1);
            assertThat(cameraTags(registry)).containsExactly("b");
            assertThat(pipeline.cameraStatuses()).extracting(CameraStatus::id).containsExactly("b");
        } finally {
            pipeline.stop();
        }
        cameras.replace(List.of(fileCamera("c", video, Duration.ofMillis(200))));
        assertThat(cameraThreads()).as("a stopped pipeline no longer follows").isZero();
    }
}
