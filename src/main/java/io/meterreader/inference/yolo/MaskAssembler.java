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
 * Outside the box, steps 1-3 give exact zeros, so only a window around the box is computed:
 * the cost follows the box area, not the image area. Scratch arrays are reused, so an assembler
 * is not thread-safe.
 */
final class MaskAssembler {

    private final YoloLayout layout;
    private final float[] proto;      // prototype-resolution mask, zero outside the current window
    private float[] input = new float[0];   // input-resolution window
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
        byte[] out = new byte[width * height];

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
            return new Mask(width, height, out);
        }
        int plane = pw * ph;
        for (int r = r0; r <= r1; r++) {
            Arrays.fill(proto, r * pw + c0, r * pw + c1 + 1, 0f);
        }
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
        float kx = (float) pw / iw;
        float ky = (float) ph / ih;
        int left = lb.padLeft();
        int top = lb.padTop();
        int ux0 = Math.max(left, (int) Math.floor((c0 - 0.5) / kx - 0.5) - 1);
        int ux1 = Math.min(left + lb.resizedWidth() - 1, (int) Math.ceil((c1 + 1.5) / kx - 0.5) + 1);
        int uy0 = Math.max(top, (int) Math.floor((r0 - 0.5) / ky - 0.5) - 1);
        int uy1 = Math.min(top + lb.resizedHeight() - 1, (int) Math.ceil((r1 + 1.5) / ky - 0.5) + 1);
        if (ux0 <= ux1 && uy0 <= uy1) {
            int uw = ux1 - ux0 + 1;
            int uh = uy1 - uy0 + 1;
            if (input.length < uw * uh) {
                input = new float[Math.max(uw * uh, input.length * 2)];
            }
            for (int uy = uy0; uy <= uy1; uy++) {
                float sy = sourceIndex(ky, uy);
                int py0 = (int) sy;
                int py1 = Math.min(py0 + 1, ph - 1);
                float wy1 = sy - py0;
                float wy0 = 1f - wy1;
                for (int ux = ux0; ux <= ux1; ux++) {
                    float sx = sourceIndex(kx, ux);
                    int px0 = (int) sx;
                    int px1 = Math.min(px0 + 1, pw - 1);
                    float wx1 = sx - px0;
                    float wx0 = 1f - wx1;
                    input[(uy - uy0) * uw + (ux - ux0)] =
                            (protoAt(px0, py0, c0, c1, r0, r1) * wx0 + protoAt(px1, py0, c0, c1, r0, r1) * wx1) * wy0
                            + (protoAt(px0, py1, c0, c1, r0, r1) * wx0 + protoAt(px1, py1, c0, c1, r0, r1) * wx1) * wy1;
                }
            }

            // 3. the region: the content (padding cut off) resized to the region, then 4. threshold
            int rw = lb.resizedWidth();
            int rh = lb.resizedHeight();
            float kx2 = (float) rw / width;
            float ky2 = (float) rh / height;
            // window of content pixels computed above, in content coordinates
            int wx0 = ux0 - left;
            int wx1 = ux1 - left;
            int wy0 = uy0 - top;
            int wy1 = uy1 - top;
            int rx0 = Math.max(0, (int) Math.floor((wx0 - 0.5) / kx2 - 0.5) - 1);
            int rx1 = Math.min(width - 1, (int) Math.ceil((wx1 + 1.5) / kx2 - 0.5) + 1);
            int ry0 = Math.max(0, (int) Math.floor((wy0 - 0.5) / ky2 - 0.5) - 1);
            int ry1 = Math.min(height - 1, (int) Math.ceil((wy1 + 1.5) / ky2 - 0.5) + 1);
            for (int ry = ry0; ry <= ry1; ry++) {
                float sy = sourceIndex(ky2, ry);
                int qy0 = (int) sy;
                int qy1 = Math.min(qy0 + 1, rh - 1);
                float vy1 = sy - qy0;
                float vy0 = 1f - vy1;
                for (int rx = rx0; rx <= rx1; rx++) {
                    float sx = sourceIndex(kx2, rx);
                    int qx0 = (int) sx;
                    int qx1 = Math.min(qx0 + 1, rw - 1);
                    float vx1 = sx - qx0;
                    float vx0 = 1f - vx1;
                    float v = (inputAt(qx0, qy0, wx0, wx1, wy0, wy1, uw) * vx0
                            + inputAt(qx1, qy0, wx0, wx1, wy0, wy1, uw) * vx1) * vy0
                            + (inputAt(qx0, qy1, wx0, wx1, wy0, wy1, uw) * vx0
                            + inputAt(qx1, qy1, wx0, wx1, wy0, wy1, uw) * vx1) * vy1;
                    if (v > 0.5f) {
                        out[ry * width + rx] = 1;
                    }
                }
            }
        }
        return new Mask(width, height, out);
    }

    /** PyTorch's source index for bilinear resizing without corner alignment. */
    private static float sourceIndex(float scale, int dst) {
        float s = scale * (dst + 0.5f) - 0.5f;
        return s < 0f ? 0f : s;
    }

    private float protoAt(int x, int y, int c0, int c1, int r0, int r1) {
        return x < c0 || x > c1 || y < r0 || y > r1 ? 0f : proto[y * layout.protoWidth() + x];
    }

    private float inputAt(int x, int y, int wx0, int wx1, int wy0, int wy1, int uw) {
        return x < wx0 || x > wx1 || y < wy0 || y > wy1 ? 0f : input[(y - wy0) * uw + (x - wx0)];
    }
}
