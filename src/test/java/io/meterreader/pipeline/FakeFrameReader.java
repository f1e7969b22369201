package io.meterreader.pipeline;

/** A frame reader for tests: no models behind it, nothing to close. */
interface FakeFrameReader extends FrameReader {

    @Override
    default String backend() {
        return "fake";
    }

    @Override
    default void close() {
    }
}
