package io.meterreader.cli;

import java.io.PrintStream;
import java.util.List;

final class SimCommand implements Command {

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public String summary() {
        return "render synthetic gauges";
    }

    @Override
    public String usage() {
        return "Usage: java -jar meter-reader.jar sim ...\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("meter-reader sim: not available in this build yet");
        return Cli.EXIT_FAILED;
    }
}
