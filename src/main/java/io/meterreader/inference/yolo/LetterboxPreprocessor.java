package io.meterreader.inference.yolo;

import io.meterreader.frame.ImageRegion;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Turns a BGR image region into one NCHW float slot of a model's input: letterboxed, RGB, 0..1.
 *
 * <p>The sampling formula, shared bit for bit with {@code cuda/letterbox.cu} (whose NVRTC options
 * switch off fused multiply-add so that the GPU rounds as Java does). All arithmetic is float:
 * <pre>
 * for an input pixel (ox, oy):  dx = ox - padLeft, dy = oy - padTop
 *   outside 0 &lt;= dx &lt; resizedWidth, 0 &lt;= dy &lt; resizedHeight:  value = 114f / 255f
 *   else  sx = max((dx + 0.5f) * stepX - 0.5f, 0f)       stepX = (float) sourceWidth / resizedWidth
 *         x0 = min((int) sx, sourceWidth - 1)   x1 = min((int) sx + 1, sourceWidth - 1)
 *         fx = sx - (int) sx                    (and the same along y)
 *         top = p00 + (p01 - p00) * fx;  bottom = p10 + (p11 - p10) * fx
 *         value = (top + (bottom - top) * fy) / 255f,  pXY the byte at (xX, yY), channel R, G or B
 * </pre>
 * These are half-pixel-centre coordinates with edge clamping, as OpenCV's and PyTorch's bilinear
 * resize use. Column indices and weights are computed once per image; each row is built in a
 * float array and bulk-copied into the buffer, so nothing is allocated per pixel.
 *
 * <p>Not thread-safe: a model owns one and serialises its calls.
 */
public final class LetterboxPreprocessor {

    public static final float PAD_VALUE = 114f / 255f;

    private final int inputWidth;
    private final int inputHeight;
    private final float[] red;
    private final float[] green;
    private final float[] blue;
    private final float[] padRow;
    private int[] col0 = new int[0];
    private int[] col1 = new int[0];
    private float[] colWeight = new float[0];

    public LetterboxPreprocessor(int inputWidth, int inputHeight) {
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.red = new float[inputWidth];
        this.green = new float[inputWidth];
        this.blue = new float[inputWidth];
        this.padRow = new float[inputWidth];
        Arrays.fill(padRow, PAD_VALUE);
        Arrays.fill(red, PAD_VALUE);
        Arrays.fill(green, PAD_VALUE);
        Arrays.fill(blue, PAD_VALUE);
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    /** The letterbox this pre-processor applies to a region of that size. */
    public Letterbox letterboxFor(ImageRegion region) {
        return Letterbox.of(region.width(), region.height(), inputWidth, inputHeight);
    }

    /**
     * Writes the region into slot {@code batchIndex} of {@code input} (laid out [B, 3, H, W]) and
     * returns the letterbox it used.
     */
    public Letterbox write(ImageRegion region, FloatBuffer input, int batchIndex) {
        Letterbox lb = letterboxFor(region);
        write(region, lb, input, batchIndex);
        return lb;
    }

    /** Writes the region into slot {@code batchIndex} of {@code input} with a given letterbox (one made by {@link Letterbox#of} for this size). */
    public void write(ImageRegion region, Letterbox lb, FloatBuffer input, int batchIndex) {
        int plane = inputWidth * inputHeight;
        int base = batchIndex * 3 * plane;
        if (input.capacity() < base + 3 * plane) {
            throw new IllegalArgumentException("input buffer holds " + input.capacity() / (3 * plane)
                    + " images, slot " + batchIndex + " asked for");
        }
        prepareColumns(lb);
        byte[] bgr = region.bgr();
        int resizedWidth = lb.resizedWidth();
        int left = lb.padLeft();
        float stepY = lb.stepY();
        int sourceHeight = lb.sourceHeight();
        for (int oy = 0; oy < inputHeight; oy++) {
            int rowOffset = oy * inputWidth;
            int dy = oy - lb.padTop();
            if (dy < 0 || dy >= lb.resizedHeight()) {
                input.put(base + rowOffset, padRow, 0, inputWidth);
                input.put(base + plane + rowOffset, padRow, 0, inputWidth);
                input.put(base + 2 * plane + rowOffset, padRow, 0, inputWidth);
                continue;
            }
            float sy = sourceCoordinate(dy, stepY);
            int iy = (int) sy;
            float fy = sy - iy;
            int row0 = region.offset(0, Math.min(iy, sourceHeight - 1));
            int row1 = region.offset(0, Math.min(iy + 1, sourceHeight - 1));
            for (int dx = 0; dx < resizedWidth; dx++) {
                int a = col0[dx];
                int b = col1[dx];
                float fx = colWeight[dx];
                int ox = left + dx;
                // channel order: BGR in, RGB out
                blue[ox] = sample(bgr, row0 + a, row0 + b, row1 + a, row1 + b, fx, fy);
                green[ox] = sample(bgr, row0 + a + 1, row0 + b + 1, row1 + a + 1, row1 + b + 1, fx, fy);
                red[ox] = sample(bgr, row0 + a + 2, row0 + b + 2, row1 + a + 2, row1 + b + 2, fx, fy);
            }
            // columns outside [left, left + resizedWidth) keep PAD_VALUE from the constructor
            input.put(base + rowOffset, red, 0, inputWidth);
            input.put(base + plane + rowOffset, green, 0, inputWidth);
            input.put(base + 2 * plane + rowOffset, blue, 0, inputWidth);
        }
        // the next image may be narrower: restore the padding this one overwrote
        Arrays.fill(red, left, left + resizedWidth, PAD_VALUE);
        Arrays.fill(green, left, left + resizedWidth, PAD_VALUE);
        Arrays.fill(blue, left, left + resizedWidth, PAD_VALUE);
    }

    private void prepareColumns(Letterbox lb) {
        int n = lb.resizedWidth();
        if (col0.length < n) {
            col0 = new int[inputWidth];
            col1 = new int[inputWidth];
            colWeight = new float[inputWidth];
        }
        float stepX = lb.stepX();
        int sourceWidth = lb.sourceWidth();
        for (int dx = 0; dx < n; dx++) {
            float sx = sourceCoordinate(dx, stepX);
            int ix = (int) sx;
            colWeight[dx] = sx - ix;
            col0[dx] = Math.min(ix, sourceWidth - 1) * 3;
            col1[dx] = Math.min(ix + 1, sourceWidth - 1) * 3;
        }
    }

    /** Where resized pixel {@code d} samples the source: its centre, mapped back, clamped at 0. */
    static float sourceCoordinate(int d, float step) {
        float s = (d + 0.5f) * step - 0.5f;
        return s < 0f ? 0f : s;
    }

    private static float sample(byte[] bgr, int i00, int i01, int i10, int i11, float fx, float fy) {
        float p00 = bgr[i00] & 0xFF;
        float p01 = bgr[i01] & 0xFF;
        float p10 = bgr[i10] & 0xFF;
        float p11 = bgr[i11] & 0xFF;
        float top = p00 + (p01 - p00) * fx;
        float bottom = p10 + (p11 - p10) * fx;
        return (top + (bottom - top) * fy) / 255f;
    }
}
