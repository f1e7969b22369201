package io.meterreader.pipeline;

import io.meterreader.frame.Frame;
import java.util.List;

/** The latest frame of a camera that went through inference, with what was found in it. */
public record CameraSnapshot(Frame frame, List<Annotation> annotations) {

    public CameraSnapshot {
        annotations = List.copyOf(annotations);
    }
}
