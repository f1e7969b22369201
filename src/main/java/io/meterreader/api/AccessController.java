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

    /**
     * The account's name (null: access is open), whether it may only read (a viewer's), and
     * whether it is a person's own (its actions are recorded under its name, no other).
     */
    record AccessView(String user, boolean readOnly, boolean personal) {
    }

    @GetMapping("/api/v1/access")
    @Operation(summary = "Who the request came as: `user` (null while access is open) and `readOnly` (true for "
            + "a viewer's account, which may change nothing: the dashboard hides its buttons then) and `personal` (an "
            + "account of access.users: its actions are recorded under its own name, and the pages ask for none)")
    AccessView access(HttpServletRequest request) {
        boolean readOnly = Boolean.TRUE.equals(request.getAttribute(AccessFilter.READ_ONLY));
        boolean personal = Boolean.TRUE.equals(request.getAttribute(AccessFilter.PERSONAL));
        return new AccessView(request.getRemoteUser(), readOnly, personal);
    }
}
