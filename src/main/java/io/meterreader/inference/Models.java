package io.meterreader.inference;

/**
 * The service's two models, opened on one backend, and why that backend was chosen.
 * Closing it closes both models.
 */
public final class Models implements AutoCloseable {

    private final Detector detector;
    private final Segmenter segmenter;
    private final String backend;
    private final String selectionReason;

    Models(Detector detector, Segmenter segmenter, String backend, String selectionReason) {
        this.detector = detector;
        this.segmenter = segmenter;
        this.backend = backend;
        this.selectionReason = selectionReason;
    }

    public Detector detector() {
        return detector;
    }

    public Segmenter segmenter() {
        return segmenter;
    }

    /** {@code onnxruntime} or {@code tensorrt}. */
    public String backend() {
        return backend;
    }

    /** One line for the log and {@code /actuator/info}: why this backend. */
    public String selectionReason() {
        return selectionReason;
    }

    @Override
    public void close() {
        try {
            detector.close();
        } finally {
            segmenter.close();
        }
    }
}
