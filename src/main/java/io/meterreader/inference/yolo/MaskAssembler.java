package io.meterreader.inference.yolo;

import io.meterreader.frame.Mask;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Builds a detection's mask with Ultralytics' semantics, then maps it onto the source region:
 * <ol>
 * <li>at prototype resolution, {@code sigmoid(coefficients . prototypes)}, zero outside the box
 *     (the box scaled to prototype pixels; pixel column c is inside when {@code x1 <= c < x2});</li>
 * <li>bilinear upsampling to the model input (half-pixel centres, as PyTorch's
 *     {@code interpolate(align_corners=False)});</li>
 * <li>the letterbox undone: the padding cut off and the rest resized bilinearly to the region;</li>
 * <li>threshold at 0.5.</li>
 * </ol>
 * Outside the box, steps 1-3 give exact zeros, so only a window around the box is computed, and
 * only that window is stored in the mask: cost and memory follow the box area, not the image's.
 * The scratch arrays are kept all zero between calls, so lookups need no bounds tests, and each
 * resize's column indices and weights are computed once per mask. Reused scratch makes an
 * assembler not thread-safe.
 */
final class MaskAssembler {

    private final YoloLayout layout;
    // scratch, all zero between calls: the prototype-resolution mask and the letterboxed content
    private final float[] proto;
    private float[] content = new float[0];
    private final Axis[] axes = new Axis[2];
    private final float[] coefficients;

    MaskAssembler(YoloLayout layout) {
        this.layout = layout;
        this.proto = new float[layout.protoWidth() * layout.protoHeight()];
        this.coefficients = new float[layout.maskChannels()];
    }

    /**
     * The mask of candidate {@code c} of image {@code imageIndex}, region-sized.
     */
    Mask assemble(FloatBuffer predictions, FloatBuffer prototypes, int imageIndex, Candidate c, Letterbox lb) {
        int n = layout.anchorCount();
        int coefficientBase = imageIndex * layout.predictionSize() + (4 + layout.classCount()) * n + c.anchor();
        for (int k = 0; k < coefficients.length; k++) {
            coefficients[k] = predictions.get(coefficientBase + k * n);
        }
        return assemble(coefficients, prototypes, imageIndex * layout.protoSize(), c.x1(), c.y1(), c.x2(), c.y2(), lb);
    }

