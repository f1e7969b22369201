package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.GaugeMeasurement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CameraShiftWatchTest {

    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final MeterCalibration BOILER = meter("boiler", GaugeType.POINTER, 100, 100, 200);
    private static final MeterCalibration TANK = meter("tank", GaugeType.LEVEL, 500, 80, 60);

    private static MeterCalibration meter(String id, GaugeType type, int x, int y, int side) {
        int height = type == GaugeType.LEVEL ? side * 4 : side;
        return new MeterCalibration(id, "cam1", type, new MeterCalibration.Region(x, y, side, height),
                new MeterCalibration.Range(0, 1, "bar"), List.of(), null, 1, null, 0.5, null, id + ".yaml");
    }

    /** A gauge where the meter's region is, moved by (dx, dy), a little inside it as the detector boxes it. */
    private static FoundGauge gauge(MeterCalibration m, double dx, double dy) {
        BoundingBox r = m.region().toBox();
        return new FoundGauge(m.type(), new BoundingBox(r.x() + 0.06 * r.width() + dx, r.y() + 0.06 * r.height() + dy,
                0.88 * r.width(), 0.88 * r.height()), 0.9, GaugeMeasurement.ok(m.type(), 0.5, 0.9, null), null);
    }

    private static Optional<String> frame(CameraShiftWatch watch, int second, FoundGauge... gauges) {
        List<MeterCalibration> meters = List.of(BOILER, TANK);
        return frame(watch, second, 1280, 720, gauges);
    }

    /** The warning a frame sends to the log, if any. */
    private static Optional<String> frame(CameraShiftWatch watch, int second, int width, int height,
                                          FoundGauge... gauges) {
        return inForce(watch, second, width, height, gauges).filter(CameraShiftWatch.Warning::log)
                .map(CameraShiftWatch.Warning::text);
    }

    /** The warning in force for a frame (the camera's, its tile's, its metric's), logged or not. */
    private static Optional<CameraShiftWatch.Warning> inForce(CameraShiftWatch watch, int second, int width,
                                                              int height, FoundGauge... gauges) {
        List<MeterCalibration> meters = List.of(BOILER, TANK);
        return watch.check("cam1", width, height, meters, MeterAssigner.assign(meters, List.of(gauges)),
                T0.plusSeconds(second));
    }

    @Test
    void everyMeterShiftedTheSameWay_threeFramesRunning_isAMovedCamera_saidOnceInTenMinutes() {
        CameraShiftWatch watch = new CameraShiftWatch();
        assertThat(frame(watch, 0, gauge(BOILER, 0, 0), gauge(TANK, 0, 0))).isEmpty();

        List<Optional<String>> said = new ArrayList<>();
        for (int s = 1; s <= 5; s++) {
            said.add(frame(watch, s, gauge(BOILER, 180, -150), gauge(TANK, 182, -148)));
        }

        assertThat(said.subList(0, 2)).allMatch(Optional::isEmpty);
        assertThat(said.get(2)).get().asString().contains("Camera cam1 may have moved")
                .contains("meters boiler, tank not found in their regions").contains("181 px right")
                .contains("149 px up").contains("since 2026");
        assertThat(said.subList(3, 5)).as("not again within ten minutes").allMatch(Optional::isEmpty);
        assertThat(frame(watch, 3 + 600, gauge(BOILER, 180, -150), gauge(TANK, 182, -148))).isPresent();
    }

    @Test
    void aMovedWarning_keepsItsWordsWhileTheShiftHolds_throughTheDetectorsJitter_andIsSaidAnewForAnotherShift() {
        CameraShiftWatch watch = new CameraShiftWatch();
        frame(watch, 0, gauge(BOILER, 0, 0), gauge(TANK, 0, 0));
        List<String> texts = new ArrayList<>();
        for (int s = 1; s <= 8; s++) {
            inForce(watch, s, 1280, 720, gauge(BOILER, 180 + s % 3, -150 - s % 2), gauge(TANK, 182 - s % 2, -148))
                    .map(CameraShiftWatch.Warning::text).ifPresent(texts::add);
        }
        assertThat(texts).hasSize(6).containsOnly(texts.get(0));
        assertThat(texts.get(0)).contains("since " + T0.plusSeconds(3));
        // knocked again, further: another shift, said anew
        String further = inForce(watch, 9, 1280, 720, gauge(BOILER, -200, 120), gauge(TANK, -200, 120))
                .orElseThrow().text();
        assertThat(further).isNotEqualTo(texts.get(0)).contains("200 px left");
    }

    @Test
    void aGaugeThatWasBesideTheMetersAllAlong_isNotAMissingMetersGauge() {
        CameraShiftWatch watch = new CameraShiftWatch();
        FoundGauge other = gauge(BOILER, 400, 300);   // a second dial nobody calibrated
        frame(watch, 0, gauge(BOILER, 0, 0), gauge(TANK, 0, 0), other);

        for (int s = 1; s <= 5; s++) {
            // the boiler's dial missed (glare), the other dial still there
            assertThat(frame(watch, s, gauge(TANK, 0, 0), other)).isEmpty();
        }
    }

    @Test
    void missingMetersShiftedDifferentWays_orGaugesOfAnotherKindOrSize_areNoMovedCamera() {
        CameraShiftWatch watch = new CameraShiftWatch();
        frame(watch, 0, gauge(BOILER, 0, 0), gauge(TANK, 0, 0));
        FoundGauge small = new FoundGauge(GaugeType.POINTER, new BoundingBox(400, 300, 40, 40), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null), null);

        for (int s = 1; s <= 5; s++) {
            assertThat(frame(watch, s, gauge(BOILER, 180, -150), gauge(TANK, -120, 160))).isEmpty();
            assertThat(frame(watch, 10 + s, small, gauge(TANK, 0, 0))).isEmpty();
        }
    }

    @Test
    void framesOfAnotherSizeThanTheMetersWereFoundIn_areSaidAsThat_notAsAMovedCamera() {
        CameraShiftWatch watch = new CameraShiftWatch();
        assertThat(frame(watch, 0, gauge(BOILER, 0, 0), gauge(TANK, 0, 0))).isEmpty();
        // the stream set to 960x540: the gauges scaled by 0.75, the regions where they were
        FoundGauge smaller = new FoundGauge(GaugeType.POINTER, new BoundingBox(80, 80, 140, 140), 0.9,
                GaugeMeasurement.ok(GaugeType.POINTER, 0.5, 0.9, null), null);
        Optional<String> said = frame(watch, 1, 960, 540, smaller);
        assertThat(said).get().asString().contains("Camera cam1 sends 960x540 frames, not the 1280x720 its meters "
                + "were found in").contains("tank not found").contains("Set the camera's stream back to 1280x720");
        assertThat(frame(watch, 2, 960, 540, smaller)).as("not again within ten minutes").isEmpty();
    }

    @Test
    void aWarningStaysInForceEveryFrame_andTroubleAfterTheMetersWereFoundAgain_isLoggedAtOnce() {
        CameraShiftWatch watch = new CameraShiftWatch();
        assertThat(inForce(watch, 0, 480, 360, gauge(BOILER, 0, 0))).get().extracting(CameraShiftWatch.Warning::log)
                .isEqualTo(true);
        assertThat(inForce(watch, 1, 480, 360, gauge(BOILER, 0, 0))).as("in force, not logged again")
                .get().extracting(CameraShiftWatch.Warning::log).isEqualTo(false);
        // the region put right, then wrong again within ten minutes: said again, in force and in the log
        assertThat(inForce(watch, 60, 1280, 720, gauge(BOILER, 0, 0), gauge(TANK, 0, 0))).isEmpty();
        assertThat(frame(watch, 120, 480, 360, gauge(BOILER, 0, 0))).get().asString()
                .contains("Camera cam1 sends 480x360 frames").contains("meter tank not found");
    }

    @Test
    void aRegionOutsideTheFrame_isSaidSo() {
        CameraShiftWatch watch = new CameraShiftWatch();
        Optional<String> said = frame(watch, 0, 480, 360, gauge(BOILER, 0, 0));
        assertThat(said).get().asString().contains("Camera cam1's frames are 480x360, and the region of meter tank "
                + "lies outside them");
    }
}
