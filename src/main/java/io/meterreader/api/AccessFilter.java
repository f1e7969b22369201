package io.meterreader.api;

import io.meterreader.config.AccessProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * HTTP Basic in front of everything the service serves but the open paths, when
 * {@code meter-reader.access} sets a username and password. A request without them, or with
 * others, is answered 401 with a problem detail and a {@code WWW-Authenticate} header, so that a
 * browser asks for them. An address that failed {@link #MAX_FAILURES} times within
 * {@link #FAILURE_WINDOW} is answered 429 until that window has passed, right credentials or not:
 * guessing the password takes too long to be worth it.
 */
final class AccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
    static final int MAX_FAILURES = 20;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    /** Addresses kept at most, so that a flood of addresses cannot fill the memory. */
    private static final int MAX_ADDRESSES = 10_000;

    private final String username;
    private final byte[] expected;
    private final List<PathPattern> open;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    private record Failures(Instant since, int count) {
    }

    /** @param access its username and password are asked for (the filter is registered only when set) */
    AccessFilter(AccessProperties access, Clock clock) {
        this.username = access.username();
        this.expected = sha256(access.username() + ":" + access.password());
        PathPatternParser parser = new PathPatternParser();
        this.open = access.open().stream().map(parser::parse).toList();
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PathContainer container = PathContainer.parsePath(path);
        if (open.stream().anyMatch(p -> p.matches(container))) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        Instant now = clock.instant();
        Failures failed = failures.get(address);
        if (failed != null && now.isAfter(failed.since().plus(FAILURE_WINDOW))) {
            failures.remove(address, failed);
            failed = null;
        }
        if (failed != null && failed.count() >= MAX_FAILURES) {
            refused.incrementAndGet();
            long wait = Math.max(1, Duration.between(now, failed.since().plus(FAILURE_WINDOW)).toSeconds());
            response.setHeader("Retry-After", String.valueOf(wait));
            FilterProblems.write(response, 429, "too-many-tries", "Too Many Requests", String.format("%d requests with wrong credentials from %s "
                    + "within %d minutes: try again in %d s", failed.count(), address, FAILURE_WINDOW.toMinutes(), wait),
                    Map.of());
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null) {
            challenge(response, "this service needs a username and password (HTTP Basic)");
            return;
        }
        if (matches(header)) {
            // who it is, for what records a user (an alarm's acknowledgement): getRemoteUser()
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getRemoteUser() {
                    return username;
                }
            }, response);
            return;
        }
        if (failures.size() < MAX_ADDRESSES || failures.containsKey(address)) {
            failures.merge(address, new Failures(now, 1), (was, one) -> new Failures(was.since(), was.count() + 1));
        }
        refused.incrementAndGet();
        log.warn("HTTP {} {} from {} refused: wrong username or password", request.getMethod(), path, address);
        challenge(response, "wrong username or password");
    }

    /** Requests refused for wrong credentials, or while their address was locked out (not those without any). */
    public long refused() {
        return refused.get();
    }

    /** Whether the Authorization header carries the configured username and password. */
    private boolean matches(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        // Hashes compared in constant time: how long the comparison takes says nothing of the password.
        return MessageDigest.isEqual(expected, sha256(new String(decoded, StandardCharsets.UTF_8)));
    }

    private static void challenge(HttpServletResponse response, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Meter Reader\", charset=\"UTF-8\"");
        FilterProblems.write(response, 401, "unauthorized", "Unauthorized", detail, Map.of());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
