package io.meterreader.config;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the service over HTTP. With a username and a password set, every request needs them
 * (HTTP Basic: the browser asks once for the dashboard; Prometheus has {@code basic_auth}), except
 * the paths left open; without them the service is open to whoever reaches its port, as before.
 * A second, read-only account ({@code viewer-username}, {@code viewer-password}) may see
 * everything but change nothing: acknowledging, shelving, taking a meter out of service are the
 * first account's (a wallboard, Grafana and Prometheus get the viewer's).
 *
 * @param username       optional; set together with password
 * @param password       optional; never shown. Put it in the environment
 *                       ({@code METER_READER_ACCESS_PASSWORD}) rather than a file others can read
 * @param viewerUsername optional, with viewerPassword and only beside username: an account that may only read
 * @param viewerPassword optional; never shown ({@code METER_READER_ACCESS_VIEWER_PASSWORD})
 * @param open           paths anyone may reach without credentials, as patterns ({@code /**} for a
 *                       whole tree); default the health and its probes, for Docker and Kubernetes
 */
public record AccessProperties(
        String username,
        String password,
        String viewerUsername,
        String viewerPassword,
        @DefaultValue({"/actuator/health", "/actuator/health/**"}) @NotNull List<@NotNull String> open) {

    /** Access with one account, which may do everything. */
    public AccessProperties(String username, String password, List<String> open) {
        this(username, password, null, null, open);
    }

    @ConstructorBinding
    public AccessProperties {
        open = open == null ? List.of() : List.copyOf(open);
        boolean user = username != null && !username.isEmpty();
        boolean pass = password != null && !password.isEmpty();
        if (user != pass) {
            throw new ConfigurationException(user ? "meter-reader.access.password" : "meter-reader.access.username",
                    "must be set together with meter-reader.access." + (user ? "username" : "password")
                            + " (both, or neither for an open service)");
        }
        if (user && username.contains(":")) {
            throw new ConfigurationException("meter-reader.access.username", "must not contain ':' (HTTP Basic "
                    + "cannot carry it), got " + username);
        }
        boolean viewer = viewerUsername != null && !viewerUsername.isEmpty();
        boolean viewerPass = viewerPassword != null && !viewerPassword.isEmpty();
        if (viewer != viewerPass) {
            throw new ConfigurationException(viewer ? "meter-reader.access.viewer-password"
                    : "meter-reader.access.viewer-username", "must be set together with meter-reader.access."
                    + (viewer ? "viewer-username" : "viewer-password"));
        }
        if (viewer && !user) {
            throw new ConfigurationException("meter-reader.access.viewer-username", "needs meter-reader.access."
                    + "username and password too: a read-only account beside an open service would keep nobody out");
        }
        if (viewer && viewerUsername.contains(":")) {
            throw new ConfigurationException("meter-reader.access.viewer-username", "must not contain ':' (HTTP "
                    + "Basic cannot carry it), got " + viewerUsername);
        }
        if (viewer && viewerUsername.equals(username)) {
            throw new ConfigurationException("meter-reader.access.viewer-username", "must differ from "
                    + "meter-reader.access.username (" + username + "): a log says who did what by these names");
        }
        for (String path : open) {
            if (!path.startsWith("/")) {
                throw new ConfigurationException("meter-reader.access.open", "paths must start with '/', got " + path);
            }
        }
    }

    /** Whether requests need the username and password. */
    public boolean enabled() {
        return username != null && !username.isEmpty();
    }

    /** Whether a read-only account is set beside the first. */
    public boolean viewerEnabled() {
        return viewerUsername != null && !viewerUsername.isEmpty();
    }

    /** The password masked: a record's own toString would print it. */
    @Override
    public String toString() {
        return "AccessProperties[username=" + username + ", password=" + (password == null ? null : "***")
                + ", viewerUsername=" + viewerUsername + ", viewerPassword=" + (viewerPassword == null ? null : "***")
                + ", open=" + open + "]";
    }
}
