package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query parameter of the API given twice ({@code ?from=A&from=B}) is a mistake, not a choice:
 * Spring would take the first and drop the other in silence, and a script's typo would get the
 * wrong window of history. It is answered 400 with a problem detail naming the parameter.
 *
 * <p>Only the query string is looked at, never the body: asking the servlet for its parameters
 * would make it read a form's or a multipart upload's body here, before Spring, so that an image
 * sent with a form's content type was consumed (the read endpoint then saw an empty body), and a
 * multipart upload's errors came as the servlet container's page rather than a problem detail.
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
        for (Map.Entry<String, Integer> p : queryParameters(request.getQueryString()).entrySet()) {
            if (p.getValue() > 1) {
                FilterProblems.write(request, response, 400, "bad-request", "Bad request", "parameter " + p.getKey()
                        + " is given " + p.getValue() + " times; give it once", Map.of("parameter", p.getKey()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Each parameter's name in the query string, decoded, with how often it is given. */
    static Map<String, Integer> queryParameters(String query) {
        Map<String, Integer> names = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return names;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                // a broken escape: left as sent, and Spring says what is wrong with it, if anything
            }
            names.merge(name, 1, Integer::sum);
        }
        return names;
    }
}
