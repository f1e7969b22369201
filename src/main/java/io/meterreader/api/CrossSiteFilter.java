package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request that changes something, sent by a browser from another site's page, is answered 403
 * before it is done. A browser sends a signed-in operator's HTTP Basic credentials with any
 * request to the service, whichever page makes it: a page on another host of the plant's domain
 * (a wiki, Grafana, Node-RED's editor) acknowledged alarms and took meters out of service with a
 * bodiless {@code fetch(url, {method: "POST", mode: "no-cors", credentials: "include"})}. The
 * browser says where a request comes from: {@code Sec-Fetch-Site} (every current browser), or
 * else {@code Origin}, which must name the host the request was sent to ({@code Host}, or a
 * proxy's {@code X-Forwarded-Host}, each with {@code X-Forwarded-Port} where it names no port;
 * Chromium sends no {@code Sec-Fetch-Site} over plain HTTP to a host other than localhost, so on
 * a plant's network this is the check that holds). A request with neither
 * (curl, a script, a SCADA's HTTP client) is no browser's and passes; so do the service's own
 * pages, and requests that only read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class CrossSiteFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteFilter.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return AccessFilter.READING.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String from = crossSite(request);
        if (from == null) {
            chain.doFilter(request, response);
            return;
        }
        log.info("Refused a {} of {} from another site's page ({}), from {}", request.getMethod(),
                request.getRequestURI(), from, request.getRemoteAddr());
        FilterProblems.write(request, response, 403, "cross-site", "Cross-site request", "a request that changes "
                + "something is taken from the service's own pages, or from a program, not from another site's page ("
                + from + ")", Map.of());
    }

    /** Where a browser says the request comes from, where that is another site; null where it is not. */
    static String crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            // "none": the user's own doing (a bookmark, the address bar); "same-origin": the service's pages
            return site.equals("same-origin") || site.equals("none") ? null : "Sec-Fetch-Site: " + site;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return null;
        }
        String port = first(request.getHeader("X-Forwarded-Port"));
        return sameOrigin(origin, withPort(request.getHeader("Host"), port))
                || sameOrigin(origin, withPort(first(request.getHeader("X-Forwarded-Host")), port))
                ? null : "Origin: " + origin;
    }

    /** A list header's first value (a chain of proxies gives one a hop); null for none. */
    private static String first(String header) {
        return header == null ? null : header.split(",")[0].strip();
    }

    /**
     * {@code host} with the proxy's {@code X-Forwarded-Port} where it names none (nginx's {@code $host}
     * drops the port): a proxy on port 8000 that passes {@code meters.plant.local} would otherwise
     * have its own pages refused.
     */
    private static String withPort(String host, String port) {
        if (host == null || port == null || port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
            return host;
        }
        try {
            return new URI("http://" + host).getPort() == -1 ? host + ":" + port : host;
        } catch (URISyntaxException e) {
            return host;
        }
    }

    /** Whether {@code origin} ({@code scheme://host[:port]}) names {@code host} ({@code host[:port]}, a Host header). */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI o;
        URI h;
        try {
            o = new URI(origin);
            h = new URI(o.getScheme() + "://" + first(host));
        } catch (URISyntaxException e) {
            return false;   // "null" (a sandboxed frame, a file) among others
        }
        if (o.getScheme() == null || o.getHost() == null || h.getHost() == null) {
            return false;
        }
        return o.getHost().toLowerCase(Locale.ROOT).equals(h.getHost().toLowerCase(Locale.ROOT))
                && port(o) == port(h);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : uri.getScheme().equalsIgnoreCase("http") ? 80 : -1;
    }
}
