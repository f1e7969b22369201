package io.meterreader.inference.yolo;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy per-class non-maximum suppression, done as Ultralytics does it: every box is shifted by
 * {@code classId * CLASS_OFFSET} on both axes so that boxes of different classes never overlap,
 * then one class-agnostic pass keeps the best box and drops those overlapping it by more than the
 * IoU threshold.
 */
final class NonMaxSuppression {

    /** Larger than any image side, so shifted boxes of two classes cannot meet. */
    static final double CLASS_OFFSET = 7680;

    private NonMaxSuppression() {
    }

    /**
     * @param byScore candidates sorted by descending score
     * @return the kept candidates, best first, at most {@code maxKeep}
     */
    static List<Candidate> apply(List<Candidate> byScore, double iouThreshold, int maxKeep) {
        int n = byScore.size();
        double[] x1 = new double[n];
        double[] y1 = new double[n];
        double[] x2 = new double[n];
        double[] y2 = new double[n];
        double[] area = new double[n];
        for (int i = 0; i < n; i++) {
            Candidate c = byScore.get(i);
            double offset = c.classId() * CLASS_OFFSET;
            x1[i] = c.x1() + offset;
            y1[i] = c.y1() + offset;
            x2[i] = c.x2() + offset;
            y2[i] = c.y2() + offset;
            area[i] = Math.max(0, x2[i] - x1[i]) * Math.max(0, y2[i] - y1[i]);
        }
        boolean[] suppressed = new boolean[n];
        List<Candidate> kept = new ArrayList<>();
        for (int i = 0; i < n && kept.size() < maxKeep; i++) {
            if (suppressed[i]) {
                continue;
            }
            kept.add(byScore.get(i));
            for (int j = i + 1; j < n; j++) {
                if (suppressed[j]) {
                    continue;
                }
                double w = Math.min(x2[i], x2[j]) - Math.max(x1[i], x1[j]);
                double h = Math.min(y2[i], y2[j]) - Math.max(y1[i], y1[j]);
                if (w <= 0 || h <= 0) {
                    continue;
                }
                double inter = w * h;
                if (inter / (area[i] + area[j] - inter) > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }
}
