package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryDelayTest {

    @Test
    void delays_doubleFromOneSecondToThirty_andStartAgainAfterASuccess() {
        RetryDelay delay = new RetryDelay();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(delay.next());
        }
        assertThat(waits).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
        assertThat(delay.peek()).isEqualTo(30_000L);
        delay.reset();
        assertThat(delay.peek()).isEqualTo(1_000L);
        assertThat(delay.next()).isEqualTo(1_000L);
        assertThat(delay.next()).isEqualTo(2_000L);
    }
}
