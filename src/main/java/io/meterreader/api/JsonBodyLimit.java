package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON body of the API larger than {@link #MAX_BYTES} is a 413 before it is read: the largest
 * command the API takes (a comment of 1000 characters, a calibration's marks) is a few kilobytes,
 * and a 25 MB body was parsed whole only to be refused for its field's length. An image for the
 * offline read is no JSON and has its own limit (20 MB).
 */
@Component
class JsonBodyLimit extends OncePerRequestFilter {

    static final long MAX_BYTES = 256 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/") || type == null) {
            return true;
        }
        try {
            return !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(type));
        } catch (InvalidMediaTypeException e) {
            return true;   // Spring's 415 says what is wrong with it
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            FilterProblems.write(request, response, 413, "payload-too-large", "Payload too large", "a JSON body "
                    + "takes at most " + MAX_BYTES / 1024 + " KB, got " + request.getContentLengthLong() + " bytes",
                    Map.of("parameter", "body"));
            return;
        }
        chain.doFilter(request, response);
    }
}
