package io.meterreader.gauge;

import io.meterreader.frame.Detection;
import io.meterreader.gauge.SyntheticDial.Degradation;
import io.meterreader.gauge.SyntheticDial.Dial;
import io.meterreader.gauge.SyntheticDial.Orientation;
import io.meterreader.gauge.SyntheticSightGlass.Glass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Time per gauge of the readers on one thread, after warm-up: pointer gauges on 320x320 crops
 * (face-on and with perspective plus noise), level gauges on the sight-glass fixture. Not a test:
 * {@code java ... io.meterreader.gauge.ReaderBenchmark [seconds per case, default 3]}.
 */
final class ReaderBenchmark {

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        List<Dial> exact = new ArrayList<>();
        List<Dial> degraded = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            exact.add(SyntheticDial.generate(i, Orientation.ANY, EnumSet.noneOf(Degradation.class), 320));
            degraded.add(SyntheticDial.generate(i, Orientation.ANY,
                    EnumSet.of(Degradation.PERSPECTIVE, Degradation.NOISY, Degradation.EXTRA_BLOBS), 320));
        }
        List<Glass> glasses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            glasses.add(SyntheticSightGlass.generate(i, 0.01));
        }
        System.out.printf(Locale.ROOT, "one thread, %s; microseconds per gauge%n", Runtime.version());
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up" : "measured";
            report(label, "original pointer, 320x320 face-on", pointers(PointerReader.original(), exact, seconds));
            report(label, "standard pointer, 320x320 face-on", pointers(PointerReader.standard(), exact, seconds));
            report(label, "original pointer, 320x320 persp+noise+blobs", pointers(PointerReader.original(), degraded, seconds));
            report(label, "standard pointer, 320x320 persp+noise+blobs", pointers(PointerReader.standard(), degraded, seconds));
            report(label, "original level", levels(LevelReader.original(), glasses, seconds));
            report(label, "standard level", levels(LevelReader.standard(), glasses, seconds));
        }
    }

    private static void report(String round, String name, double micros) {
        if (round.equals("measured")) {
            System.out.printf(Locale.ROOT, "%-46s %8.1f%n", name, micros);
        }
    }

    private static double pointers(PointerReader reader, List<Dial> dials, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        double sink = 0;
        while (System.nanoTime() < end) {
            for (Dial d : dials) {
                List<Detection> segments = d.segments();
                sink += reader.read(segments, d.width(), d.height()).confidence();
                n++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }

    private static double levels(LevelReader reader, List<Glass> glasses, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long n = 0;
        double sink = 0;
        while (System.nanoTime() < end) {
            for (Glass g : glasses) {
                sink += reader.read(g.glass(), g.levels(), g.pixels()).confidence();
                n++;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - start) / 1e3 / n;
    }
}
