package io.meterreader.api;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Reading;
import java.util.List;

/** A meter: its calibration and its latest reading ({@code null} before the first). */
record MeterView(
        String id,
        String camera,
        String type,
        MeterCalibration.Region region,
        MeterCalibration.Range range,
        List<MeterCalibration.ScalePoint> scale,
        MeterCalibration.Alarms alarms,
        int smoothing,
        Double maxRate,
        double minConfidence,
        ReadingView latest) {

    static MeterView of(MeterCalibration m, Reading latest) {
        return new MeterView(m.id(), m.camera(), ReadingView.lower(m.type()), m.region(), m.range(), m.scale(),
                m.alarms(), m.smoothing(), m.maxRate(), m.minConfidence(),
                latest == null ? null : ReadingView.of(latest));
    }
}
