package io.meterreader.sim;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Puts a gauge canvas into a scene through its homography: OpenCV warps the premultiplied
 * canvas into just the rectangle it will cover, a blurred copy of its alpha darkens the scene
 * as a drop shadow, and the warped pixels are blended over.
 */
final class Compositor {

    private Compositor() {
    }

    /**
     * @param shadow    0 (none) to 1 (black) at the shadow's core
     * @param shadowDx  shadow offset in scene pixels
     * @param shadowBlur shadow softness (Gaussian sigma) in scene pixels
     */
    static void composite(BufferedImage canvas, Homography toScene, byte[] scene, int width, int height,
                          double shadow, double shadowDx, double shadowDy, double shadowBlur) {
        int cw = canvas.getWidth();
        int ch = canvas.getHeight();
        double[] corners = toScene.apply(new double[] {0, 0, cw, 0, cw, ch, 0, ch});
        double margin = shadow > 0 ? Math.abs(shadowDx) + Math.abs(shadowDy) + 3 * shadowBlur + 2 : 2;
        var bounds = GaugeGeometry.bounds(corners);
        int x0 = (int) Math.max(0, Math.floor(bounds.x() - margin));
        int y0 = (int) Math.max(0, Math.floor(bounds.y() - margin));
        int x1 = (int) Math.min(width, Math.ceil(bounds.x2() + margin));
        int y1 = (int) Math.min(height, Math.ceil(bounds.y2() + margin));
        int rw = x1 - x0;
        int rh = y1 - y0;
        if (rw <= 0 || rh <= 0) {
            return;
        }
        int[] argb = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
        byte[] bgra = new byte[cw * ch * 4];
        for (int p = 0, i = 0; p < argb.length; p++, i += 4) {
            int v = argb[p];
            bgra[i] = (byte) v;
            bgra[i + 1] = (byte) (v >> 8);
            bgra[i + 2] = (byte) (v >> 16);
            bgra[i + 3] = (byte) (v >>> 24);
        }
        byte[] warped = new byte[rw * rh * 4];
        Homography toRoi = Homography.translation(-x0, -y0).after(toScene);
        try (Mat src = Cv.bytes(bgra, cw, ch, 4); Mat dst = new Mat(); Mat m = Cv.matrix(toRoi.toArray())) {
            opencv_imgproc.warpPerspective(src, dst, m, new Size(rw, rh), opencv_imgproc.INTER_LINEAR,
                    opencv_core.BORDER_CONSTANT, new Scalar(0, 0, 0, 0));
            Cv.read(dst, warped);
        }
        if (shadow > 0) {
            castShadow(warped, rw, rh, x0, y0, scene, width, shadow, shadowDx, shadowDy, shadowBlur);
        }
        for (int row = 0; row < rh; row++) {
            int si = ((y0 + row) * width + x0) * 3;
            int wi = row * rw * 4;
            for (int col = 0; col < rw; col++, si += 3, wi += 4) {
                int a = warped[wi + 3] & 0xFF;
                if (a == 0) {
                    continue;
                }
                int keep = 255 - a;
                scene[si] = (byte) Math.min(255, (warped[wi] & 0xFF) + ((scene[si] & 0xFF) * keep + 127) / 255);
                scene[si + 1] = (byte) Math.min(255, (warped[wi + 1] & 0xFF) + ((scene[si + 1] & 0xFF) * keep + 127) / 255);
                scene[si + 2] = (byte) Math.min(255, (warped[wi + 2] & 0xFF) + ((scene[si + 2] & 0xFF) * keep + 127) / 255);
            }
        }
    }

    private static void castShadow(byte[] warped, int rw, int rh, int x0, int y0, byte[] scene, int width,
                                   double shadow, double dx, double dy, double blur) {
        byte[] alpha = new byte[rw * rh];
        for (int p = 0; p < alpha.length; p++) {
            alpha[p] = warped[p * 4 + 3];
        }
        if (blur > 0.3) {
            Cv.softBlur(alpha, rw, rh, blur);
        }
        int ox = (int) Math.round(dx);
        int oy = (int) Math.round(dy);
        int strength = (int) Math.round(shadow * 256);
        for (int row = 0; row < rh; row++) {
            int sr = row - oy;
            if (sr < 0 || sr >= rh) {
                continue;
            }
            for (int col = 0; col < rw; col++) {
                int sc = col - ox;
                if (sc < 0 || sc >= rw) {
                    continue;
                }
                int a = alpha[sr * rw + sc] & 0xFF;
                if (a == 0) {
                    continue;
                }
                int keep = 65536 - a * strength;
                int si = ((y0 + row) * width + x0 + col) * 3;
                scene[si] = (byte) (((scene[si] & 0xFF) * keep) >> 16);
                scene[si + 1] = (byte) (((scene[si + 1] & 0xFF) * keep) >> 16);
                scene[si + 2] = (byte) (((scene[si + 2] & 0xFF) * keep) >> 16);
            }
        }
    }
}
