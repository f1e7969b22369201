package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class FfmpegLogTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFloodOfFfmpegLines_isLoggedAFewAMinute_andWhatWasHeldBackIsCounted(CapturedOutput output) {
        FfmpegLog ffmpeg = new FfmpegLog();
        long t0 = 1_000 * SECOND;
        for (int i = 0; i < 600; i++) {
            // ten a second for a minute, as a looping damaged file's decoder wrote them
            ffmpeg.say("[h264 @ 0x7f0e] Error splitting the input into NAL units. " + i, t0 + i * SECOND / 10);
        }
        ffmpeg.say("[h264 @ 0x7f0e] after the minute", t0 + 61 * SECOND);

        String log = output.getOut();
        assertThat(log.lines().filter(l -> l.contains("FFmpeg: [h264")).count()).isEqualTo(FfmpegLog.PER_MINUTE + 1);
        assertThat(log).contains("FFmpeg: [h264 @ 0x7f0e] Error splitting the input into NAL units. 0")
                .doesNotContain("NAL units. 20")
                .contains("FFmpeg: " + (600 - FfmpegLog.PER_MINUTE) + " more messages in the minute before were not "
                        + "logged")
                .contains("FFmpeg: [h264 @ 0x7f0e] after the minute");
    }

    /** Runs {@code body} on a camera's thread ({@code camera-ID}), as FFmpeg calls back from it. */
    private static void onCameraThread(String camera, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, "camera-" + camera);
        t.start();
        t.join(5_000);
    }

    /** FFmpeg saying {@code text} at {@code level}, {@code times} times, through the callback. */
    private static void call(FfmpegLog ffmpeg, int level, String text, int times) {
        try (BytePointer message = new BytePointer(text + "\n")) {
            for (int i = 0; i < times; i++) {
                ffmpeg.call(level, message);
            }
        }
    }

    @Test
    void aJpegCamerasScalerWarning_isLeftOut_andAMessageSaysItsCamera(CapturedOutput output) throws Exception {
        FfmpegLog ffmpeg = new FfmpegLog();
        onCameraThread("gate-3", () -> {
            call(ffmpeg, avutil.AV_LOG_WARNING,
                    "[swscaler @ 0x7f0e] deprecated pixel format used, make sure you did set range correctly", 30);
            call(ffmpeg, avutil.AV_LOG_ERROR, "[rtsp @ 0x7f0e] method DESCRIBE failed: 401 Unauthorized", 1);
        });

        assertThat(output.getOut()).doesNotContain("deprecated pixel format")
                .contains("FFmpeg: (camera gate-3) [rtsp @ 0x7f0e] method DESCRIBE failed: 401 Unauthorized");
        assertThat(FfmpegLog.about("main", "x")).isEqualTo("x");
    }

    @Test
    void aCameraGoneQuiet_hasFfmpegsLinesHeldBack_untilItConnects(CapturedOutput output) throws Exception {
        FfmpegLog ffmpeg = new FfmpegLog();
        onCameraThread("cam4", () -> {
            FfmpegLog.quietOnThisThread(true);
            // five minutes of a dead camera's tries: more than a minute's lines
            call(ffmpeg, avutil.AV_LOG_ERROR,
                    "[tcp @ 0x7fc0] Connection to tcp://127.0.0.1:28559 failed: Connection refused", 30);
            FfmpegLog.quietOnThisThread(false);
            call(ffmpeg, avutil.AV_LOG_ERROR, "[rtsp @ 0x7fc0] method DESCRIBE failed: 503 Service Unavailable", 1);
        });

        // none logged, none spent of the minute's lines, none counted as held back
        assertThat(output.getOut()).doesNotContain("Connection refused").doesNotContain("more messages")
                .contains("FFmpeg: (camera cam4) [rtsp @ 0x7fc0] method DESCRIBE failed: 503 Service Unavailable");
        assertThat(FfmpegLog.quietOnThisThread()).as("another thread's flag").isFalse();
    }
}
