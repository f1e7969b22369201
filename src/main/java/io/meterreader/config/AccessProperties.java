package io.meterreader.config;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the service over HTTP. With a username and a password set, every request needs them
 * (HTTP Basic: the browser asks once for the dashboard; Prometheus has {@code basic_auth}), except
 * the paths left open; without them the service is open to whoever reaches its port, as before.
 *
 * @param username optional; set together with password
 * @param password optional; never shown. Put it in the environment
 *                 ({@code METER_READER_ACCESS_PASSWORD}) rather than a file others can read
 * @param open     paths anyone may reach without credentials, as patterns ({@code /**} for a whole
 *                 tree); default the health and its probes, for Docker and Kubernetes
 */
public record AccessProperties(
        String username,
        String password,
        @DefaultValue({"/actuator/health", "/actuator/health/**"}) @NotNull List<@NotNull String> open) {

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

    /** The password masked: a record's own toString would print it. */
    @Override
    public String toString() {
        return "AccessProperties[username=" + username + ", password=" + (password == null ? null : "***") + ", open="
                + open + "]";
    }
}
