package io.meterreader.config;

import io.meterreader.frame.AlarmActions;

/**
 * A mistake in configuration or calibration that stops start-up. Its message names the file
 * or property, the field, and what is wrong, in one line.
 */
public class ConfigurationException extends RuntimeException {

    private final String where;
    private final String field;
    private final String problem;

    /**
     * The parts are kept with their control characters escaped ({@code \n}, {@code \u0000}): a
     * problem quotes what a file gave, and an id holding a line break forged a line in the log.
     */
    public ConfigurationException(String where, String field, String problem) {
        super(AlarmActions.oneLine(where) + ": " + AlarmActions.oneLine(field) + " " + AlarmActions.oneLine(problem));
        this.where = AlarmActions.oneLine(where);
        this.field = AlarmActions.oneLine(field);
        this.problem = AlarmActions.oneLine(problem);
    }

    /** For a property, whose name is both the place and the field. */
    public ConfigurationException(String property, String problem) {
        super(AlarmActions.oneLine(property) + " " + AlarmActions.oneLine(problem));
        this.where = AlarmActions.oneLine(property);
        this.field = AlarmActions.oneLine(property);
        this.problem = AlarmActions.oneLine(problem);
    }

    public String where() {
        return where;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
