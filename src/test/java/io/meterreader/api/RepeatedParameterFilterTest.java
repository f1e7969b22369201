package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatedParameterFilterTest {

    @Test
    void queryParameters_areCountedByTheirDecodedNames() {
        assertThat(RepeatedParameterFilter.queryParameters("from=1&to=2&from=3&%66rom=4&flag&&x=%zz"))
                .containsExactly(Map.entry("from", 3), Map.entry("to", 1), Map.entry("flag", 1), Map.entry("x", 1));
        assertThat(RepeatedParameterFilter.queryParameters(null)).isEmpty();
        assertThat(RepeatedParameterFilter.queryParameters("")).isEmpty();
    }
}
