package io.meterreader.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delays_doubleFromOneSecondToTenSecondCap_withinJitter() {
        Backoff backoff = new Backoff(new SplittableRandom(1));
        long[] base = {1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000};

        for (long b : base) {
            long d = backoff.next().toMillis();
            assertThat(d).isBetween(Math.round(b * 0.8), Math.round(b * 1.2));
        }
    }

    @Test
    void jitter_spreadsCamerasThatFailedTogether() {
        long first = new Backoff(new SplittableRandom(1)).next().toMillis();
        long second = new Backoff(new SplittableRandom(2)).next().toMillis();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aStreamOfTenSecondsOrMore_resetsToOneSecond() {
        Backoff backoff = new Backoff(new SplittableRandom(3));
        for (int i = 0; i < 6; i++) {
            backoff.next();
        }

        // the operations audit's camera: 55 s of stream, then a stall
        backoff.connectionLasted(Duration.ofSeconds(55));

        assertThat(backoff.next().toMillis()).isBetween(800L, 1200L);
    }

    @Test
    void shortConnection_keepsBackingOff() {
        Backoff backoff = new Backoff(new SplittableRandom(4));
        for (int i = 0; i < 5; i++) {
            backoff.next();
        }

        backoff.connectionLasted(Duration.ofSeconds(5));

        assertThat(backoff.next().toMillis()).isGreaterThanOrEqualTo(8_000L);
    }
}
