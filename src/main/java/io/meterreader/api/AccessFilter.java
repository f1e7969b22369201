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
import java.util.Set;
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
 * guessing the password takes too long to be worth it. The viewer's account, where one is set,
 * passes only requests that read ({@link #READING}): anything else (acknowledging, shelving,
 * taking a meter out of service) is answered 403, whatever it is, so that an endpoint added later
 * is closed to it until someone decides otherwise.
 */
final class AccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
    static final int MAX_FAILURES = 20;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    /** Addresses kept at most, so that a flood of addresses cannot fill the memory. */
    private static final int MAX_ADDRESSES = 10_000;

    /** The request attribute that says the request came with the viewer's account (Boolean.TRUE). */
    static final String READ_ONLY = AccessFilter.class.getName() + ".readOnly";

    /** The methods that only read, and the one POST that does too: the offline read of an uploaded image. */
    static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");
    private static final PathPattern OFFLINE_READ = new PathPatternParser().parse("/api/v1/read");

    private final String username;
    private final byte[] expected;
    private final String viewer;
    /** The viewer's credentials' hash; null: no viewer. */
    private final byte[] expectedViewer;
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
        this.viewer = access.viewerUsername();
        this.expectedViewer = access.viewerEnabled() ? sha256(access.viewerUsername() + ":" + access.viewerPassword())
                : null;
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
        byte[] given = credentials(header);
        boolean operator = given != null && MessageDigest.isEqual(expected, given);
        boolean viewing = given != null && expectedViewer != null && MessageDigest.isEqual(expectedViewer, given);
        if (viewing && !reads(request.getMethod(), container)) {
            log.warn("HTTP {} {} from {} refused: {} may only read", request.getMethod(), path, address, viewer);
            FilterProblems.write(response, 403, "forbidden", "Forbidden", String.format("%s may only read: %s %s "
                    + "changes something, which needs meter-reader.access.username's account", viewer,
                    request.getMethod(), path), Map.of());
            return;
        }
        if (operator || viewing) {
            // who it is, for what records a user (an alarm's acknowledgement): getRemoteUser()
            String user = operator ? username : viewer;
            request.setAttribute(READ_ONLY, viewing && !operator);
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getRemoteUser() {
                    return user;
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

    /**
     * The hash of the Authorization header's {@code user:password}, to compare with an account's in
     * constant time (how long the comparison takes says nothing of the password); null when it is
     * no HTTP Basic header.
     */
    private static byte[] credentials(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return sha256(new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static boolean reads(String method, PathContainer path) {
        return READING.contains(method) || (method.equals("POST") && OFFLINE_READ.matches(path));
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
