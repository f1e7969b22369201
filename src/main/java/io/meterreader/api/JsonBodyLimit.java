package io.meterreader.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON body of the API larger than {@link #MAX_BYTES} is a 413 before it is read: the largest
 * command the API takes (a comment of 1000 characters, a calibration's marks) is a few kilobytes,
 * and a 25 MB body was parsed whole only to be refused for its field's length. An image for the
 * offline read is no JSON and has its own limit (20 MB). A body sent in chunks, its length not
 * said beforehand, is read here up to the limit, and refused past it.
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
        long length = request.getContentLengthLong();
        if (length > MAX_BYTES) {
            tooLarge(request, response, length + " bytes");
            return;
        }
        if (length >= 0) {
            chain.doFilter(request, response);
            return;
        }
        // chunked: no length said beforehand, so the body is read here, at most the limit (a 95 MB
        // one was parsed whole, twelve at once taking 5.4 GB)
        byte[] body = request.getInputStream().readNBytes((int) MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            tooLarge(request, response, "more bytes");
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, String got)
            throws IOException {
        FilterProblems.write(request, response, 413, "payload-too-large", "Payload too large", "a JSON body "
                + "takes at most " + MAX_BYTES / 1024 + " KB, got " + got, Map.of("parameter", "body"));
    }

    /** A request whose body was read already: it is given as read. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
