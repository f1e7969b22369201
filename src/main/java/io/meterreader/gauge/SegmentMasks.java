package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Mask;
import java.util.ArrayList;
import java.util.List;

/** Picking a class out of the segmentation, and the union of its masks. */
final class SegmentMasks {

    private SegmentMasks() {
    }

    static List<Detection> ofClass(List<Detection> segments, int classId) {
        List<Detection> out = new ArrayList<>();
        for (Detection d : segments) {
            if (d.classId() == classId && d.hasMask()) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The union of the detections' masks as one byte per pixel (1 = on), scanning each mask only
     * inside its box (widened by {@link BlobFinder#MARGIN}).
     */
    static byte[] union(List<Detection> detections, int width, int height) {
        byte[] out = new byte[width * height];
        for (Detection d : detections) {
            Mask mask = d.mask();
            if (mask.width() != width || mask.height() != height) {
                throw new IllegalArgumentException("a " + mask.width() + "x" + mask.height()
                        + " mask does not cover the " + width + "x" + height + " crop");
            }
            BoundingBox box = d.box();
            int x0 = Math.max(0, (int) Math.floor(box.x()) - BlobFinder.MARGIN);
            int y0 = Math.max(0, (int) Math.floor(box.y()) - BlobFinder.MARGIN);
            int x1 = Math.min(width, (int) Math.ceil(box.x2()) + BlobFinder.MARGIN);
            int y1 = Math.min(height, (int) Math.ceil(box.y2()) + BlobFinder.MARGIN);
            if (box.area() == 0) {
                x0 = 0;
                y0 = 0;
                x1 = width;
                y1 = height;
            }
            for (int y = y0; y < y1; y++) {
                int row = y * width;
                for (int x = x0; x < x1; x++) {
                    if (mask.get(x, y)) {
                        out[row + x] = 1;
                    }
                }
            }
        }
        return out;
    }
}
