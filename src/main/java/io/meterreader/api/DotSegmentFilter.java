package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A path with a dot segment or a path parameter ({@code /actuator/health/../../api/v1/meters},
 * {@code %2e%2e}, {@code ..;}) is answered 400 before anything else looks at it. Tomcat would
 * take such a path as written, so that what the access filter's open paths match and what
 * serves the request could read it differently; no page, endpoint or meter id has one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DotSegmentFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (unclear(path)) {
            FilterProblems.write(request, response, 400, "bad-request", "Bad request", "the path has a '.' or '..' "
                    + "segment or a ';': ask for the path itself", Map.of());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether a path as sent has a segment that is "." or ".." (its dots encoded or not), or a ';'. */
    static boolean unclear(String path) {
        if (path.indexOf(';') >= 0) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.equals(".") || s.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
