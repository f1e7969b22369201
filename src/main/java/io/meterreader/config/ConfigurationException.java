package io.meterreader.config;

/**
 * A mistake in configuration or calibration that stops start-up. Its message names the file
 * or property, the field, and what is wrong, in one line.
 */
public class ConfigurationException extends RuntimeException {

    private final String where;
    private final String field;
    private final String problem;

    public ConfigurationException(String where, String field, String problem) {
        super(where + ": " + field + " " + problem);
        this.where = where;
        this.field = field;
        this.problem = problem;
    }

    /** For a property, whose name is both the place and the field. */
    public ConfigurationException(String property, String problem) {
        super(property + " " + problem);
        this.where = property;
        this.field = property;
        this.problem = problem;
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