    Mask assemble(float[] coef, FloatBuffer prototypes, int protoBase, float x1, float y1, float x2, float y2,
                  Letterbox lb) {
        int pw = layout.protoWidth();
        int ph = layout.protoHeight();
        int iw = layout.inputWidth();
        int ih = layout.inputHeight();
        int width = lb.sourceWidth();
        int height = lb.sourceHeight();
        Mask mask = Mask.none(width, height);

        // 1. prototype resolution, inside the box only
        double bx1 = (double) x1 * pw / iw;
        double bx2 = (double) x2 * pw / iw;
        double by1 = (double) y1 * ph / ih;
        double by2 = (double) y2 * ph / ih;
        int c0 = Math.max(0, (int) Math.ceil(bx1));
        int c1 = Math.min(pw - 1, (int) Math.ceil(bx2) - 1);
        int r0 = Math.max(0, (int) Math.ceil(by1));
        int r1 = Math.min(ph - 1, (int) Math.ceil(by2) - 1);
        if (c0 > c1 || r0 > r1) {
            return mask;
        }
        int plane = pw * ph;
        for (int k = 0; k < coef.length; k++) {
            float a = coef[k];
            int channel = protoBase + k * plane;
            for (int r = r0; r <= r1; r++) {
                int row = r * pw;
                for (int col = c0; col <= c1; col++) {
                    proto[row + col] += a * prototypes.get(channel + row + col);
                }
            }
        }
        for (int r = r0; r <= r1; r++) {
            for (int col = c0; col <= c1; col++) {
                int i = r * pw + col;
                proto[i] = (float) (1 / (1 + Math.exp(-proto[i])));
            }
        }

        // 2. input resolution, only inside the letterboxed content and near the box
        int rw = lb.resizedWidth();
        int rh = lb.resizedHeight();
        float kx = (float) pw / iw;
        float ky = (float) ph / ih;
        int left = lb.padLeft();
        int top = lb.padTop();
        // the window, in content coordinates (input minus padding)
        int wx0 = Math.max(0, (int) Math.floor((c0 - 0.5) / kx - 0.5) - 1 - left);
        int wx1 = Math.min(rw - 1, (int) Math.ceil((c1 + 1.5) / kx - 0.5) + 1 - left);
        int wy0 = Math.max(0, (int) Math.floor((r0 - 0.5) / ky - 0.5) - 1 - top);
        int wy1 = Math.min(rh - 1, (int) Math.ceil((r1 + 1.5) / ky - 0.5) + 1 - top);
        if (wx0 <= wx1 && wy0 <= wy1) {
            if (content.length < rw * rh) {
                content = new float[iw * ih];
            }
            Axis ax = axis(0, kx, wx0 + left, wx1 + left, pw);
            for (int wy = wy0; wy <= wy1; wy++) {
                float sy = sourceIndex(ky, wy + top);
                int py0 = (int) sy;
                int py1 = Math.min(py0 + 1, ph - 1);
                float vy1 = sy - py0;
                float vy0 = 1f - vy1;
                int row0 = py0 * pw;
                int row1 = py1 * pw;
                int at = wy * rw;
                for (int i = 0, wx = wx0; wx <= wx1; i++, wx++) {
                    int a = ax.lower[i];
                    int b = ax.upper[i];
                    float w0 = ax.weight0[i];
                    float w1 = ax.weight1[i];
                    content[at + wx] = (proto[row0 + a] * w0 + proto[row0 + b] * w1) * vy0
                            + (proto[row1 + a] * w0 + proto[row1 + b] * w1) * vy1;
                }
            }

            // 3. the region: the content resized to the region, then 4. threshold
            float kx2 = (float) rw / width;
            float ky2 = (float) rh / height;
            int rx0 = Math.max(0, (int) Math.floor((wx0 - 0.5) / kx2 - 0.5) - 1);
            int rx1 = Math.min(width - 1, (int) Math.ceil((wx1 + 1.5) / kx2 - 0.5) + 1);
            int ry0 = Math.max(0, (int) Math.floor((wy0 - 0.5) / ky2 - 0.5) - 1);
            int ry1 = Math.min(height - 1, (int) Math.ceil((wy1 + 1.5) / ky2 - 0.5) + 1);
            Axis rx = axis(1, kx2, rx0, rx1, rw);
            int ww = Math.max(0, rx1 - rx0 + 1);
            int wh = Math.max(0, ry1 - ry0 + 1);
            byte[] out = new byte[ww * wh];
            for (int ry = ry0; ry <= ry1; ry++) {
                float sy = sourceIndex(ky2, ry);
                int qy0 = (int) sy;
                int qy1 = Math.min(qy0 + 1, rh - 1);
                float vy1 = sy - qy0;
                float vy0 = 1f - vy1;
                int row0 = qy0 * rw;
                int row1 = qy1 * rw;
                int at = (ry - ry0) * ww;
                for (int i = 0, x = rx0; x <= rx1; i++, x++) {
                    int a = rx.lower[i];
                    int b = rx.upper[i];
                    float w0 = rx.weight0[i];
                    float w1 = rx.weight1[i];
                    float v = (content[row0 + a] * w0 + content[row0 + b] * w1) * vy0
                            + (content[row1 + a] * w0 + content[row1 + b] * w1) * vy1;
                    if (v > 0.5f) {
                        out[at + i] = 1;
                    }
                }
            }
            if (ww > 0 && wh > 0) {
                mask = new Mask(width, height, rx0, ry0, ww, wh, out);
            }
            // leave the scratch all zero for the next mask
            for (int wy = wy0; wy <= wy1; wy++) {
                Arrays.fill(content, wy * rw + wx0, wy * rw + wx1 + 1, 0f);
            }
        }
        for (int r = r0; r <= r1; r++) {
            Arrays.fill(proto, r * pw + c0, r * pw + c1 + 1, 0f);
        }
        return mask;
    }

    /** Per-column source indices and weights of a bilinear resize, for columns from..to. */
    private record Axis(int[] lower, int[] upper, float[] weight0, float[] weight1) {
    }

    private Axis axis(int which, float scale, int from, int to, int sourceSize) {
        int n = to - from + 1;
        Axis a = axes[which];
        if (a == null || a.lower.length < n) {
            a = new Axis(new int[n], new int[n], new float[n], new float[n]);
            axes[which] = a;
        }
        for (int i = 0; i < n; i++) {
            float s = sourceIndex(scale, from + i);
            int lower = (int) s;
            a.lower[i] = lower;
            a.upper[i] = Math.min(lower + 1, sourceSize - 1);
            a.weight1[i] = s - lower;
            a.weight0[i] = 1f - a.weight1[i];
        }
        return a;
    }

    /** PyTorch's source index for bilinear resizing without corner alignment. */
    private static float sourceIndex(float scale, int dst) {
        float s = scale * (dst + 0.5f) - 0.5f;
        return s < 0f ? 0f : s;
    }

}
