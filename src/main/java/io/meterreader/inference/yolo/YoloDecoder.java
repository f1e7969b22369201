package io.meterreader.inference.yolo;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads one image's candidates from a {@code [B, 4 + nc (+ 32), N]} prediction tensor: each
 * anchor's best class (the first on ties), kept when its score is above the confidence threshold,
 * its centre-size box turned into corners; then the top {@link #MAX_NMS} by score go through
 * per-class NMS and the best {@code maxDetections} survive.
 *
 * <p>The tensor is channel-major, so the best-class search runs class by class over contiguous
 * rows of N scores. Not thread-safe (it keeps per-anchor scratch arrays).
 */
final class YoloDecoder {

    /** Candidates considered by NMS at most, as in Ultralytics. */
    static final int MAX_NMS = 30000;

    private static final Comparator<Candidate> BY_SCORE_DESCENDING =
            Comparator.comparingDouble(Candidate::score).reversed();

    private final YoloLayout layout;
    private final float confidenceThreshold;
    private final double iouThreshold;
    private final int maxDetections;
    private final float[] bestScore;
    private final int[] bestClass;

    YoloDecoder(YoloLayout layout, double confidenceThreshold, double iouThreshold, int maxDetections) {
        this.layout = layout;
        this.confidenceThreshold = (float) confidenceThreshold;
        this.iouThreshold = iouThreshold;
        this.maxDetections = maxDetections;
        this.bestScore = new float[layout.anchorCount()];
        this.bestClass = new int[layout.anchorCount()];
    }

    /** The kept candidates of image {@code imageIndex}, best first. */
    List<Candidate> decode(FloatBuffer predictions, int imageIndex) {
        int n = layout.anchorCount();
        int base = imageIndex * layout.predictionSize();
        java.util.Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < layout.classCount(); c++) {
            int row = base + (4 + c) * n;
            for (int i = 0; i < n; i++) {
                float s = predictions.get(row + i);
                if (s > bestScore[i]) {
                    bestScore[i] = s;
                    bestClass[i] = c;
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (bestScore[i] > confidenceThreshold) {
                float cx = predictions.get(base + i);
                float cy = predictions.get(base + n + i);
                float w = predictions.get(base + 2 * n + i);
                float h = predictions.get(base + 3 * n + i);
                candidates.add(new Candidate(i, bestClass[i], bestScore[i],
                        cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
            }
        }
        candidates.sort(BY_SCORE_DESCENDING);
        if (candidates.size() > MAX_NMS) {
            candidates = candidates.subList(0, MAX_NMS);
        }
        return NonMaxSuppression.apply(candidates, iouThreshold, maxDetections);
    }
}
