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
        double[] fractions = new double[layout.placements.size()];
        for (int i = 0; i < fractions.length; i++) {
            fractions[i] = rng.uniform();
        }
        return layout.render(fractions, rng.fork());
    }
}
