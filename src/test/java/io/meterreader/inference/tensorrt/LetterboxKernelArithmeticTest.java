package io.meterreader.inference.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.ImageRegion;
import io.meterreader.inference.tensorrt.CudaMacros.Value;
import io.meterreader.inference.yolo.Letterbox;
import io.meterreader.inference.yolo.LetterboxPreprocessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Keeps the CUDA kernel's arithmetic identical to the Java pre-processor's without a GPU: the
 * sampling macros of {@code cuda/letterbox.cu} are evaluated on the CPU with C float semantics;
 * at the kernel's own sampling coordinates a plain bilinear reference must agree with the Java
 * pre-processor, and the kernel's own blending must reproduce its values bit for bit.
 */
class LetterboxKernelArithmeticTest {

    private static final String SOURCE = LetterboxKernel.source();
    private static final CudaMacros KERNEL = CudaMacros.between(SOURCE, "// FORMULA-BEGIN", "// FORMULA-END");

    @Test
    void kernelBody_usesTheFormulaMacros() {
        assertThat(SOURCE).contains("SOURCE_COORD(dx, stepX)", "SOURCE_COORD(dy, stepY)", "LOWER_INDEX(sx, srcWidth)",
                "UPPER_INDEX(sx, srcWidth)", "FRACTION(sx)", "LERP(p00, p01, fx)", "LERP(p10, p11, fx)",
                "TO_UNIT(LERP(top, bottom, fy))", "dst[o] = PAD_VALUE");
        assertThat(SOURCE).contains("extern \"C\" __global__ void " + LetterboxKernel.FUNCTION + "(");
    }

    @Test
    void compileOptions_forbidFusedMultiplyAdd() {
        assertThat(LetterboxKernel.COMMON_OPTIONS).contains("--fmad=false");
    }

    @Test
    void padValue_isTheJavaPadValue() {
        assertThat(KERNEL.call("PAD_VALUE").asFloat()).isEqualTo(LetterboxPreprocessor.PAD_VALUE);
    }

    @Test
    void downscale_kernelArithmeticEqualsJava() {
        assertKernelEqualsJava(137, 77, 64, 48, 1);
    }

    @Test
    void upscale_kernelArithmeticEqualsJava() {
        assertKernelEqualsJava(23, 41, 96, 64, 2);
    }

    @Test
    void wholeFactorDownscale_kernelArithmeticEqualsJava() {
        // 1920x1080 to 640x360 in small: every sample falls on a source pixel (weights 0), where
        // the Java pre-processor skips the second sample; the kernel still blends both
        assertKernelEqualsJava(192, 108, 64, 64, 4);
    }

    @Test
    void awkwardRatio_kernelArithmeticEqualsJava() {
        assertKernelEqualsJava(101, 99, 80, 80, 3);
    }

    private static void assertKernelEqualsJava(int w, int h, int inputW, int inputH, long seed) {
        byte[] bgr = new byte[w * h * 3];
        new Random(seed).nextBytes(bgr);
        ImageRegion region = ImageRegion.whole(bgr, w, h);
        FloatBuffer java = ByteBuffer.allocateDirect(3 * inputW * inputH * 4).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        Letterbox lb = new LetterboxPreprocessor(inputW, inputH).write(region, java, 0);
        int plane = inputW * inputH;
        int compared = 0;
        double worstReference = 0;
        for (int oy = 0; oy < inputH; oy++) {
            for (int ox = 0; ox < inputW; ox++) {
                int dx = ox - lb.padLeft();
                int dy = oy - lb.padTop();
                if (dx < 0 || dy < 0 || dx >= lb.resizedWidth() || dy >= lb.resizedHeight()) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(java.get(c * plane + oy * inputW + ox)).isEqualTo(LetterboxPreprocessor.PAD_VALUE);
                    }
                    continue;
                }
                Value sx = KERNEL.call("SOURCE_COORD", Value.ofInt(dx), Value.ofFloat(lb.stepX()));
                Value sy = KERNEL.call("SOURCE_COORD", Value.ofInt(dy), Value.ofFloat(lb.stepY()));
                int x0 = KERNEL.call("LOWER_INDEX", sx, Value.ofInt(w)).asInt();
                int x1 = KERNEL.call("UPPER_INDEX", sx, Value.ofInt(w)).asInt();
                int y0 = KERNEL.call("LOWER_INDEX", sy, Value.ofInt(h)).asInt();
                int y1 = KERNEL.call("UPPER_INDEX", sy, Value.ofInt(h)).asInt();
                Value fx = KERNEL.call("FRACTION", sx);
                Value fy = KERNEL.call("FRACTION", sy);
                for (int c = 0; c < 3; c++) {
                    float javaValue = java.get(c * plane + oy * inputW + ox);
                    // the plain reference, evaluated where the kernel samples
                    double reference = bilinear(region, sx.asFloat(), sy.asFloat(), 2 - c) / 255.0;
                    worstReference = Math.max(worstReference, Math.abs(reference - javaValue));
                    // the kernel's own blending, operation by operation
                    Value p00 = pixel(region, x0, y0, 2 - c);
                    Value p01 = pixel(region, x1, y0, 2 - c);
                    Value p10 = pixel(region, x0, y1, 2 - c);
                    Value p11 = pixel(region, x1, y1, 2 - c);
                    Value top = KERNEL.call("LERP", p00, p01, fx);
                    Value bottom = KERNEL.call("LERP", p10, p11, fx);
                    float kernelValue = KERNEL.call("TO_UNIT", KERNEL.call("LERP", top, bottom, fy)).asFloat();
                    assertThat(kernelValue).as("pixel %d,%d channel %d", ox, oy, c).isEqualTo(javaValue);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(3 * lb.resizedWidth() * lb.resizedHeight());
        assertThat(worstReference).as("reference at the kernel's coordinates vs Java").isLessThan(1e-5);
    }

    private static Value pixel(ImageRegion region, int x, int y, int b) {
        return Value.ofFloat(region.bgr()[region.offset(x, y) + b] & 0xFF);
    }

    /** Bilinear interpolation at (sx, sy) with edge clamping, in double. */
    private static double bilinear(ImageRegion region, double sx, double sy, int b) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        int xa = Math.min(x0, region.width() - 1);
        int xb = Math.min(x0 + 1, region.width() - 1);
        int ya = Math.min(y0, region.height() - 1);
        int yb = Math.min(y0 + 1, region.height() - 1);
        double p00 = region.bgr()[region.offset(xa, ya) + b] & 0xFF;
        double p01 = region.bgr()[region.offset(xb, ya) + b] & 0xFF;
        double p10 = region.bgr()[region.offset(xa, yb) + b] & 0xFF;
        double p11 = region.bgr()[region.offset(xb, yb) + b] & 0xFF;
        return (p00 * (1 - fx) + p01 * fx) * (1 - fy) + (p10 * (1 - fx) + p11 * fx) * fy;
    }
}
