package io.meterreader.inference.yolo;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.Mask;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mask assembly on hand-built 4x4 prototypes for a 16x16 input (stride 4). */
class MaskAssemblerTest {

    private static final int INPUT = 16;
    private static final int PROTO = 4;

    private static YoloLayout layout() {
        return new YoloLayout(YoloTask.SEGMENT, "images", INPUT, INPUT, 0, List.of("pointer", "scale"), 1,
                "output0", YoloLayout.MASK_CHANNELS, "output1", PROTO, PROTO);
    }

    /** 32 prototype channels, all zero but those given, each as 16 row-major values. */
    private static FloatBuffer prototypes(float[]... channels) {
        float[] data = new float[YoloLayout.MASK_CHANNELS * PROTO * PROTO];
        for (int k = 0; k < channels.length; k++) {
            System.arraycopy(channels[k], 0, data, k * PROTO * PROTO, PROTO * PROTO);
        }
        return FloatBuffer.wrap(data);
    }

    private static float[] constant(float v) {
        float[] c = new float[PROTO * PROTO];
        java.util.Arrays.fill(c, v);
        return c;
    }

    private static float[] coefficients(float... leading) {
        float[] c = new float[YoloLayout.MASK_CHANNELS];
        System.arraycopy(leading, 0, c, 0, leading.length);
        return c;
    }

    private static String render(Mask m) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                sb.append(m.get(x, y) ? '#' : '.');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void boxOverMiddlePrototypes_givesTheBilinearlyRoundedSquare() {
        // prototype cells 1..2 lie inside the box (input 4..12); upsampled, an input pixel is on where
        // wx * wy > 0.5 with weights 0.625, 0.875, 1, 1, 1, 1, 0.875, 0.625 along each axis
        Mask m = new MaskAssembler(layout()).assemble(coefficients(1), prototypes(constant(10)), 0,
                4, 4, 12, 12, Letterbox.of(INPUT, INPUT, INPUT, INPUT));
        assertThat(render(m)).isEqualTo("""
                ................
                ................
                ................
                ................
                .....######.....
                ....########....
                ....########....
                ....########....
                ....########....
                ....########....
                ....########....
                .....######.....
                ................
                ................
                ................
                ................
                """);
    }

    @Test
    void smallBoxInALargeInput_storesOnlyAWindowAroundTheBox() {
        // a 160x160 input with 40x40 prototypes, one all 10: a 20x20 box in the middle
        YoloLayout big = new YoloLayout(YoloTask.SEGMENT, "images", 160, 160, 0, List.of("pointer", "scale"), 1,
                "output0", YoloLayout.MASK_CHANNELS, "output1", 40, 40);
        float[] data = new float[YoloLayout.MASK_CHANNELS * 40 * 40];
        java.util.Arrays.fill(data, 0, 40 * 40, 10f);
        Mask m = new MaskAssembler(big).assemble(coefficients(1), FloatBuffer.wrap(data), 0,
                60, 60, 80, 80, Letterbox.of(160, 160, 160, 160));
        // the set pixels span the box; the window holds a few pixels of margin, not the image
        assertThat(m.windowWidth()).isBetween(20, 34);
        assertThat(m.windowHeight()).isBetween(20, 34);
        assertThat(m.get(70, 70)).isTrue();
        assertThat(m.get(50, 70)).isFalse();
        assertThat(m.area()).isBetween(300, 400);
        Mask none = new MaskAssembler(layout()).assemble(coefficients(1), prototypes(constant(10)), 0,
                4, 4, 4, 4, Letterbox.of(INPUT, INPUT, INPUT, INPUT));
        assertThat(none.window()).isEmpty();
        assertThat(none.get(5, 5)).isFalse();
    }

    @Test
    void coefficients_weighThePrototypes() {
        float[] left = new float[16];
        float[] right = new float[16];
        for (int i = 0; i < 16; i++) {
            (i % 4 < 2 ? left : right)[i] = 5;
        }
        // 1 x left - 2 x right: positive on the left half only
        Mask m = new MaskAssembler(layout()).assemble(coefficients(1, -2), prototypes(left, right), 0,
                0, 0, 16, 16, Letterbox.of(INPUT, INPUT, INPUT, INPUT));
        for (int y = 0; y < INPUT; y++) {
            for (int x = 0; x < INPUT; x++) {
                assertThat(m.get(x, y)).as("pixel %d,%d", x, y).isEqualTo(x < 8);
            }
        }
    }

    @Test
    void boxThinnerThanAPrototypeCell_givesEmptyMask() {
        // x from 5 to 7 covers no prototype column c with 1.25 <= c < 1.75
        Mask m = new MaskAssembler(layout()).assemble(coefficients(1), prototypes(constant(10)), 0,
                5, 0, 7, 16, Letterbox.of(INPUT, INPUT, INPUT, INPUT));
        assertThat(m.area()).isZero();
        assertThat(m.width()).isEqualTo(INPUT);
    }

    @Test
    void letterboxedCrop_maskIsCropSizedAndCoversIt() {
        // a 32x16 crop fills the 16x16 input as 16x8 at row 4; the box covers all of it
        Letterbox lb = Letterbox.of(32, 16, INPUT, INPUT);
        assertThat(lb.padTop()).isEqualTo(4);
        Mask m = new MaskAssembler(layout()).assemble(coefficients(1), prototypes(constant(10)), 0,
                0, 4, 16, 12, lb);
        assertThat(m.width()).isEqualTo(32);
        assertThat(m.height()).isEqualTo(16);
        assertThat(m.area()).isEqualTo(32 * 16);
    }

    @Test
    void negativeLogits_giveEmptyMask() {
        Mask m = new MaskAssembler(layout()).assemble(coefficients(1), prototypes(constant(-3)), 0,
                0, 0, 16, 16, Letterbox.of(INPUT, INPUT, INPUT, INPUT));
        assertThat(m.area()).isZero();
    }
}
