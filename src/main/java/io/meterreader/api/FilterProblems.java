package io.meterreader.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A problem detail written by a servlet filter, which answers before Spring MVC and its
 * {@link ProblemHandler} are reached: the same RFC 9457 shape, escaped by Jackson.
 */
final class FilterProblems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FilterProblems() {
    }

    /**
     * @param request what it answers: its path is the problem's {@code instance}, as Spring's
     * @param type    the problem's name under {@link ProblemHandler#TYPE_BASE}
     * @param extra   further members (e.g. the parameter at fault), in order
     */
    static void write(HttpServletRequest request, HttpServletResponse response, int status, String type, String title,
                      String detail, Map<String, String> extra) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemHandler.TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.putAll(extra);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
