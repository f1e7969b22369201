package io.meterreader.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the request came as, so that a page offers only what that account may do. */
@RestController
@Tag(name = "access")
class AccessController {

    /** The account's name (null: access is open) and whether it may only read (the viewer's). */
    record AccessView(String user, boolean readOnly) {
    }

    @GetMapping("/api/v1/access")
    @Operation(summary = "Who the request came as: `user` (null while access is open) and `readOnly` (true for "
            + "access.viewer-username's account, which may change nothing): the dashboard hides its buttons then")
    AccessView access(HttpServletRequest request) {
        boolean readOnly = Boolean.TRUE.equals(request.getAttribute(AccessFilter.READ_ONLY));
        return new AccessView(request.getRemoteUser(), readOnly);
    }
}
