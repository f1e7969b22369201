package io.meterreader.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A configuration file that is not YAML (an {@code application.yaml} next to the jar with a
 * bracket left open): the parser's own words and where it gave up, in one report. Spring Boot
 * reads these files before its log is set up, and wrote "Application run failed" and a 65-line
 * stack trace from the parser's inside. The parser does not know the file's name, so the report
 * names the files it may be.
 */
class YamlFailureAnalyzer extends AbstractFailureAnalyzer<MarkedYAMLException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MarkedYAMLException cause) {
        Mark at = cause.getProblemMark() != null ? cause.getProblemMark() : cause.getContextMark();
        String where = at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")";
        String context = cause.getContext() == null ? "" : cause.getContext() + ": ";
        return new FailureAnalysis("A configuration file is not valid YAML: " + context + cause.getProblem() + where
                + ". It is an application.yaml (or .yml, or .properties) next to the jar or in a config folder there, "
                + "or a file named by --spring.config.location or --spring.config.import.",
                "Correct the file at that line (a bracket or quote left open, a tab for indentation, a key without "
                        + "its colon) and start the service again.", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
