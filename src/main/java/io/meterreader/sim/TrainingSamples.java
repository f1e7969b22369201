package io.meterreader.sim;

/**
 * Training scene number {@code index} of a run seeded with {@code seed}: the same pair always
 * gives the same scene, whatever else runs before it or beside it.
 */
final class TrainingSamples {

    private TrainingSamples() {
    }

    static SceneFrame render(long seed, int index) {
        Rng rng = Rng.forItem(seed, index);
        SceneLayout layout = Scenes.training(rng.fork());
        return layout.render(fractions(rng.fork(), layout.placements.size()), rng.fork());
    }

    /** Gauge values, uniform over the whole scale so every part of it is seen equally often. */
    static double[] fractions(Rng rng, int count) {
        double[] fractions = new double[count];
        for (int i = 0; i < count; i++) {
            fractions[i] = rng.uniform();
        }
        return fractions;
    }
}
