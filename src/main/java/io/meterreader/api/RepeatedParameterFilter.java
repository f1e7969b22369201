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
 * A query parameter of the API given twice ({@code ?from=A&from=B}) is a mistake, not a choice:
 * Spring would take the first and drop the other in silence, and a script's typo would get the
 * wrong window of history. It is answered 400 with a problem detail naming the parameter.
 */
@Component
class RepeatedParameterFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (p.getValue().length > 1) {
                FilterProblems.write(request, response, 400, "bad-request", "Bad request", "parameter " + p.getKey()
                        + " is given " + p.getValue().length + " times; give it once", Map.of("parameter", p.getKey()));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
