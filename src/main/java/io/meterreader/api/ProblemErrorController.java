package io.meterreader.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The errors no handler of the service answered (a method the container refuses, such as TRACE;
 * a failure inside a library's endpoint) as problem details, as every other error of the API is,
 * in place of Spring Boot's own {@code {"timestamp", "status", "error", "path"}}. A failure says
 * only that the log has it: its message may hold what a caller should not see.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = MediaType.ALL_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString();
        String detail = switch (status) {
            // (the error's own dispatch is a GET: the method refused is not known here)
            case METHOD_NOT_ALLOWED -> "this request's method is not answered at " + path;
            case NOT_FOUND -> "nothing is served at " + path;
            case INTERNAL_SERVER_ERROR -> "the service failed on this request; its log says why";
            default -> status.getReasonPhrase() + " (" + path + ")";
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setType(URI.create(ProblemHandler.TYPE_BASE + status.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        try {
            problem.setInstance(path.isEmpty() ? null : URI.create(path));
        } catch (IllegalArgumentException notAUri) {
            // a path the container took but a URI does not: the problem goes without its instance
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
