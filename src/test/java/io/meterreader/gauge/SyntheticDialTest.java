package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meterreader.frame.Detection;
import io.meterreader.gauge.SyntheticDial.Degradation;
import io.meterreader.gauge.SyntheticDial.Dial;
import io.meterreader.gauge.SyntheticDial.Orientation;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDialTest {

    @Test
    void sameSeed_drawsTheSameDial() {
        Dial a = SyntheticDial.generate(42, Orientation.ANY, EnumSet.of(Degradation.NOISY, Degradation.PERSPECTIVE));
        Dial b = SyntheticDial.generate(42, Orientation.ANY, EnumSet.of(Degradation.NOISY, Degradation.PERSPECTIVE));
        assertEquals(a.fraction(), b.fraction());
        assertEquals(a.segments().size(), b.segments().size());
        for (int i = 0; i < a.segments().size(); i++) {
            assertEquals(a.segments().get(i).mask(), b.segments().get(i).mask());
        }
    }

    @Test
    void exactDial_hasOneTickPerIntervalEnd_eachInItsOwnBoxedMask() {
        Dial d = SyntheticDial.generate(7, Orientation.UPRIGHT, EnumSet.noneOf(Degradation.class));
        long ticks = d.segments().stream().filter(s -> s.classId() == PointerReader.SCALE_CLASS).count();
        assertEquals(d.intervals() + 1, ticks);
        for (Detection s : d.segments()) {
            assertEquals(d.width(), s.mask().width());
            assertEquals(s.box(), SyntheticDial.tightBox(s.mask()));
        }
        assertTrue(d.width() >= 100 && d.width() <= 400, "crop " + d.width());
    }

    @Test
    void missingTicks_neverDropTheEnds() {
        for (long seed = 0; seed < 20; seed++) {
            Dial exact = SyntheticDial.generate(seed, Orientation.UPRIGHT, EnumSet.noneOf(Degradation.class));
            Dial missing = SyntheticDial.generate(seed, Orientation.UPRIGHT, EnumSet.of(Degradation.MISSING_TICKS));
            // Same dial, same truth; the first and last tick masks are among the survivors.
            assertEquals(exact.fraction(), missing.fraction());
            List<Detection> ticks = exact.segments().stream()
                    .filter(s -> s.classId() == PointerReader.SCALE_CLASS).toList();
            Detection first = ticks.get(0);
            Detection last = ticks.get(ticks.size() - 1);
            assertTrue(missing.segments().stream().anyMatch(s -> s.mask().equals(first.mask())));
            assertTrue(missing.segments().stream().anyMatch(s -> s.mask().equals(last.mask())));
        }
    }
}
