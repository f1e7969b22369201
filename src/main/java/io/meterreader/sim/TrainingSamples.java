package io.meterreader.sim;

/**
 * Training scene number {@code index} of a run seeded with {@code seed}: the same pair always
 * gives the same scene, whatever else runs before it or beside it.
 */
final class TrainingSamples {

    private TrainingSamples() {
    }

    /** Salt of the draw that makes a scene a close-up, apart from the scene's own generator. */
    private static final long CLOSE_UP_SALT = 0x636C_6F73_6555L;

    static SceneFrame render(long seed, int index) {
        return render(seed, index, 0);
    }

    /**
     * As {@link #render(long, int)}, but a share {@code closeUps} of the scenes are close-ups
     * ({@link Scenes#closeUp}). Whether scene {@code index} is one is drawn apart from the scene,
     * so the other scenes are exactly those of a run without close-ups.
     */
    static SceneFrame render(long seed, int index, double closeUps) {
        Rng rng = Rng.forItem(seed, index);
        boolean closeUp = closeUps > 0 && Rng.forItem(seed ^ CLOSE_UP_SALT, index).chance(closeUps);
        SceneLayout layout = closeUp ? Scenes.closeUp(rng.fork()) : Scenes.training(rng.fork());
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
