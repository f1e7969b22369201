package io.meterreader.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The only source of randomness in the renderer. Every image, scene and gauge gets its own
 * generator derived from (seed, index), so work can run in parallel and in any order and still
 * give the same result for the same seed.
 */
final class Rng {

    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A generator for item {@code index} of a run seeded with {@code seed}. */
    static Rng forItem(long seed, long index) {
        return new Rng(mix(mix(seed) ^ mix(index + 0x9E3779B97F4A7C15L)));
    }

    /** A stable seed for a name, such as a sim camera's. */
    static long seedOf(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An independent generator, so that drawing more numbers here never shifts the child's. */
    Rng fork() {
        return new Rng(random.nextLong());
    }

    long nextLong() {
        return random.nextLong();
    }

    double uniform() {
        return random.nextDouble();
    }

    double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** Log-uniform between two positive bounds: as many small values as large ones. */
    double logUniform(double from, double to) {
        return Math.exp(uniform(Math.log(from), Math.log(to)));
    }

    /** An integer in [from, to], both included. */
    int integer(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    double gaussian(double mean, double sigma) {
        return mean + sigma * random.nextGaussian();
    }

    /** A sign, -1 or +1. */
    int sign() {
        return random.nextBoolean() ? 1 : -1;
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** An index drawn with the given relative weights. */
    int weighted(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
