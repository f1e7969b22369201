package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import org.junit.jupiter.api.Test;

class CalibrationFilesTest {

    private static final BoundingBox REGION = new BoundingBox(100, 50, 40, 400);

    @Test
    void levelMarks_insideTheRegion_areWrittenToATenthOfAPixel() {
        assertThat(CalibrationFiles.levelMarks(420.04, 81.96, REGION))
                .isEqualTo("level-marks: {empty: 420.0, full: 82.0}" + System.lineSeparator());
    }

    @Test
    void levelMarks_ofAGlassCutOffAtTheBottom_areLeftOut() {
        assertThat(CalibrationFiles.levelMarks(450.5, 81.96, REGION)).isEmpty();
    }

    @Test
    void levelMarks_ofAGlassCutOffAtTheTop_areLeftOut() {
        assertThat(CalibrationFiles.levelMarks(420, 49.5, REGION)).isEmpty();
    }

    @Test
    void region_ofASightGlass_reachesHalfItsWidthSidewaysAndStaysInTheFrame() {
        BoundingBox r = CalibrationFiles.region(GaugeType.LEVEL,
                new BoundingBox(10, 20, 30, 100), 1280, 110);
        assertThat(r).isEqualTo(new BoundingBox(0, 14, 55, 96));
    }
}
