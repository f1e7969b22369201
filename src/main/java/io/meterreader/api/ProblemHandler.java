package io.meterreader.api;

import io.meterreader.store.StoreUnavailableException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error of the API as RFC 9457 problem details. Spring's own exceptions (bad
 * parameters, wrong media type, too large a body) get theirs from the base class.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://meter-reader.io/problems/";

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle(capitalise(e.kind()) + " not found");
        // a kind of more than one word ("alarm snapshot") is one path segment of the type's URI
        problem.setType(URI.create(TYPE_BASE + e.kind().trim().replaceAll("\\s+", "-") + "-not-found"));
        problem.setProperty("id", e.id());
        return problem;
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad request");
        problem.setType(URI.create(TYPE_BASE + "bad-request"));
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        problem.setType(URI.create(TYPE_BASE + "conflict"));
        return problem;
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ProblemDetail storeUnavailable(StoreUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Reading history unavailable");
        problem.setType(URI.create(TYPE_BASE + "store-unavailable"));
        return problem;
    }

    @ExceptionHandler(ReadersBusyException.class)
    ResponseEntity<ProblemDetail> readersBusy(ReadersBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Readers busy");
        problem.setType(URI.create(TYPE_BASE + "readers-busy"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    /**
     * A body that is not the JSON an endpoint takes (broken JSON, an array for a text, none where
     * one is needed): 400 saying what is wrong with it, rather than Spring's "Failed to read request".
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String why = null;
        for (Throwable t = e; t != null && why == null; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                why = json.getOriginalMessage();
            }
        }
        if (why == null) {
            why = e.getMessage() == null ? "it could not be read" : e.getMessage();
        }
        why = why.lines().findFirst().orElse(why);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not "
                + "the JSON this endpoint takes: " + (why.length() > 300 ? why.substring(0, 300) + "…" : why));
        problem.setTitle("Bad request");
        problem.setType(URI.create(TYPE_BASE + "bad-request"));
        problem.setProperty("parameter", "body");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
