package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers every answer carries for the browser's part of its safety: no guessing a type
 * other than the one said ({@code nosniff}: a text answer that held a page's markup was not to
 * be run as one), no address of the service's pages sent to other sites ({@code Referrer-Policy}),
 * and nothing of the API kept in a browser's or a proxy's cache ({@code no-store}: readings,
 * alarms and who acknowledged them, behind a log-in, on a shared control-room machine). Framing
 * is allowed: Home Assistant and Grafana show the dashboard in a frame.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ResponseHeaders extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        chain.doFilter(request, response);
    }
}
