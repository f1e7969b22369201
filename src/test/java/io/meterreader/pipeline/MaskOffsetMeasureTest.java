package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.Mask;
import io.meterreader.sim.DatasetExport;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskOffsetMeasureTest {

    @TempDir
    Path dir;

    @Test
    void aLabelPolygon_isFilledWherePixelCentresFallInside_atItsCentroid() {
        // a square from (10, 20) to (30, 30) in a 100 x 50 crop, as a label line normalises it
        DatasetExport.LabelPolygon label = DatasetExport.labelPolygon("1 0.1 0.4 0.3 0.4 0.3 0.6 0.1 0.6", 100, 50);

        Mask m = MaskOffsetMeasure.fill(label.path(), 100, 50);

        assertThat(m.area()).isEqualTo(20 * 10);
        assertThat(MaskOffsetMeasure.centroid(m)).containsExactly(new double[] {20, 25}, within(1e-9));
    }

    @Test
    void theCentroidOfAWindowedMask_isInTheWholeMasksPixels() {
        Mask m = new Mask(50, 40, 10, 5, 2, 2, new byte[] {1, 1, 0, 1});

        assertThat(MaskOffsetMeasure.centroid(m)).containsExactly(new double[] {(10.5 + 11.5 + 11.5) / 3, (5.5 + 5.5 + 6.5) / 3},
                within(1e-9));
        assertThat(MaskOffsetMeasure.centroid(Mask.empty(4, 4))[0]).isNaN();
    }

    @Test
    void notADataset_isAClearError() {
        assertThatThrownBy(() -> MaskOffsetMeasure.run(null, dir, "train", 0)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a sim dataset");
    }
}
