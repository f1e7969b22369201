package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A health path that names no part of the health is a 404 saying so. Spring Boot's health
 * endpoint answers one unknown part ({@code /actuator/health/foo}) with an empty 404, and two or
 * more ({@code /actuator/health/a/b}) with a 500 and a 70-line stack trace in the log, which
 * anyone may ask for: the health is open, for Docker's and Kubernetes's probes.
 */
@Component
class HealthPathFilter extends OncePerRequestFilter {

    private static final String HEALTH = "/actuator/health/";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + HEALTH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException e) {
            if (!noSuchPart(e) || response.isCommitted()) {
                throw e;
            }
            response.reset();
            notFound(request, response);
            return;
        }
        if (response.getStatus() == 404 && !response.isCommitted()) {
            notFound(request, response);
        }
    }

    /** Spring Boot's failure for a path below a part that has none ("'contributor' must not be null"). */
    private static boolean noSuchPart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("'contributor'")) {
                return true;
            }
        }
        return false;
    }

    private static void notFound(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String part = path.substring(HEALTH.length());
        FilterProblems.write(request, response, 404, "not-found", "Not Found", "the health has no part named '"
                + (part.length() > 100 ? part.substring(0, 100) + "…" : part) + "': /actuator/health lists its parts "
                + "(liveness and readiness are the probes)", Map.of());
    }
}
