package io.meterreader.inference.yolo;

import io.meterreader.frame.BoundingBox;

/**
 * How an image of {@code sourceWidth x sourceHeight} was fitted into the model's
 * {@code inputWidth x inputHeight}: scaled to {@code resizedWidth x resizedHeight}, keeping its
 * aspect ratio, and placed at ({@code padLeft}, {@code padTop}) on a grey canvas. Pre-processing
 * makes it, post-processing uses it to map boxes and masks back, so both share this one value.
 *
 * <p>Sizes follow Ultralytics' letterbox: {@code r = min(inputW / w, inputH / h)}, the resized
 * size is {@code round(w * r)} (half to even, as Python rounds), and the padding is split evenly
 * with {@code padLeft = round((inputW - resizedW) / 2 - 0.1)}.
 */
public record Letterbox(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight,
                        int resizedWidth, int resizedHeight, int padLeft, int padTop) {

    public Letterbox {
        if (sourceWidth <= 0 || sourceHeight <= 0 || inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (resizedWidth < 1 || resizedHeight < 1 || padLeft < 0 || padTop < 0
                || padLeft + resizedWidth > inputWidth || padTop + resizedHeight > inputHeight) {
            throw new IllegalArgumentException("resized image " + resizedWidth + "x" + resizedHeight + " at "
                    + padLeft + "," + padTop + " does not fit the " + inputWidth + "x" + inputHeight + " input");
        }
    }

    public static Letterbox of(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + sourceWidth + "x" + sourceHeight);
        }
        double r = Math.min((double) inputWidth / sourceWidth, (double) inputHeight / sourceHeight);
        int resizedWidth = clamp((int) Math.rint(sourceWidth * r), 1, inputWidth);
        int resizedHeight = clamp((int) Math.rint(sourceHeight * r), 1, inputHeight);
        int padLeft = (int) Math.rint((inputWidth - resizedWidth) / 2.0 - 0.1);
        int padTop = (int) Math.rint((inputHeight - resizedHeight) / 2.0 - 0.1);
        return new Letterbox(sourceWidth, sourceHeight, inputWidth, inputHeight, resizedWidth, resizedHeight,
                padLeft, padTop);
    }

    /** Source pixels per resized pixel along x: the sampling step of pre-processing (float, as the kernel). */
    public float stepX() {
        return (float) sourceWidth / resizedWidth;
    }

    /** Source pixels per resized pixel along y. */
    public float stepY() {
        return (float) sourceHeight / resizedHeight;
    }

    /** Resized pixels per source pixel along x. */
    public double scaleX() {
        return (double) resizedWidth / sourceWidth;
    }

    /** Resized pixels per source pixel along y. */
    public double scaleY() {
        return (double) resizedHeight / sourceHeight;
    }

    public double toSourceX(double inputX) {
        return (inputX - padLeft) / scaleX();
    }

    public double toSourceY(double inputY) {
        return (inputY - padTop) / scaleY();
    }

    /** A box given by corners in model-input pixels, in source pixels, clipped to the source image. */
    public BoundingBox toSource(double x1, double y1, double x2, double y2) {
        return BoundingBox.ofCorners(clip(toSourceX(x1), sourceWidth), clip(toSourceY(y1), sourceHeight),
                clip(toSourceX(x2), sourceWidth), clip(toSourceY(y2), sourceHeight));
    }

    private static double clip(double v, double max) {
        return Math.max(0, Math.min(max, v));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
