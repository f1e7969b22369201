package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits instance masks into connected groups of pixels (8-connected). Only the detection's box,
 * widened by a small margin, is scanned: segmentation masks are cropped to their boxes, and a
 * crop-sized mask per tick would otherwise cost a full-crop scan per tick.
 */
final class BlobFinder {

    /** Pixels scanned beyond the box on each side, for boxes rounded inwards. */
    static final int MARGIN = 2;

    private BlobFinder() {
    }

    /** The connected groups of a detection's mask; none when it has no mask. */
    static List<Blob> blobs(Detection detection) {
        Mask mask = detection.mask();
        if (mask == null) {
            return List.of();
        }
        BoundingBox box = detection.box();
        int x0;
        int y0;
        int x1;
        int y1;
        if (box.area() > 0) {
            x0 = Math.max(0, (int) Math.floor(box.x()) - MARGIN);
            y0 = Math.max(0, (int) Math.floor(box.y()) - MARGIN);
            x1 = Math.min(mask.width(), (int) Math.ceil(box.x2()) + MARGIN);
            y1 = Math.min(mask.height(), (int) Math.ceil(box.y2()) + MARGIN);
        } else {
            x0 = 0;
            y0 = 0;
            x1 = mask.width();
            y1 = mask.height();
        }
        return blobs(mask, x0, y0, x1, y1, detection.confidence());
    }

    static List<Blob> blobs(Mask mask, int x0, int y0, int x1, int y1, double confidence) {
        int w = x1 - x0;
        int h = y1 - y0;
        List<Blob> out = new ArrayList<>();
        if (w <= 0 || h <= 0) {
            return out;
        }
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[16];
        int[] xs = new int[16];
        int[] ys = new int[16];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int local = (y - y0) * w + (x - x0);
                if (!mask.get(x, y) || seen[local]) {
                    continue;
                }
                seen[local] = true;
                int top = 0;
                int n = 0;
                stack[top++] = local;
                while (top > 0) {
                    int p = stack[--top];
                    int px = p % w;
                    int py = p / w;
                    if (n == xs.length) {
                        xs = Arrays.copyOf(xs, n * 2);
                        ys = Arrays.copyOf(ys, n * 2);
                    }
                    xs[n] = px + x0;
                    ys[n] = py + y0;
                    n++;
                    for (int ny = Math.max(0, py - 1); ny <= Math.min(h - 1, py + 1); ny++) {
                        for (int nx = Math.max(0, px - 1); nx <= Math.min(w - 1, px + 1); nx++) {
                            int q = ny * w + nx;
                            if (!seen[q] && mask.get(nx + x0, ny + y0)) {
                                seen[q] = true;
                                if (top == stack.length) {
                                    stack = Arrays.copyOf(stack, top * 2);
                                }
                                stack[top++] = q;
                            }
                        }
                    }
                }
                out.add(new Blob(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), confidence));
            }
        }
        return out;
    }
}
