package io.meterreader.config;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Says which keys the service does not know, where each was set, in one short report (Spring
 * Boot's own report of the same opens with the binding target's internals). Ahead of Spring
 * Boot's analyzers, which would otherwise answer first.
 */
class UnknownKeyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
        implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        String keys = cause.getUnboundProperties().stream().sorted()
                .map(UnknownKeyFailureAnalyzer::describe).collect(Collectors.joining("\n"));
        // a camera's key given alone (cameras[1].detect-every as a flag) makes a list of its own, which
        // replaces the configuration's whole list: its other cameras are not there to bind it to
        boolean camera = cause.getUnboundProperties().stream()
                .anyMatch(p -> p.getName().toString().startsWith("meter-reader.cameras["));
        String list = camera ? "\n\nA camera list set by a flag, the environment or another file replaces the "
                + "configuration's whole list: a camera's key given alone there leaves the cameras before it, and its "
                + "own id and url, out. Give every camera in that list (id and url at least), or the whole list in an "
                + "application.yaml next to the jar." : "";
        return new FailureAnalysis("The configuration sets keys the service does not know:\n\n" + keys + list,
                "Remove or correct them (README, Configuration, lists every key) and start the service again.", cause);
    }

    /**
     * The key and where it was set, never its value: a key not known may be a password's,
     * misspelt ({@code access.pasword}), and the report goes to the console and the log.
     */
    private static String describe(ConfigurationProperty p) {
        String name = p.getName().toString();
        return "    " + name + (p.getOrigin() == null ? "" : " (" + p.getOrigin() + ")")
                + ConfigKeys.nearest(name).map(k -> ": did you mean " + k + "?").orElse("");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
