package io.meterreader.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A query parameter an endpoint of the API does not take is a 400 naming it and those it takes:
 * Spring passes over one in silence, and a misspelt option got the answer without it, looking
 * right ({@code POST /api/v1/read?scale_marks=...} read the dial from its ticks and said OK, an
 * engineer checking the marks took them for good; {@code readings?form=...} the default window).
 * The parameters an endpoint takes are its handler's {@code @RequestParam}s.
 */
class KnownParameters implements HandlerInterceptor {

    private final Map<HandlerMethod, Set<String>> taken = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            return true;
        }
        Set<String> names = taken.computeIfAbsent(method, KnownParameters::names);
        for (String given : RepeatedParameterFilter.queryParameters(request.getQueryString()).keySet()) {
            if (!names.contains(given)) {
                throw new BadRequestException(given, "'" + given + "' is not a parameter of this endpoint ("
                        + (names.isEmpty() ? "it takes none" : "it takes " + String.join(", ", names)) + ")");
            }
        }
        return true;
    }

    /** The query parameters a handler takes: its {@code @RequestParam}s' names, sorted. */
    private static Set<String> names(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter p : method.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value()
                        : p.getParameterName();
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
