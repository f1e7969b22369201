package io.meterreader.inference;

/** Builds {@link Models} from any detector and segmenter, for tests outside this package. */
public final class TestModels {

    private TestModels() {
    }

    public static Models of(Detector detector, Segmenter segmenter) {
        return new Models(detector, segmenter, "fake", "test models");
    }
}
