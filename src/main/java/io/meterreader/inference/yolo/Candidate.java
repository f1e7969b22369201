package io.meterreader.inference.yolo;

/** A box the model proposes, before NMS: corners in model-input pixels. */
record Candidate(int anchor, int classId, float score, float x1, float y1, float x2, float y2) {
}
