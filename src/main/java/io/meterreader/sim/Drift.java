package io.meterreader.sim;

/**
 * A gauge value wandering smoothly over time: a sum of three slow sine waves with random
 * periods and phases around a random centre, kept inside the scale. Deterministic for a given
 * generator, continuous in time, so a reading a second later is close to the last one.
 */
final class Drift {

    private final double centre;
    private final double[] amplitude = new double[3];
    private final double[] period = new double[3];
    private final double[] phase = new double[3];

    /** @param slowest the longest period in seconds; the others are shorter */
    Drift(Rng rng, double slowest) {
        centre = rng.uniform(0.3, 0.7);
        double room = Math.min(centre - 0.03, 0.97 - centre);
        double[] share = {rng.uniform(0.55, 0.75), rng.uniform(0.1, 0.2), rng.uniform(0.02, 0.06)};
        double[] span = {1, rng.uniform(0.25, 0.45), rng.uniform(0.1, 0.2)};
        for (int i = 0; i < 3; i++) {
            amplitude[i] = room * share[i];
            period[i] = slowest * span[i] * rng.uniform(0.8, 1.2);
            phase[i] = rng.uniform(0, 2 * Math.PI);
        }
    }

    double at(double seconds) {
        double v = centre;
        for (int i = 0; i < 3; i++) {
            v += amplitude[i] * Math.sin(2 * Math.PI * seconds / period[i] + phase[i]);
        }
        return Math.max(0, Math.min(1, v));
    }
}
