package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FfmpegMessagesTest {

    @Test
    void javacvsHintsGo_andAnErrorNumberIsSaidInFfmpegsWords() {
        String javacv = "avformat_open_input() error -1094995529: Could not open input \"rtsp://10.0.0.5/s\". "
                + "(Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)";

        assertThat(FfmpegMessages.clean(javacv)).isEqualTo("avformat_open_input() error -1094995529 (Invalid data found "
                + "when processing input): Could not open input \"rtsp://10.0.0.5/s\".");
        assertThat(FfmpegMessages.clean("avformat_open_input() error -111: Could not open input"))
                .isEqualTo("avformat_open_input() error -111 (Connection refused): Could not open input");
        assertThat(FfmpegMessages.clean("no number here")).isEqualTo("no number here");
        assertThat(FfmpegMessages.clean(null)).isEqualTo("null");
    }
}
