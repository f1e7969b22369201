package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Reading;

/**
 * A gauge found where no meter is calibrated: still reported, with its scale fraction as its
 * value and no unit, under an id made from its camera, type and place in the frame.
 */
public record UncalibratedGauge(Reading reading, GaugeType type, BoundingBox box) {
}
