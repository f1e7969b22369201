package io.meterreader.cli;

import io.meterreader.inference.InferenceBenchmark;
import io.meterreader.pipeline.LiveBenchmark;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench NAME ...}: runs one of the benchmarks. Each benchmark is a name, a usage text and
 * a function of its arguments; adding one is one more entry in {@link #BENCHMARKS}.
 */
final class BenchCommand implements Command {

    /** What a benchmark needs from the command line. */
    record Benchmark(String summary, String usage, Runner runner) {
    }

    @FunctionalInterface
    interface Runner {
        /** @throws IllegalArgumentException for a bad option */
        int run(List<String> args, PrintStream out) throws Exception;
    }

    static final Map<String, Benchmark> BENCHMARKS = benchmarks();

    private static Map<String, Benchmark> benchmarks() {
        Map<String, Benchmark> m = new LinkedHashMap<>();
        m.put("inference", new Benchmark("models alone: ONNX Runtime vs OpenCV DNN, batch 1 and 8",
                InferenceBenchmark.usage(), InferenceBenchmark::run));
        m.put("live", new Benchmark("the live pipeline against N RTSP cameras (scripts/bench live searches N)",
                LiveBenchmark.usage(), LiveBenchmark::run));
        return m;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure throughput (" + String.join(", ", BENCHMARKS.keySet()) + ")";
    }

    @Override
    public String usage() {
        StringBuilder sb = new StringBuilder("Usage: java -jar meter-reader.jar bench BENCHMARK [OPTIONS]\n\n");
        sb.append("Benchmarks:\n");
        BENCHMARKS.forEach((name, b) -> sb.append(String.format("  %-10s %s%n", name, b.summary())));
        BENCHMARKS.values().forEach(b -> sb.append('\n').append(b.usage()));
        return sb.toString();
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("name a benchmark: " + String.join(", ", BENCHMARKS.keySet()));
        }
        Benchmark benchmark = BENCHMARKS.get(args.get(0));
        if (benchmark == null) {
            throw new UsageException("unknown benchmark '" + args.get(0) + "'; benchmarks: "
                    + String.join(", ", BENCHMARKS.keySet()));
        }
        try {
            return benchmark.runner().run(args.subList(1, args.size()), out);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
