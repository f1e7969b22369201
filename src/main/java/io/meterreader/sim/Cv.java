package io.meterreader.sim;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Copies between Java arrays and OpenCV matrices, and the few OpenCV calls the renderer makes. */
final class Cv {

    private Cv() {
    }

    static Mat bytes(byte[] data, int width, int height, int channels) {
        Mat m = new Mat(height, width, CV_8UC(channels));
        m.data().put(data, 0, width * height * channels);
        return m;
    }

    static void read(Mat m, byte[] into) {
        m.data().get(into, 0, into.length);
    }

    static Mat matrix(double[] rowMajor3x3) {
        Mat m = new Mat(3, 3, CV_64F);
        new DoublePointer(m.data()).put(rowMajor3x3);
        return m;
    }

    /** A smooth field of {@code width x height} values, interpolated from a coarse grid. */
    static float[] smoothField(float[] grid, int gridWidth, int gridHeight, int width, int height) {
        try (Mat small = new Mat(gridHeight, gridWidth, CV_32FC1); Mat big = new Mat()) {
            new FloatPointer(small.data()).put(grid);
            opencv_imgproc.resize(small, big, new Size(width, height), 0, 0, opencv_imgproc.INTER_CUBIC);
            float[] out = new float[width * height];
            ((java.nio.FloatBuffer) big.createBuffer()).get(out);
            return out;
        }
    }

    /**
     * A soft blur of any strength at a fixed cost: large blurs are done on a shrunken copy,
     * which a shadow's softness cannot tell apart from the real thing.
     */
    static void softBlur(byte[] gray, int width, int height, double sigma) {
        int factor = (int) Math.max(1, Math.floor(sigma / 2));
        try (Mat m = bytes(gray, width, height, 1)) {
            if (factor == 1) {
                int k = 2 * (int) Math.ceil(3 * sigma) + 1;
                opencv_imgproc.GaussianBlur(m, m, new Size(k, k), sigma, sigma, org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT101, 0);
            } else {
                try (Mat small = new Mat()) {
                    opencv_imgproc.resize(m, small, new Size(Math.max(1, width / factor), Math.max(1, height / factor)), 0, 0,
                            opencv_imgproc.INTER_AREA);
                    double s = sigma / factor;
                    int k = 2 * (int) Math.ceil(3 * s) + 1;
                    opencv_imgproc.GaussianBlur(small, small, new Size(k, k), s, s, org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT101, 0);
                    opencv_imgproc.resize(small, m, new Size(width, height), 0, 0, opencv_imgproc.INTER_LINEAR);
                }
            }
            read(m, gray);
        }
    }

    /** {@code src} seen through {@code h} into a new {@code dw x dh} BGR image (edges replicated). */
    static byte[] warp(byte[] src, int sw, int sh, Homography h, int dw, int dh) {
        byte[] out = new byte[dw * dh * 3];
        try (Mat s = bytes(src, sw, sh, 3); Mat d = new Mat(); Mat m = matrix(h.toArray())) {
            opencv_imgproc.warpPerspective(s, d, m, new Size(dw, dh), opencv_imgproc.INTER_LINEAR,
                    org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE, new org.bytedeco.opencv.opencv_core.Scalar());
            read(d, out);
        }
        return out;
    }

    static void gaussianBlur(byte[] bgr, int width, int height, int channels, double sigma) {
        try (Mat m = bytes(bgr, width, height, channels)) {
            int k = 2 * (int) Math.ceil(3 * sigma) + 1;
            opencv_imgproc.GaussianBlur(m, m, new Size(k, k), sigma, sigma, org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT101, 0);
            read(m, bgr);
        }
    }

    /** Blur along a line of {@code length} pixels at {@code angleDeg}: a camera or the gauge moved. */
    static void motionBlur(byte[] bgr, int width, int height, double length, double angleDeg) {
        int k = Math.max(3, (int) Math.ceil(length) | 1);
        float[] kernel = new float[k * k];
        double a = Math.toRadians(angleDeg);
        int samples = k * 4;
        for (int i = 0; i < samples; i++) {
            double t = (i / (double) (samples - 1) - 0.5) * (length - 1);
            int x = (int) Math.round(k / 2.0 - 0.5 + t * Math.cos(a));
            int y = (int) Math.round(k / 2.0 - 0.5 + t * Math.sin(a));
            kernel[Math.min(k - 1, Math.max(0, y)) * k + Math.min(k - 1, Math.max(0, x))] += 1;
        }
        float sum = 0;
        for (float v : kernel) {
            sum += v;
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        try (Mat m = bytes(bgr, width, height, 3); Mat kern = new Mat(k, k, CV_32FC1)) {
            new FloatPointer(kern.data()).put(kernel);
            opencv_imgproc.filter2D(m, m, -1, kern);
            read(m, bgr);
        }
    }

    /** Shrinks and re-enlarges the image, as a low-resolution camera or a scaled stream does. */
    static void softenResolution(byte[] bgr, int width, int height, double factor) {
        try (Mat m = bytes(bgr, width, height, 3); Mat small = new Mat()) {
            opencv_imgproc.resize(m, small, new Size(Math.max(1, (int) (width * factor)), Math.max(1, (int) (height * factor))),
                    0, 0, opencv_imgproc.INTER_AREA);
            opencv_imgproc.resize(small, m, new Size(width, height), 0, 0, opencv_imgproc.INTER_LINEAR);
            read(m, bgr);
        }
    }

    static byte[] jpeg(byte[] bgr, int width, int height, int quality) {
        try (Mat m = bytes(bgr, width, height, 3); BytePointer buf = new BytePointer();
             IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality)) {
            if (!opencv_imgcodecs.imencode(".jpg", m, buf, params)) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            byte[] out = new byte[(int) buf.limit()];
            buf.get(out);
            return out;
        }
    }

    static byte[] png(byte[] bgr, int width, int height) {
        try (Mat m = bytes(bgr, width, height, 3); BytePointer buf = new BytePointer()) {
            if (!opencv_imgcodecs.imencode(".png", m, buf)) {
                throw new IllegalStateException("PNG encoding failed");
            }
            byte[] out = new byte[(int) buf.limit()];
            buf.get(out);
            return out;
        }
    }

    /** Decodes a JPEG or PNG to BGR; returns {width, height} in {@code size}. */
    static byte[] decode(byte[] encoded, int[] size) {
        try (Mat raw = new Mat(1, encoded.length, CV_8UC(1))) {
            raw.data().put(encoded);
            try (Mat img = opencv_imgcodecs.imdecode(raw, opencv_imgcodecs.IMREAD_COLOR)) {
                size[0] = img.cols();
                size[1] = img.rows();
                byte[] out = new byte[img.cols() * img.rows() * 3];
                read(img, out);
                return out;
            }
        }
    }
}
