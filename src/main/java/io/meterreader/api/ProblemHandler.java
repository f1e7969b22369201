package io.meterreader.api;

import io.meterreader.store.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

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
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Reading history unavailable");
        problem.setType(URI.create(TYPE_BASE + "store-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem);
    }

    /**
     * A multipart body that cannot be parsed (no boundary, cut short); one too large is Spring's
     * 413 (MaxUploadSizeExceededException, handled by the base class).
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail badMultipart(MultipartException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the multipart body cannot be read (" + why.lines().findFirst().orElse(why) + "): send the image as "
                        + "one part, e.g. curl -F file=@frame.jpg, or as the body itself with its Content-Type");
        problem.setTitle("Bad request");
        problem.setType(URI.create(TYPE_BASE + "bad-request"));
        problem.setProperty("parameter", "body");
        return problem;
    }

    /** A multipart upload over the limit: the same problem as a body over it. */
    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "the upload is larger "
                + "than " + ReadController.MAX_BYTES + " bytes, the most accepted");
        problem.setTitle("Image too large");
        problem.setType(URI.create(TYPE_BASE + "image-too-large"));
        return handleExceptionInternal(e, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
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
            if (t instanceof UnrecognizedPropertyException unknown) {
                // a misspelt field left out a part of the command: "duraton" shelved one-shot, not for 2 h
                why = "'" + unknown.getPropertyName() + "' is not a field it takes (it takes "
                        + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                        .collect(Collectors.joining(", ")) + ")";
            } else if (t instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                // said in the body's terms: no Java type's name
                String field = mismatch.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                        : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
                why = (field.isEmpty() ? "the body" : field) + " must be " + shape(mismatch.getTargetType());
            } else if (t instanceof JacksonException json) {
                // where, in the body's lines: Jackson's own "[Source: REDACTED ...]" says nothing
                var at = json.getLocation();
                why = json.getOriginalMessage() + (at == null || at.getLineNr() < 1 ? ""
                        : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
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

    /** What a JSON value of a body's field must be, for a field of the type given. */
    private static String shape(Class<?> type) {
        if (type == String.class) {
            return "text";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    /**
     * A query parameter of the wrong form ({@code ?from=yesterday}, {@code ?limit=ten}): 400 naming
     * the parameter and the form it takes, with an example, rather than Spring's "Failed to convert".
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "a parameter" : e.getPropertyName();
        String value = String.valueOf(e.getValue());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, name + " must be "
                + form(e.getRequiredType()) + ", got '" + (value.length() > 100 ? value.substring(0, 100) + "…" : value)
                + "'");
        problem.setTitle("Bad request");
        problem.setType(URI.create(TYPE_BASE + "bad-request"));
        problem.setProperty("parameter", e.getPropertyName());
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A body of a type the endpoint does not take: 415 saying which types it does take. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        String header = request instanceof ServletWebRequest servlet ? servlet.getRequest().getContentType() : null;
        String sent = e.getContentType() != null ? "Content-Type '" + e.getContentType() + "'"
                : header != null && !header.isBlank() ? "Content-Type '" + header + "' (not a media type)"
                : "a body without a Content-Type";
        List<String> types = e.getSupportedMediaTypes().stream().map(Object::toString).toList();
        String takes = types.size() < 2 ? String.join("", types)
                : String.join(", ", types.subList(0, types.size() - 1)) + " or " + types.get(types.size() - 1);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                sent + " is not taken here" + (takes.isEmpty() ? "" : "; send " + takes));
        problem.setTitle("Unsupported media type");
        return handleExceptionInternal(e, problem, headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
    }

    /**
     * A path no endpoint or page is at: 404 naming it, and where it only has a slash too many
     * ({@code /api/v1/meters/boiler/}), the path without it.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest web ? web.getRequest().getRequestURI()
                : "/" + e.getResourcePath();
        String trimmed = path.replaceAll("/+$", "");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "nothing at " + path
                + (trimmed.isEmpty() || trimmed.equals(path) ? "" : "; without the slash at its end: " + trimmed));
        problem.setTitle("Not Found");
        return handleExceptionInternal(e, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    /** A method the path does not take: 405 saying which it does (also in {@code Allow}). */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        String[] taken = e.getSupportedMethods();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, e.getMethod()
                + " is not taken here" + (taken == null || taken.length == 0 ? ""
                : "; this path takes " + String.join(", ", taken)));
        problem.setTitle("Method Not Allowed");
        return handleExceptionInternal(e, problem, headers, HttpStatus.METHOD_NOT_ALLOWED, request);
    }

    /**
     * Every problem Spring answers itself (405, 406, 413, 415 ...) gets a {@code type} of its own
     * under {@link #TYPE_BASE}, named after its status, as the service's own problems have one:
     * a client can tell problems apart by it, not by the words of their titles.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        // Spring passes no body for some (406): the exception's own, which it then writes
        Object written = body == null && e instanceof ErrorResponse response ? response.getBody() : body;
        if (written instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setType(URI.create(TYPE_BASE + (known == null ? "status-" + status.value()
                    : known.name().toLowerCase(Locale.ROOT).replace('_', '-'))));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** The form a parameter of this type takes, in words, with an example. */
    static String form(Class<?> type) {
        if (type == Instant.class) {
            return "a time in the years 1 to 9999, in ISO 8601 with its offset, such as 2026-12-07T08:00:00Z or "
                    + "2026-12-07T09:00:00+01:00 (or epoch milliseconds)";
        }
        if (type == Duration.class) {
            return "a duration with its unit, of at most 9999 years, such as 30s, 5m, 1h, 1d or PT1M";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number (at most " + Integer.MAX_VALUE + ")";
        }
        if (type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number, such as 1.6";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return type == null ? "of another form" : "a " + type.getSimpleName();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
