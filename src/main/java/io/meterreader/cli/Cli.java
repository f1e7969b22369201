package io.meterreader.cli;

import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Decides between the service and a tool. The first argument names a command; arguments that
 * start with {@code --} (Spring Boot's {@code --server.port=9090}) go to the service.
 */
public final class Cli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    static final List<Command> COMMANDS = List.of(new ReadCommand(), new SimCommand(), new EvalCommand(),
            new BenchCommand(), new HashPasswordCommand());

    private Cli() {
    }

    /**
     * Runs the tool the arguments name, if any.
     *
     * @return the tool's exit code, or empty when the web service should start
     */
    public static OptionalInt runTool(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return OptionalInt.empty();
        }
        String first = args[0];
        if (first.equals("--help") || first.equals("-h") || first.equals("help")) {
            out.print(generalHelp());
            return OptionalInt.of(EXIT_OK);
        }
        if ("serve".equals(first) || first.startsWith("--")) {
            // the service's own help, rather than a service started on port 8080 by 'serve --help'
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.print(serveHelp());
                return OptionalInt.of(EXIT_OK);
            }
            return OptionalInt.empty();
        }
        Optional<Command> command = COMMANDS.stream().filter(c -> c.name().equals(first)).findFirst();
        if (command.isEmpty()) {
            err.println("meter-reader: unknown command '" + first + "'. Commands: serve, "
                    + COMMANDS.stream().map(Command::name).collect(Collectors.joining(", "))
                    + ". Run with --help for usage.");
            return OptionalInt.of(EXIT_USAGE);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.get().usage());
            return OptionalInt.of(EXIT_OK);
        }
        try {
            return OptionalInt.of(command.get().run(rest, out, err));
        } catch (UsageException e) {
            err.println("meter-reader " + first + ": " + e.getMessage());
            err.println("Run 'meter-reader " + first + " --help' for usage.");
            return OptionalInt.of(EXIT_USAGE);
        } catch (FileSystemException e) {
            // Java's message of some is the path alone: "meter-reader eval: /nope.csv"
            err.println("meter-reader " + first + ": " + fileProblem(e));
            return OptionalInt.of(EXIT_FAILED);
        } catch (Exception e) {
            err.println("meter-reader " + first + ": " + e.getMessage());
            return OptionalInt.of(EXIT_FAILED);
        }
    }

    /**
     * A file that could not be used, in words: what went wrong, the file, and the system's
     * reason ("no such file /nope.csv", "access denied /root/x"), not the exception's class.
     */
    static String fileProblem(FileSystemException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "")
                .replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
        return (kind.equals("file system") ? "cannot use" : kind) + " " + e.getFile()
                + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
    }

    /** The arguments to hand to Spring Boot (without a leading {@code serve}). */
    public static String[] serviceArgs(String[] args) {
        return args.length > 0 && "serve".equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    static String serveHelp() {
        return """
                Usage: java -jar meter-reader.jar [serve] [--KEY=VALUE ...]

                Runs the web service: the cameras are read, the meters of the calibration folder
                (./calibration unless --meter-reader.calibration-dir says otherwise) measured, and
                the readings served on http://localhost:8080 (the dashboard, the API, the metrics).
                Every configuration key may be given as a flag (README, Configuration, lists them):
                  --server.port=9090
                  --meter-reader.calibration-dir=/etc/meter-reader/calibration
                  --meter-reader.storage.url=jdbc:postgresql://db:5432/meters
                or as an environment variable (METER_READER_STORAGE_URL), or in an application.yaml
                next to the jar. A key the service does not know stops it, naming the key.
                """;
    }

    static String generalHelp() {
        StringBuilder sb = new StringBuilder();
        sb.append("Meter Reader: reads pointer and level gauges from IP cameras.\n\n");
        sb.append("Usage: java -jar meter-reader.jar [COMMAND] [OPTIONS]\n\n");
        sb.append("Commands:\n");
        sb.append(String.format("  %-13s %s%n", "serve",
                "run the web service (the default; Spring Boot flags such as --server.port=9090 apply)"));
        for (Command c : COMMANDS) {
            sb.append(String.format("  %-13s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'java -jar meter-reader.jar COMMAND --help' for a command's options.\n");
        return sb.toString();
    }
}
