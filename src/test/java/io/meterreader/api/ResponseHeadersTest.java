package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ResponseHeadersTest {

    private static MockHttpServletResponse get(String path) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new ResponseHeaders().doFilter(new MockHttpServletRequest("GET", path), response, new MockFilterChain());
        return response;
    }

    @Test
    void everyAnswer_isNotSniffed_norItsAddressSentOn_andTheApisAreNotCached() throws Exception {
        MockHttpServletResponse api = get("/api/v1/alarms");
        assertThat(api.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.getHeader("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(api.getHeader("Cache-Control")).isEqualTo("no-store");

        MockHttpServletResponse page = get("/meter.html");
        assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getHeader("Cache-Control")).as("the pages are files, cached as such").isNull();
        assertThat(page.getHeader("X-Frame-Options")).as("framed by Home Assistant and Grafana").isNull();
    }
}
