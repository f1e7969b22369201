package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void halfway_showsCountRateAndTimeLeft() {
        AtomicLong clock = new AtomicLong(0);
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "work", 10, clock::get);
        clock.set(5_000_000_000L);
        assertThat(bar.line(5, clock.get())).isEqualTo("work [###############...............] 5/10  50% 1.0/s 0:05 left");
    }

    @Test
    void lastStep_isAlwaysDrawn() {
        AtomicLong clock = new AtomicLong(0);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(sink, true, StandardCharsets.UTF_8), "x", 3, clock::get);
        bar.advance();
        bar.advance();
        bar.advance();
        bar.finish();
        assertThat(sink.toString(StandardCharsets.UTF_8)).contains("3/3 100%").endsWith(System.lineSeparator());
    }
}
