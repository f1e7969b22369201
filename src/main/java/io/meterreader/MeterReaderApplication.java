package io.meterreader;

import io.meterreader.cli.Cli;
import java.util.OptionalInt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The service and its command-line tools share one jar: with no command (or {@code serve}) the
 * web service starts; {@code read}, {@code sim} and {@code eval} run a tool and exit without it.
 */
@SpringBootApplication
public class MeterReaderApplication {

    public static void main(String[] args) {
        OptionalInt toolExit = Cli.runTool(args, System.out, System.err);
        if (toolExit.isPresent()) {
            System.exit(toolExit.getAsInt());
        }
        SpringApplication.run(MeterReaderApplication.class, Cli.serviceArgs(args));
    }
}
