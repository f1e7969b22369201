package io.meterreader.cli;

import java.io.PrintStream;
import java.util.List;

/** A tool run from the command line instead of the web service. */
public interface Command {

    String name();

    /** One line for the general help. */
    String summary();

    /** The command's full usage, printed by {@code COMMAND --help}. */
    String usage();

    /** Runs the tool; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
