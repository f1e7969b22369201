package io.meterreader.api;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.OutOfService;
import io.meterreader.frame.Reading;
import io.meterreader.pipeline.StuckWatch;
import io.meterreader.pipeline.UncalibratedGauge;
import java.util.List;

/**
 * A meter: its calibration, its latest reading ({@code null} before the first) and its latest OK
 * reading (what a display keeps showing, as old, while the latest has no value). A gauge found
 * where no meter is calibrated shows as {@code calibrated: false}, with its box as region, no
 * range, and its scale fraction as value. A calibrated pointer meter says which way its values
 * grow ({@code clockwise} or {@code counterclockwise}); a level meter has no direction. Level and
 * scale marks are shown where the calibration has them; a pointer meter without scale marks shows
 * those it learnt from its tick readings, once it has ({@code learntScaleMarks}). A meter an
 * operator has taken out of service says since when, by whom and why ({@code outOfService}; null
 * while it is in service). A meter whose calibration has {@code stuck-after}, and whose values
 * have not moved beyond its {@code stuck-band} for that long, says since when and between which
 * values ({@code stuck}; null otherwise); {@code stuckWhen} is that rule ({@code after}, {@code band};
 * null where the meter is not watched).
 */
record MeterView(
        String id,
        boolean calibrated,
        String camera,
        String type,
        MeterCalibration.Region region,
        MeterCalibration.Range range,
        List<MeterCalibration.ScalePoint> scale,
        MeterCalibration.Alarms alarms,
        int smoothing,
        Double maxRate,
        double minConfidence,
        MeterCalibration.LevelMarks levelMarks,
        MeterCalibration.ScaleMarks scaleMarks,
        MeterCalibration.ScaleMarks learntScaleMarks,
        String direction,
        ReadingView latest,
        ReadingView lastOk,
        OutOfService outOfService,
        MeterCalibration.Stuck stuckWhen,
        StuckWatch.Stuck stuck) {

    static MeterView of(MeterCalibration m, Reading latest, Reading lastOk, MeterCalibration.ScaleMarks learnt,
                        OutOfService outOfService, StuckWatch.Stuck stuck) {
        return new MeterView(m.id(), true, m.camera(), ReadingView.lower(m.type()), m.region(), m.range(), m.scale(),
                m.alarms(), m.smoothing(), m.maxRate(), m.minConfidence(), m.levelMarks(), m.scaleMarks(), learnt,
                direction(m),
                latest == null ? null : ReadingView.of(latest), lastOk == null ? null : ReadingView.of(lastOk),
                outOfService, m.stuck(), stuck);
    }

    static MeterView uncalibrated(UncalibratedGauge g) {
        var b = g.box();
        return new MeterView(g.reading().meterId(), false, g.reading().cameraId(), ReadingView.lower(g.type()),
                new MeterCalibration.Region((int) Math.round(b.x()), (int) Math.round(b.y()),
                        (int) Math.round(b.width()), (int) Math.round(b.height())),
                null, List.of(), MeterCalibration.Alarms.NONE, 1, null, 0, null, null, null, null,
                ReadingView.of(g.reading()),
                null, null, null, null);
    }

    private static String direction(MeterCalibration m) {
        if (m.type() != GaugeType.POINTER) {
            return null;
        }
        return m.counterclockwise() ? "counterclockwise" : "clockwise";
    }
}
