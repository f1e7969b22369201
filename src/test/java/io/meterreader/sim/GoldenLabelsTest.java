package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.frame.GaugeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The labels of three fixed training scenes, against a golden file: any change to the geometry,
 * the layout or the label format shows up here. After an intended change, regenerate with
 * {@code mvn test -Dtest=GoldenLabelsTest -Dsim.golden.update=true} and review the diff.
 */
class GoldenLabelsTest {

    private static final String GOLDEN = "golden-labels-seed1234.txt";

    @Test
    void labelsOfFixedScenes_matchTheGoldenFile() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (int index = 0; index < 3; index++) {
            SceneFrame frame = TrainingSamples.render(1234, index);
            actual.append("# scene ").append(index).append(' ').append(frame.width()).append('x').append(frame.height()).append('\n');
            for (int gi = 0; gi < frame.gauges().size(); gi++) {
                SceneGauge g = frame.gauges().get(gi);
                boolean pointer = g.type() == GaugeType.POINTER;
                actual.append(DatasetExport.yoloBox(pointer ? 0 : 1, g.box().clip(frame.width(), frame.height()),
                        frame.width(), frame.height()));
                if (!pointer) {
                    actual.append(DatasetExport.yoloBox(2, g.geometry().levelBox(), frame.width(), frame.height()));
                } else {
                    SegCrop crop = SegCrop.of(g, frame.width(), frame.height(), Rng.forItem(99, index * 16L + gi));
                    actual.append("# crop ").append(gi).append('\n').append(DatasetExport.segLabels(crop));
                }
            }
        }
        if (Boolean.getBoolean("sim.golden.update")) {
            Path file = Path.of("src/test/resources/io/meterreader/sim", GOLDEN);
            Files.writeString(file, actual);
        }
        String golden;
        try (InputStream in = GoldenLabelsTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file " + GOLDEN).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertThat(actual.toString()).isEqualTo(golden);
    }
}
