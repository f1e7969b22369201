package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class JsonBodyLimitTest {

    /** A JSON body sent in chunks: its length is not said beforehand. */
    private static MockHttpServletRequest chunked(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/alarms/boiler/acknowledge") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    @Test
    void aChunkedBodyOverTheLimit_is413_andOneWithinIt_isGivenOnWhole() throws Exception {
        // a 95 MB reason sent chunked was parsed whole: twelve at once took 5.4 GB
        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockFilterChain notReached = new MockFilterChain();
        new JsonBodyLimit().doFilter(chunked("{\"reason\": \"" + "x".repeat(300_000) + "\"}"), refused, notReached);
        assertThat(refused.getStatus()).isEqualTo(413);
        assertThat(refused.getContentAsString()).contains("a JSON body takes at most 256 KB, got more bytes");
        assertThat(notReached.getRequest()).isNull();

        MockHttpServletResponse taken = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        String command = "{\"user\": \"ann\", \"comment\": \"" + "é".repeat(1000) + "\"}";
        new JsonBodyLimit().doFilter(chunked(command), taken, chain);
        assertThat(taken.getStatus()).isEqualTo(200);
        assertThat(new String(chain.getRequest().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(command);
        assertThat(chain.getRequest().getContentLengthLong()).isEqualTo(command.getBytes(StandardCharsets.UTF_8).length);
    }
}
