package io.meterreader.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * A scene video with its ground truth: an H.264 MP4 of a fixed camera watching gauges whose
 * values drift, a CSV of what every gauge showed in every frame, and the calibration files that
 * let the service read the video with matching meter ids.
 */
public final class SceneVideo {

    /**
     * What to render.
     *
     * @param wild        a scene as varied as the training scenes (small, tilted, rotated, occluded
     *                    gauges of any style, any light) instead of what a fixed plant camera shows
     * @param driftPeriod the slowest period of the gauges' drifting values, seconds
     *                    ({@link #DRIFT_PERIOD} by default: short videos still show values moving;
     *                    a plant's gauges mostly move far slower)
     */
    public record Spec(String cameraId, double seconds, int fps, int meters, long seed, int width, int height,
                       boolean wild, double driftPeriod) {

        /** A plant camera's scene. */
        public Spec(String cameraId, double seconds, int fps, int meters, long seed, int width, int height) {
            this(cameraId, seconds, fps, meters, seed, width, height, false);
        }

        /** Values drifting with the default period. */
        public Spec(String cameraId, double seconds, int fps, int meters, long seed, int width, int height,
                    boolean wild) {
            this(cameraId, seconds, fps, meters, seed, width, height, wild, DRIFT_PERIOD);
        }

        public Spec {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("seconds must be positive");
            }
            if (fps < 1 || fps > 120) {
                throw new IllegalArgumentException("fps must be 1 to 120");
            }
            if (meters < 1 || meters > 6) {
                throw new IllegalArgumentException("meters must be 1 to 6");
            }
            if (!(driftPeriod >= 1)) {
                throw new IllegalArgumentException("the drift period must be 1 s or more");
            }
            if (!cameraId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("camera id must be letters, digits, '-', '_' or '.'");
            }
        }

        public int frames() {
            return (int) Math.round(seconds * fps);
        }
    }

    /** The slowest drift period in a video by default, seconds: short videos still show values moving. */
    public static final double DRIFT_PERIOD = 60;

    private SceneVideo() {
    }

    /**
     * Writes the video, the ground-truth CSV ({@code frame,time,meter_id,fraction,value}) and
     * one calibration file per meter; returns the number of frames.
     *
     * @param progress advanced once per frame; may be null
     */
    public static int write(Spec spec, Path video, Path groundTruth, Path calibrationDir, ProgressBar progress)
            throws IOException {
        return write(spec, video, groundTruth, calibrationDir, progress, false);
    }

    /**
     * As above; with {@code scaleMarks} each dial's calibration reads it against its scale marks
     * (without, they are written commented out).
     */
    public static int write(Spec spec, Path video, Path groundTruth, Path calibrationDir, ProgressBar progress,
                            boolean scaleMarks) throws IOException {
        Rng rng = new Rng(spec.seed());
        SceneLayout layout = spec.wild() ? Scenes.wildCamera(rng.fork(), spec.width(), spec.height(), spec.meters(), spec.cameraId())
                : Scenes.camera(rng.fork(), spec.width(), spec.height(), spec.meters(), spec.cameraId());
        CameraScene scene = new CameraScene(layout, rng.fork(), spec.driftPeriod());
        createParent(video);
        createParent(groundTruth);
        CalibrationFiles.write(calibrationDir, spec.cameraId(),
                "Synthetic gauge in the scene video " + video.getFileName() + " (meter-reader sim video, seed " + spec.seed() + ").",
                scene, scaleMarks);
        int frames = spec.frames();
        // FFmpeg would otherwise print its encoder settings over the progress bar.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        ByteBuffer buffer = ByteBuffer.allocateDirect(spec.width() * spec.height() * 3);
        try (Writer csv = Files.newBufferedWriter(groundTruth, StandardCharsets.UTF_8);
             FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toFile(), spec.width(), spec.height(), 0)) {
            csv.write("frame,time,meter_id,fraction,value\n");
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(spec.fps());
            // A key frame every second, so a reader that decodes key frames only sees one per second.
            recorder.setGopSize(spec.fps());
            recorder.setVideoBitrate(spec.width() * spec.height() * 3);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                double t = (double) i / spec.fps();
                SceneFrame frame = scene.render(t);
                buffer.clear();
                buffer.put(frame.bgr());
                buffer.flip();
                recorder.recordImage(spec.width(), spec.height(), org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3, spec.width() * 3,
                        avutil.AV_PIX_FMT_BGR24, buffer);
                List<GaugeTruth> truth = scene.truth(t);
                for (GaugeTruth g : truth) {
                    csv.write(String.format(Locale.ROOT, "%d,%.4f,%s,%.6f,%.6f%n", i, t, g.meterId(), g.fraction(), g.value()));
                }
                if (progress != null) {
                    progress.advance();
                }
            }
            recorder.stop();
        }
        return frames;
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
