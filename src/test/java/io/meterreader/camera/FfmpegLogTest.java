package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

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
}
