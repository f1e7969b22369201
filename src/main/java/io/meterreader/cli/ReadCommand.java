package io.meterreader.cli;

import java.io.PrintStream;
import java.util.List;

final class ReadCommand implements Command {

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String summary() {
        return "read gauges in image or video files without a camera; JSON out";
    }

    @Override
    public String usage() {
        return "Usage: java -jar meter-reader.jar read ...\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("meter-reader read: not available in this build yet");
        return Cli.EXIT_FAILED;
    }
}
