package io.meterreader.cli;

import java.io.PrintStream;
import java.util.List;

final class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "measure reading accuracy over a synthetic test split";
    }

    @Override
    public String usage() {
        return "Usage: java -jar meter-reader.jar eval ...\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("meter-reader eval: not available in this build yet");
        return Cli.EXIT_FAILED;
    }
}
