package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.config.CalibrationLoader;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.GaugeType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimCameraTest {

    @Test
    void demoScenes_matchTheShippedCalibration() {
        List<MeterCalibration> meters = new CalibrationLoader().load(Path.of("calibration"), List.of("demo-1", "demo-2"));
        assertThat(meters).hasSize(4);
        // one demo dial is read against its scale marks, the other dials from their ticks
        assertThat(meters).filteredOn(m -> m.scaleMarks() != null).extracting(MeterCalibration::id)
                .containsExactly("demo-1-steam-pressure");
        for (String camera : List.of("demo-1", "demo-2")) {
            SimCamera cam = SimCamera.open("sim://" + camera);
            assertThat(cam.width()).isEqualTo(1280);
            assertThat(cam.height()).isEqualTo(720);
            Map<String, GaugeTruth> truth = cam.truth(12.5).stream()
                    .collect(Collectors.toMap(GaugeTruth::meterId, Function.identity()));
            List<MeterCalibration> mine = meters.stream().filter(m -> m.camera().equals(camera)).toList();
            assertThat(mine).extracting(MeterCalibration::id).containsExactlyInAnyOrderElementsOf(truth.keySet());
            for (MeterCalibration m : mine) {
                GaugeTruth t = truth.get(m.id());
                var region = m.region().toBox();
                assertThat(region.intersectionArea(t.box())).as(m.id()).isCloseTo(t.box().area(), within(1e-6));
                assertThat(t.box().iou(region)).as(m.id()).isGreaterThan(m.type() == GaugeType.LEVEL ? 0.4 : 0.75);
                assertThat(m.type()).isEqualTo(t.type());
                assertThat(m.range().unit()).isEqualTo(t.unit());
                assertThat(m.valueAt(t.fraction())).isCloseTo(t.value(), within(1e-9));
                if (m.scaleMarks() != null) {
                    Placement p = cam.placements().stream().filter(q -> q.meterId().equals(m.id())).findFirst().orElseThrow();
                    double[] marks = p.geometry(0.5).scaleMarks();
                    var s = m.scaleMarks();
                    double[] given = {s.pivot().x(), s.pivot().y(), s.min().x(), s.min().y(), s.max().x(), s.max().y()};
                    for (int k = 0; k < 6; k++) {
                        assertThat(given[k]).as(m.id() + " scale mark " + k).isCloseTo(marks[k], within(0.5));
                    }
                }
                if (m.type() == GaugeType.LEVEL) {
                    Placement p = cam.placements().stream().filter(q -> q.meterId().equals(m.id())).findFirst().orElseThrow();
                    double empty = CalibrationFiles.surfaceRow(p.geometry(0));
                    double full = CalibrationFiles.surfaceRow(p.geometry(1));
                    assertThat(m.levelMarks()).as(m.id() + " level marks (empty %.1f, full %.1f)", empty, full).isNotNull();
                    assertThat(m.levelMarks().empty()).as(m.id()).isCloseTo(empty, within(0.5));
                    assertThat(m.levelMarks().full()).as(m.id()).isCloseTo(full, within(0.5));
                }
            }
        }
    }

    @Test
    void frame_isBgrOfTheAdvertisedSize() {
        SimCamera cam = SimCamera.open("sim://small?width=320&height=240&meters=1&seed=3");
        assertThat(cam.renderBgr(0)).hasSize(320 * 240 * 3);
        assertThat(cam.truth(0)).hasSize(1);
    }

    @Test
    void sameMoment_givesTheSameFrame() {
        SimCamera a = SimCamera.open("sim://twin?width=320&height=240&meters=2");
        SimCamera b = SimCamera.open("sim://twin?width=320&height=240&meters=2");
        assertThat(a.renderBgr(7.25)).isEqualTo(b.renderBgr(7.25));
        assertThat(a.renderBgr(7.25)).isNotEqualTo(a.renderBgr(8.25));
    }

    @Test
    void values_driftSmoothlyOverTheWholeScale() {
        SimCamera cam = SimCamera.open("sim://demo-1");
        double previous = cam.truth(0).get(0).fraction();
        double lo = previous, hi = previous;
        for (int s = 1; s <= 600; s++) {
            double f = cam.truth(s).get(0).fraction();
            assertThat(Math.abs(f - previous)).isLessThan(0.03);
            assertThat(f).isBetween(0.0, 1.0);
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
            previous = f;
        }
        assertThat(hi - lo).isGreaterThan(0.2);
    }

    @Test
    void customScene_takesItsIdsFromItsName() {
        SimCamera cam = SimCamera.open("sim://line-3?meters=4&seed=9");
        List<GaugeTruth> truth = cam.truth(0);
        assertThat(truth).hasSize(4);
        assertThat(truth).allSatisfy(t -> assertThat(t.meterId()).matches("line-3-(pressure|level)-[1-4]"));
        assertThat(truth).allSatisfy(t -> assertThat(t.levelBox() == null).isEqualTo(t.type() == GaugeType.POINTER));
    }

    @Test
    void badUrls_areRefusedWithAReason() {
        assertThatThrownBy(() -> SimCamera.open("rtsp://x/y")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sim://");
        assertThatThrownBy(() -> SimCamera.open("sim://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimCamera.open("sim://a?fps=3")).hasMessageContaining("unknown sim camera parameter 'fps'");
        assertThatThrownBy(() -> SimCamera.open("sim://a?meters=9")).hasMessageContaining("meters must be 1 to 6");
        assertThatThrownBy(() -> SimCamera.open("sim://a?width=wide")).hasMessageContaining("whole number");
    }
}
