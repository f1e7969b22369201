package io.meterreader.config;

import io.meterreader.frame.AlarmActions;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the service over HTTP. With a username and a password set, every request needs them
 * (HTTP Basic: the browser asks once for the dashboard; Prometheus has {@code basic_auth}), except
 * the paths left open; without them the service is open to whoever reaches its port, as before.
 * A second, read-only account ({@code viewer-username}, {@code viewer-password}) may see
 * everything but change nothing: acknowledging, shelving, taking a meter out of service are the
 * first account's (a wallboard, Grafana and Prometheus get the viewer's). Beside or instead of
 * these two, {@code users} lists personal accounts, one per person, each an operator or a viewer:
 * what an operator's account does is recorded under its own name, so the alarm journal says who
 * did it, not who typed which name into a shared account's page. Any password may be given as
 * {@code java -jar meter-reader.jar hash-password} hashes it ({@link Passwords}).
 *
 * @param username       optional; set together with password
 * @param password       optional; never shown. Put it in the environment
 *                       ({@code METER_READER_ACCESS_PASSWORD}) rather than a file others can read
 * @param viewerUsername optional, with viewerPassword and only beside username: an account that may only read
 * @param viewerPassword optional; never shown ({@code METER_READER_ACCESS_VIEWER_PASSWORD})
 * @param users          personal accounts (optional), each with its own name, password and role
 * @param open           paths anyone may reach without credentials, as patterns ({@code /**} for a
 *                       whole tree); default the health and its probes, for Docker and Kubernetes
 */
public record AccessProperties(
        String username,
        String password,
        String viewerUsername,
        String viewerPassword,
        List<@NotNull Account> users,
        @DefaultValue({"/actuator/health", "/actuator/health/**"}) @NotNull List<@NotNull String> open) {

    /** Access with one account, which may do everything. */
    public AccessProperties(String username, String password, List<String> open) {
        this(username, password, null, null, List.of(), open);
    }

    /** Access with the first account and a viewer beside it. */
    public AccessProperties(String username, String password, String viewerUsername, String viewerPassword,
                            List<String> open) {
        this(username, password, viewerUsername, viewerPassword, List.of(), open);
    }

    /** What an account may do. */
    public enum Role {
        /** Everything: acknowledge, shelve, take meters out of service. */
        OPERATOR,
        /** Read everything, change nothing. */
        VIEWER
    }

    /**
     * A personal account.
     *
     * @param role default operator
     */
    public record Account(String username, String password, Role role) {

        @ConstructorBinding
        public Account {
            role = role == null ? Role.OPERATOR : role;
        }

        /** The password masked: a record's own toString would print it. */
        @Override
        public String toString() {
            return "Account[username=" + username + ", password=" + (password == null ? null : "***") + ", role="
                    + role + "]";
        }
    }

    @ConstructorBinding
    public AccessProperties {
        open = open == null ? List.of() : List.copyOf(open);
        users = users == null ? List.of() : List.copyOf(users);
        boolean user = username != null && !username.isEmpty();
        boolean pass = password != null && !password.isEmpty();
        if (user != pass) {
            throw new ConfigurationException(user ? "meter-reader.access.password" : "meter-reader.access.username",
                    "must be set together with meter-reader.access." + (user ? "username" : "password")
                            + " (both, or neither for an open service)");
        }
        if (user) {
            checkName("meter-reader.access.username", username);
        }
        boolean viewer = viewerUsername != null && !viewerUsername.isEmpty();
        boolean viewerPass = viewerPassword != null && !viewerPassword.isEmpty();
        if (viewer != viewerPass) {
            throw new ConfigurationException(viewer ? "meter-reader.access.viewer-password"
                    : "meter-reader.access.viewer-username", "must be set together with meter-reader.access."
                    + (viewer ? "viewer-username" : "viewer-password"));
        }
        if (viewer && !user && users.stream().noneMatch(a -> a.role() == Role.OPERATOR)) {
            throw new ConfigurationException("meter-reader.access.viewer-username", "needs meter-reader.access."
                    + "username and password too (or an operator in meter-reader.access.users): a read-only account "
                    + "beside an open service would keep nobody out");
        }
        if (viewer) {
            checkName("meter-reader.access.viewer-username", viewerUsername);
        }
        if (viewer && user && AlarmActions.folded(viewerUsername).equals(AlarmActions.folded(username))) {
            throw new ConfigurationException("meter-reader.access.viewer-username", "must differ from "
                    + "meter-reader.access.username (" + username + "): a log says who did what by these names");
        }
        checkPassword("meter-reader.access.password", password);
        checkPassword("meter-reader.access.viewer-password", viewerPassword);
        // names as they read: "Ann" and full-width "ａnn" would be ann's in the journal and the log
        Map<String, String> names = new HashMap<>();
        if (user) {
            names.put(AlarmActions.folded(username), username);
        }
        if (viewer) {
            names.put(AlarmActions.folded(viewerUsername), viewerUsername);
        }
        for (int i = 0; i < users.size(); i++) {
            Account a = users.get(i);
            String key = "meter-reader.access.users[" + i + "]";
            if (a.username() == null || a.username().isEmpty()) {
                throw new ConfigurationException(key + ".username", "must be set: each account has its own name");
            }
            checkName(key + ".username", a.username());
            if (a.password() == null || a.password().isEmpty()) {
                throw new ConfigurationException(key + ".password", "must be set for " + a.username());
            }
            checkPassword(key + ".password", a.password());
            String before = names.putIfAbsent(AlarmActions.folded(a.username()), a.username());
            if (before != null) {
                throw new ConfigurationException(key + ".username", "names " + a.username() + " a second time"
                        + (before.equals(a.username()) ? "" : " (as " + before + ", which reads the same)")
                        + ": a log says who did what by these names");
            }
        }
        for (String path : open) {
            if (!path.startsWith("/")) {
                throw new ConfigurationException("meter-reader.access.open", "paths must start with '/', got " + path);
            }
        }
    }

    /**
     * An account's name: what HTTP Basic can carry (no ':'), and, as every name an action is
     * recorded under, one line of visible characters without spaces at its ends.
     */
    private static void checkName(String key, String name) {
        if (name.contains(":")) {
            throw new ConfigurationException(key, "must not contain ':' (HTTP Basic cannot carry it), got " + name);
        }
        String refused = AlarmActions.textRefused("it", name, /* name= */ true);
        if (refused == null && !name.strip().equals(name)) {
            refused = "it begins or ends with a space: a name is one line of visible characters";
        }
        if (refused != null) {
            // as the journal and the log show who did what: "ann" and "ann" with a zero-width space would be one
            throw new ConfigurationException(key, "is refused: " + refused);
        }
    }

    private static void checkPassword(String key, String password) {
        String problem = password == null ? null : Passwords.problem(password);
        if (problem != null) {
            throw new ConfigurationException(key, problem);
        }
    }

    /** Whether requests need a username and password. */
    public boolean enabled() {
        return (username != null && !username.isEmpty()) || !users.isEmpty();
    }

    /** Every account's name and role, as a log line gives them ("engineer (operator, shared)"). */
    public List<String> accounts() {
        List<String> out = new ArrayList<>();
        if (username != null && !username.isEmpty()) {
            out.add(username + " (operator, shared)");
        }
        if (viewerEnabled()) {
            out.add(viewerUsername + " (viewer, shared)");
        }
        users.forEach(a -> out.add(a.username() + " (" + a.role().name().toLowerCase(Locale.ROOT) + ")"));
        return out;
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
                + ", users=" + users + ", open=" + open + "]";
    }
}
