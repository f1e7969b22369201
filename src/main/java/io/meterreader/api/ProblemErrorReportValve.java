package io.meterreader.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers as problem details, as the API's are: a request Tomcat refuses before
 * any of the service's code sees it (a path with an encoded slash, a backslash or a NUL in it, a
 * path too long) would otherwise get its HTML error page. Errors the service answers itself have
 * their body written already and are left as they are.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean writable = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
        if (!writable.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error " + status : known.getReasonPhrase();
        boolean tooLong = throwable != null && String.valueOf(throwable.getMessage()).contains("too large");
        String detail = status == 400 && tooLong ? "the request was refused before it reached the service: its "
                + "request line or its headers are too long (8 KB at most; a long query belongs in a body)"
                : status == 400 ? "the request was refused before it reached the service: its path or its "
                + "headers are not well formed (an encoded slash, a backslash or a NUL in the path, or a path too long)"
                : "the request was refused before it reached the service (HTTP " + status + ")";
        // typed as the service's own problems are, after the status (ProblemHandler)
        String type = ProblemHandler.TYPE_BASE + (known == null ? "status-" + status
                : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        String body = "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            // its length said: the connection of a refused request closes after it, and a chunked body would be cut
            response.setContentLength(body.getBytes(StandardCharsets.UTF_8).length);
            Writer out = response.getReporter();
            if (out != null) {
                out.write(body);
                out.flush();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response is committed: nothing more to say
        }
    }
}
