package io.meterreader.cli;

import io.meterreader.config.Passwords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code hash-password}: reads a password (asked for twice, unshown, at a terminal; else the first
 * line of the standard input) and prints its salted hash for an account's password in the
 * configuration, so that the file does not give the password away.
 */
final class HashPasswordCommand implements Command {

    private final Supplier<Console> console;
    private final InputStream in;

    HashPasswordCommand() {
        this(System::console, System.in);
    }

    HashPasswordCommand(Supplier<Console> console, InputStream in) {
        this.console = console;
        this.in = in;
    }

    @Override
    public String name() {
        return "hash-password";
    }

    @Override
    public String summary() {
        return "hash an account's password for the configuration (meter-reader.access)";
    }

    @Override
    public String usage() {
        return """
                Usage: java -jar meter-reader.jar hash-password
                       echo -n PASSWORD | java -jar meter-reader.jar hash-password

                Asks for a password twice (not shown) at a terminal, or reads the first line of
                the standard input, and prints its hash (PBKDF2-HMAC-SHA256, 600,000 iterations,
                a fresh salt) to use as an account's password in meter-reader.access: password,
                viewer-password or users[N].password. Logging in still takes the password itself.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments (the password is read, not given on the command line, "
                    + "where others could see it): got " + String.join(" ", args));
        }
        char[] password = read(err);
        if (password == null) {
            return Cli.EXIT_FAILED;
        }
        try {
            if (password.length == 0) {
                err.println("meter-reader hash-password: the password is empty");
                return Cli.EXIT_FAILED;
            }
            out.println(Passwords.hash(password));
            return Cli.EXIT_OK;
        } finally {
            Arrays.fill(password, '\0');   // read into memory: not left there
        }
    }

    /** The password read (empty: none), or null when the two typed differ (said on err). */
    private char[] read(PrintStream err) throws IOException {
        Console c = console.get();
        if (c != null) {
            char[] first = c.readPassword("Password: ");
            char[] again = c.readPassword("The same again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                err.println("meter-reader hash-password: the two passwords differ");
                return null;
            }
            Arrays.fill(again, '\0');
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
