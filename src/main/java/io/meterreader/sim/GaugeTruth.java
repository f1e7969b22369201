package io.meterreader.sim;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;

/**
 * What a synthetic camera's gauge really shows at one moment.
 *
 * @param index    the gauge's position in its scene, from 0
 * @param meterId  the meter id its calibration file uses
 * @param type     pointer or level
 * @param fraction position on the scale: pointer 0 at the first tick to 1 at the last; level 0
 *                 at the bottom to 1 at the top of the sight glass
 * @param value    the fraction on the printed scale, {@code min + fraction * (max - min)}
 * @param unit     the printed unit
 * @param box      where a detector should find it in the frame, in pixels: the dial with its
 *                 bezel, or the sight glass
 * @param levelBox level gauges: the liquid surface's box; null for pointer gauges
 */
public record GaugeTruth(int index, String meterId, GaugeType type, double fraction, double value, String unit,
                         BoundingBox box, BoundingBox levelBox) {
}
