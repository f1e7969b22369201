package io.meterreader.gauge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PointerEvidenceTest {

    @Test
    void confidence_isTheProductOfEveryFactor_notOfTheRingsRadius() {
        PointerEvidence e = new PointerEvidence(0.9, 0.8, 1, 0.5, 1, 1, 0.75, 1, 0.5, 1, 40);

        assertThat(e.confidence()).isCloseTo(0.9 * 0.8 * 0.5 * 0.75 * 0.5, within(1e-12));
        assertThat(e.factors()).hasSameSizeAs(PointerEvidence.FACTOR_NAMES);
    }
}
