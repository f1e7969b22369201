package io.meterreader.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecimalNumberTest {

    @Test
    void aDecimalIsItsNumber_andJavasOtherFormsAreNone() {
        assertThat(DecimalNumber.parse(" -2.5e3 ")).isEqualTo(-2500.0);
        assertThat(DecimalNumber.parse(".5")).isEqualTo(0.5);
        assertThat(DecimalNumber.parse("5.")).isEqualTo(5.0);
        for (String none : new String[] {"10f", "10d", "NaN", "Infinity", "0x10", "1e400", "1,6", ""}) {
            assertThat(DecimalNumber.parse(none)).as(none).isNaN();
        }
    }
}
