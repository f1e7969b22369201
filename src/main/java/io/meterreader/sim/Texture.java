package io.meterreader.sim;

/** Low-frequency stains and fine grain laid over painted surfaces, working on BGR bytes. */
final class Texture {

    private static final int GRAIN_SIZE = 1 << 20;
    private static final byte[] GRAIN = grain();

    private Texture() {
    }

    private static byte[] grain() {
        // One fixed table of Gaussian noise (sigma 32, clipped), read from a random offset each
        // time: far cheaper than drawing millions of numbers per image, and just as stable.
        Rng rng = new Rng(0x5EED_6A1AL);
        byte[] table = new byte[GRAIN_SIZE];
        for (int i = 0; i < table.length; i++) {
            table[i] = (byte) Math.max(-127, Math.min(127, Math.round(rng.gaussian(0, 32))));
        }
        return table;
    }

    /** A smooth random gain field between {@code 1 - amount} and {@code 1 + amount}. */
    static float[] field(Rng rng, int width, int height, int cellsX, int cellsY, double amount) {
        float[] grid = new float[cellsX * cellsY];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) (1 + rng.uniform(-amount, amount));
        }
        return Cv.smoothField(grid, cellsX, cellsY, width, height);
    }

    /** Multiplies the image by stains of a few sizes (dirt, damp, uneven paint). */
    static void blotches(byte[] bgr, int width, int height, Rng rng, double amount) {
        // Two scales of stain: broad patches and finer mottling on top, the finer one weaker.
        int coarse = rng.integer(4, 10);
        int fine = rng.integer(25, 60);
        float[] gain = field(rng, width, height, coarse, Math.max(2, coarse * height / width), amount);
        float[] detail = field(rng, width, height, fine, Math.max(2, fine * height / width), amount * 0.4);
        for (int i = 0; i < gain.length; i++) {
            gain[i] *= detail[i];
        }
        multiply(bgr, gain, 1, 1, 1);
    }

    static void multiply(byte[] bgr, float[] gain, double b, double g, double r) {
        // Fixed point (gain x 2^12, channel factor x 2^8): integer work the JIT keeps tight.
        int fb = (int) Math.round(b * 256), fg = (int) Math.round(g * 256), fr = (int) Math.round(r * 256);
        for (int p = 0, i = 0; p < gain.length; p++, i += 3) {
            int k = (int) (gain[p] * 4096f);
            int v0 = ((bgr[i] & 0xFF) * k >> 12) * fb >> 8;
            int v1 = ((bgr[i + 1] & 0xFF) * k >> 12) * fg >> 8;
            int v2 = ((bgr[i + 2] & 0xFF) * k >> 12) * fr >> 8;
            bgr[i] = (byte) (v0 > 255 ? 255 : v0);
            bgr[i + 1] = (byte) (v1 > 255 ? 255 : v1);
            bgr[i + 2] = (byte) (v2 > 255 ? 255 : v2);
        }
    }

    /** Adds sensor noise of standard deviation {@code sigma} (grey levels). */
    static void noise(byte[] bgr, Rng rng, double sigma, double chroma) {
        // Four sequential reads from the table (one shared by the channels, one per channel)
        // keep the loop in cache; the offsets make every frame's noise different.
        int mask = GRAIN_SIZE - 1;
        int shared = rng.integer(0, mask);
        int ob = rng.integer(0, mask);
        int og = rng.integer(0, mask);
        int or = rng.integer(0, mask);
        int scale = (int) Math.round(sigma / 32.0 * 256);
        int chromaScale = (int) Math.round(sigma * chroma / 32.0 * 256);
        for (int i = 0, p = 0; i < bgr.length; i += 3, p++) {
            int luma = GRAIN[(shared + p) & mask] * scale;
            int v0 = (bgr[i] & 0xFF) + ((luma + GRAIN[(ob + p) & mask] * chromaScale) >> 8);
            int v1 = (bgr[i + 1] & 0xFF) + ((luma + GRAIN[(og + p) & mask] * chromaScale) >> 8);
            int v2 = (bgr[i + 2] & 0xFF) + ((luma + GRAIN[(or + p) & mask] * chromaScale) >> 8);
            bgr[i] = (byte) (v0 < 0 ? 0 : Math.min(255, v0));
            bgr[i + 1] = (byte) (v1 < 0 ? 0 : Math.min(255, v1));
            bgr[i + 2] = (byte) (v2 < 0 ? 0 : Math.min(255, v2));
        }
    }
}
