package io.meterreader.gauge;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.ReadingStatus;
import java.util.List;

/**
 * The original system's level reading, kept as the baseline: the first level detection (the most
 * confident, as non-maximum suppression orders them), its centre's height within the glass box,
 * rounded to the whole percent. Like the original it takes the box wherever it is and clamps
 * nothing, and it has no confidence of its own (1 whenever it produced a number).
 */
final class OriginalLevelReader implements LevelReader {

    @Override
    public GaugeMeasurement read(BoundingBox glass, List<Detection> levels, ImageRegion pixels) {
        Detection best = null;
        for (Detection d : levels) {
            if (best == null || d.confidence() > best.confidence()) {
                best = d;
            }
        }
        if (best == null || glass.height() <= 0) {
            return GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.POINTER_NOT_FOUND, 0,
                    new LevelDiagnostics(glass, null, null, null, 0, null));
        }
        double location = (best.box().centerY() - glass.y()) / glass.height();
        double fraction = (100 - Math.round(location * 100)) / 100.0;
        LevelDiagnostics diagnostics = new LevelDiagnostics(glass, best.box(), best.box().centerY(),
                best.box().centerY(), 0, fraction);
        if (fraction < 0 || fraction > 1) {
            return GaugeMeasurement.failed(GaugeType.LEVEL, ReadingStatus.OUT_OF_RANGE, 0, diagnostics);
        }
        return GaugeMeasurement.ok(GaugeType.LEVEL, fraction, 1.0, diagnostics);
    }
}
