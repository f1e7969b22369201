package io.meterreader.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CrossSiteFilterTest {

    /** The answer's status to a request with these headers (name, value, ...); 200 where it went on. */
    private static MockHttpServletResponse send(String method, String... headers) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method,
                "/api/v1/meters/demo-2-tank-level/out-of-service");
        request.addHeader("Host", "meters.plant.local:8080");
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new CrossSiteFilter().doFilter(request, response, chain);
        assertThat(chain.getRequest() != null).as("went on").isEqualTo(response.getStatus() == 200);
        return response;
    }

    @Test
    void aChangeFromAnotherSitesPage_isRefused_beforeItIsDone() throws Exception {
        // the audit's page on wiki.plant.local took a meter out of service with the operator's credentials
        MockHttpServletResponse refused = send("POST", "Sec-Fetch-Site", "same-site",
                "Origin", "http://wiki.plant.local:8099");
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("\"title\":\"Cross-site request\"")
                .contains("not from another site's page (Sec-Fetch-Site: same-site)");
        assertThat(send("PUT", "Sec-Fetch-Site", "cross-site").getStatus()).isEqualTo(403);
        assertThat(send("DELETE", "Sec-Fetch-Site", "same-site").getStatus()).isEqualTo(403);
        // a browser without Sec-Fetch-Site: its Origin must name the host the request went to
        assertThat(send("POST", "Origin", "http://evil.example").getStatus()).isEqualTo(403);
        assertThat(send("POST", "Origin", "http://meters.plant.local:3000").getStatus()).as("another port")
                .isEqualTo(403);
        assertThat(send("POST", "Origin", "http://meters.plant.local").getStatus()).as("port 80").isEqualTo(403);
        assertThat(send("POST", "Origin", "null").getStatus()).as("a sandboxed frame").isEqualTo(403);
    }

    @Test
    void theServicesOwnPages_programs_andReadingRequests_pass() throws Exception {
        assertThat(send("POST", "Sec-Fetch-Site", "same-origin", "Origin", "http://meters.plant.local:8080")
                .getStatus()).isEqualTo(200);
        assertThat(send("POST", "Sec-Fetch-Site", "none").getStatus()).as("typed by the user").isEqualTo(200);
        assertThat(send("POST").getStatus()).as("curl, a script").isEqualTo(200);
        assertThat(send("POST", "Origin", "http://METERS.plant.local:8080").getStatus()).isEqualTo(200);
        assertThat(send("GET", "Sec-Fetch-Site", "cross-site").getStatus()).as("reads").isEqualTo(200);
        // behind a proxy that passes the public host on
        assertThat(send("POST", "Origin", "https://meters.example.com", "X-Forwarded-Host", "meters.example.com")
                .getStatus()).isEqualTo(200);
        // a proxy on port 8000 that passes the host without its port (nginx's $host), and the port apart
        assertThat(send("POST", "Origin", "http://meters.example.com:8000", "X-Forwarded-Host", "meters.example.com",
                "X-Forwarded-Port", "8000").getStatus()).isEqualTo(200);
        assertThat(send("POST", "Origin", "http://meters.example.com:3000", "X-Forwarded-Host", "meters.example.com",
                "X-Forwarded-Port", "8000").getStatus()).as("another port of that host").isEqualTo(403);
        assertThat(CrossSiteFilter.sameOrigin("https://meters.example.com", "meters.example.com")).isTrue();
        assertThat(CrossSiteFilter.sameOrigin("https://meters.example.com", "meters.example.com:8443")).isFalse();
    }
}
