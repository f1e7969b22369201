package io.meterreader.gauge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meterreader.gauge.GoldenDials.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stored segmentations read exactly as recorded: any change in the readers' numbers must be
 * deliberate (regenerate with {@link GoldenDials#main} and review the difference). The standard
 * reader's recorded readings are also within 0.5% of the truth.
 */
class GoldenDialsTest {

    @ParameterizedTest
    @ValueSource(strings = {"exact-upright", "exact-rotated", "perspective", "noisy-missing", "blobs-split",
        "eroded-perspective"})
    void storedDial_readsAsRecorded_andNearTheTruth(String name) {
        Golden g = GoldenDials.read(name);
        GaugeMeasurement standard = PointerReader.standard().read(g.segments(), g.width(), g.height());
        GaugeMeasurement original = PointerReader.original().read(g.segments(), g.width(), g.height());
        assertEquals(g.standardStatus(), standard.status().name());
        assertEquals(g.standardFraction(), standard.fraction(), 1e-9);
        assertEquals(g.originalStatus(), original.status().name());
        if (g.originalFraction() != null) {
            assertEquals(g.originalFraction(), original.fraction(), 1e-9);
        }
        assertEquals(g.truth(), g.standardFraction(), 0.005);
    }
}
