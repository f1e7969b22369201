package io.meterreader.sim;

import java.util.List;

/** One rendered frame: BGR pixels (row-major, no padding) and the truth of every gauge in it. */
record SceneFrame(int width, int height, byte[] bgr, List<SceneGauge> gauges, int jpegQuality) {
}
