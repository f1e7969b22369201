package io.meterreader.camera;

import io.meterreader.frame.Frame;

/** Takes the frames a camera produces; never blocks the camera. */
public interface FrameSink {

    /**
     * Hands over a frame.
     *
     * @return true if an older frame of the same camera was still waiting and has been dropped
     */
    boolean offer(Frame frame);
}
