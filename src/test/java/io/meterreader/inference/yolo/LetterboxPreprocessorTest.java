package io.meterreader.inference.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.ImageRegion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The optimised pre-processor against a straightforward per-pixel implementation in double. */
class LetterboxPreprocessorTest {

    @Test
    void downscaledFrame_matchesReference() {
        assertMatchesReference(97, 61, 1, 0, 0, 97, 61, 48, 40);
    }

    @Test
    void upscaledCrop_matchesReference() {
        assertMatchesReference(13, 29, 2, 0, 0, 13, 29, 64, 64);
    }

    @Test
    void cropInsideLargerImage_readsOnlyTheCrop() {
        assertMatchesReference(80, 50, 3, 17, 9, 31, 22, 32, 32);
    }

    @Test
    void onePixelImage_fillsTheContentWithItsColour() {
        byte[] bgr = {10, 20, (byte) 200};
        FloatBuffer out = buffer(1, 8, 8);
        Letterbox lb = new LetterboxPreprocessor(8, 8).write(ImageRegion.whole(bgr, 1, 1), out, 0);
        assertThat(lb.resizedWidth()).isEqualTo(8);
        for (int i = 0; i < 64; i++) {
            assertThat(out.get(i)).isEqualTo(200f / 255f);
            assertThat(out.get(64 + i)).isEqualTo(20f / 255f);
            assertThat(out.get(128 + i)).isEqualTo(10f / 255f);
        }
    }

    @Test
    void secondImage_goesToItsSlotAndKeepsItsOwnPadding() {
        LetterboxPreprocessor pre = new LetterboxPreprocessor(40, 40);
        FloatBuffer out = buffer(2, 40, 40);
        ImageRegion wide = ImageRegion.whole(image(40, 10, 4), 40, 10);
        ImageRegion tall = ImageRegion.whole(image(10, 40, 5), 10, 40);
        pre.write(wide, out, 0);
        pre.write(tall, out, 1);
        FloatBuffer alone = buffer(1, 40, 40);
        new LetterboxPreprocessor(40, 40).write(tall, alone, 0);
        for (int i = 0; i < 3 * 40 * 40; i++) {
            assertThat(out.get(3 * 40 * 40 + i)).as("slot 1 value " + i).isEqualTo(alone.get(i));
        }
        // the wide image's content rows left no trace in the tall image's padding
        assertThat(out.get(3 * 40 * 40 + 20 * 40)).isEqualTo(LetterboxPreprocessor.PAD_VALUE);
    }

    /** Letterboxes region (x, y, w, h) of a random imageW x imageH image and compares every value. */
    private static void assertMatchesReference(int imageW, int imageH, long seed, int x, int y, int w, int h,
                                               int inputW, int inputH) {
        ImageRegion region = new ImageRegion(image(imageW, imageH, seed), imageW, imageH, x, y, w, h);
        FloatBuffer out = buffer(1, inputW, inputH);
        Letterbox lb = new LetterboxPreprocessor(inputW, inputH).write(region, out, 0);
        double worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < inputH; oy++) {
                for (int ox = 0; ox < inputW; ox++) {
                    double expected = reference(region, lb, ox, oy, c);
                    double actual = out.get((c * inputH + oy) * inputW + ox);
                    worst = Math.max(worst, Math.abs(expected - actual));
                }
            }
        }
        assertThat(worst).as("worst difference from the reference").isLessThan(1e-5);
    }

    /** Bilinear sampling with half-pixel centres and edge clamping, written the plain way, in double. */
    static double reference(ImageRegion region, Letterbox lb, int ox, int oy, int channel) {
        double dx = ox - lb.padLeft();
        double dy = oy - lb.padTop();
        if (dx < 0 || dy < 0 || dx >= lb.resizedWidth() || dy >= lb.resizedHeight()) {
            return 114.0 / 255.0;
        }
        double sx = Math.max(0, (dx + 0.5) * region.width() / lb.resizedWidth() - 0.5);
        double sy = Math.max(0, (dy + 0.5) * region.height() / lb.resizedHeight() - 0.5);
        int x0 = Math.min((int) Math.floor(sx), region.width() - 1);
        int y0 = Math.min((int) Math.floor(sy), region.height() - 1);
        int x1 = Math.min(x0 + 1, region.width() - 1);
        int y1 = Math.min(y0 + 1, region.height() - 1);
        double fx = sx - Math.floor(sx);
        double fy = sy - Math.floor(sy);
        int byteInPixel = 2 - channel; // RGB out of BGR
        double p00 = region.bgr()[region.offset(x0, y0) + byteInPixel] & 0xFF;
        double p01 = region.bgr()[region.offset(x1, y0) + byteInPixel] & 0xFF;
        double p10 = region.bgr()[region.offset(x0, y1) + byteInPixel] & 0xFF;
        double p11 = region.bgr()[region.offset(x1, y1) + byteInPixel] & 0xFF;
        double value = p00 * (1 - fx) * (1 - fy) + p01 * fx * (1 - fy) + p10 * (1 - fx) * fy + p11 * fx * fy;
        return value / 255.0;
    }

    static byte[] image(int w, int h, long seed) {
        Random random = new Random(seed);
        byte[] bgr = new byte[w * h * 3];
        random.nextBytes(bgr);
        return bgr;
    }

    static FloatBuffer buffer(int batch, int w, int h) {
        return ByteBuffer.allocateDirect(batch * 3 * w * h * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
