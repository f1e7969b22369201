package io.meterreader.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetExportTest {

    private static final int IMAGES = 10;

    @TempDir
    static Path temp;

    private static Path first;

    @BeforeAll
    static void export() throws IOException {
        first = temp.resolve("a");
        DatasetExport.write(first, IMAGES, 42, null);
    }

    private static List<Path> files(Path root, String glob) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(root.relativize(p))).sorted().toList();
        }
    }

    @Test
    void sameSeed_givesByteIdenticalLabels() throws IOException {
        Path second = temp.resolve("b");
        DatasetExport.write(second, IMAGES, 42, null);
        List<Path> labels = new ArrayList<>(files(first, "*/labels/*/*.txt"));
        labels.addAll(files(first, "det/truth/*.csv"));
        labels.addAll(files(first, "seg/fractions/*.csv"));
        assertThat(labels).hasSizeGreaterThan(IMAGES);
        for (Path a : labels) {
            Path b = second.resolve(first.relativize(a));
            assertThat(Files.readAllBytes(b)).as(a.toString()).isEqualTo(Files.readAllBytes(a));
        }
    }

    @Test
    void otherSeed_givesOtherLabels() throws IOException {
        Path other = temp.resolve("c");
        DatasetExport.write(other, 1, 43, null);
        assertThat(Files.readAllBytes(other.resolve("det/labels/train/img000000.txt")))
                .isNotEqualTo(Files.readAllBytes(first.resolve("det/labels/train/img000000.txt")));
    }

    @Test
    void rerun_replacesTheEarlierExportWhole() throws IOException {
        Path dir = temp.resolve("rerun");
        DatasetExport.write(dir, 3, 1, null);
        DatasetExport.write(dir, 1, 1, null);
        assertThat(files(dir, "det/images/*/*.jpg")).hasSize(1);
        assertThat(files(dir, "det/labels/*/*.txt")).hasSize(1);
    }

    @Test
    void foreignFolder_isLeftAlone() throws IOException {
        Path dir = temp.resolve("foreign");
        Files.createDirectories(dir.resolve("det"));
        Files.writeString(dir.resolve("det/notes.txt"), "mine");
        assertThatThrownBy(() -> DatasetExport.write(dir, 1, 1, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("was not written by sim dataset");
        assertThat(dir.resolve("det/notes.txt")).hasContent("mine");
    }

    @Test
    void splits_followTheIndex() throws IOException {
        assertThat(files(first, "det/images/train/*.jpg")).hasSize(8);
        assertThat(files(first, "det/images/val/*.jpg")).extracting(p -> p.getFileName().toString()).containsExactly("img000008.jpg");
        assertThat(files(first, "det/images/test/*.jpg")).extracting(p -> p.getFileName().toString()).containsExactly("img000009.jpg");
        assertThat(files(first, "det/labels/*/*.txt")).hasSize(IMAGES);
    }

    @Test
    void dataYaml_namesTheSplitsAndClasses() throws IOException {
        String det = Files.readString(first.resolve("det/data.yaml"));
        assertThat(det).contains("path: " + first.toAbsolutePath().normalize().resolve("det"), "train: images/train",
                "val: images/val", "test: images/test", "names: {0: meter, 1: water, 2: level}");
        assertThat(Files.readString(first.resolve("seg/data.yaml"))).contains("names: {0: pointer, 1: scale}");
    }

    @Test
    void detectionLabels_agreeWithTheTruthTable() throws IOException {
        List<String> truth = new ArrayList<>();
        for (String split : new String[] {"train", "val", "test"}) {
            List<String> lines = Files.readAllLines(first.resolve("det/truth/" + split + ".csv"));
            assertThat(lines.get(0)).isEqualTo("image,gauge_index,type,fraction,x,y,width,height,"
                    + "pivot_x,pivot_y,min_x,min_y,max_x,max_y");
            truth.addAll(lines.subList(1, lines.size()));
        }
        int boxes = 0;
        for (Path label : files(first, "det/labels/*/*.txt")) {
            String name = label.getFileName().toString().replace(".txt", "");
            List<String> rows = truth.stream().filter(r -> r.startsWith(name + ",")).toList();
            List<String> lines = Files.readAllLines(label);
            long gauges = lines.stream().filter(l -> l.startsWith("0 ") || l.startsWith("1 ")).count();
            long levels = lines.stream().filter(l -> l.startsWith("2 ")).count();
            assertThat(gauges).isEqualTo(rows.size());
            assertThat(levels).isEqualTo(rows.stream().filter(r -> r.contains(",level,")).count());
            for (String line : lines) {
                double[] v = Arrays.stream(line.split(" ")).mapToDouble(Double::parseDouble).toArray();
                assertThat(v).hasSize(5);
                assertThat(v[0]).isIn(0.0, 1.0, 2.0);
                for (int k = 1; k < 5; k++) {
                    assertThat(v[k]).isBetween(0.0, 1.0);
                }
                boxes++;
            }
        }
        assertThat(boxes).isGreaterThan(IMAGES);
    }

    @Test
    void segmentationLabels_arePolygonsInsideTheCrop() throws IOException {
        List<Path> labels = files(first, "seg/labels/*/*.txt");
        assertThat(labels).isNotEmpty();
        List<String> fractionRows = new ArrayList<>();
        for (String split : new String[] {"train", "val", "test"}) {
            List<String> lines = Files.readAllLines(first.resolve("seg/fractions/" + split + ".csv"));
            assertThat(lines.get(0)).isEqualTo("image,fraction,type,arc_start_deg,arc_span_deg,center_x,center_y");
            fractionRows.addAll(lines.subList(1, lines.size()));
        }
        assertThat(fractionRows).hasSize(labels.size());
        for (Path label : labels) {
            assertThat(Files.exists(first.resolve("seg/images").resolve(first.resolve("seg/labels").relativize(label).toString()
                    .replace(".txt", ".jpg")))).isTrue();
            int pointers = 0;
            int ticks = 0;
            for (String line : Files.readAllLines(label)) {
                String[] parts = line.split(" ");
                assertThat((parts.length - 1) % 2).isZero();
                assertThat(parts.length - 1).isGreaterThanOrEqualTo(6);
                for (int k = 1; k < parts.length; k++) {
                    assertThat(Double.parseDouble(parts[k])).isBetween(0.0, 1.0);
                }
                if (parts[0].equals("0")) {
                    pointers++;
                } else {
                    assertThat(parts[0]).isEqualTo("1");
                    ticks++;
                }
            }
            assertThat(pointers).isLessThanOrEqualTo(1);
            assertThat(ticks).as(label.toString()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void fractions_coverTheUnitIntervalEvenly() {
        // Kolmogorov-Smirnov against the uniform distribution, over the generator the export uses.
        int n = 4000;
        double[] f = new double[n];
        for (int i = 0; i < n / 4; i++) {
            double[] four = TrainingSamples.fractions(Rng.forItem(5, i), 4);
            System.arraycopy(four, 0, f, i * 4, 4);
        }
        Arrays.sort(f);
        double d = 0;
        for (int i = 0; i < n; i++) {
            d = Math.max(d, Math.max(Math.abs((i + 1.0) / n - f[i]), Math.abs(f[i] - (double) i / n)));
        }
        assertThat(d).isLessThan(1.63 / Math.sqrt(n));
        assertThat(f[0]).isLessThan(0.01);
        assertThat(f[n - 1]).isGreaterThan(0.99);
    }

    @Test
    void truthFractions_areTheOnesPlanned() throws IOException {
        List<String> rows = Files.readAllLines(first.resolve("det/truth/train.csv"));
        String row = rows.get(1);
        String[] v = row.split(",");
        int index = Integer.parseInt(v[0].substring(3));
        int gauge = Integer.parseInt(v[1]);
        SceneFrame frame = TrainingSamples.render(42, index);
        assertThat(Double.parseDouble(v[3])).isCloseTo(frame.gauges().get(gauge).fraction(), within(1e-6));
    }

    @Test
    void truthScaleMarks_areThePivotAndTheEndTicksOfEveryDial() throws IOException {
        List<String> rows = Files.readAllLines(first.resolve("det/truth/train.csv"));
        assertThat(rows.get(0)).isEqualTo(DatasetExport.TRUTH_HEADER);
        int dials = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] v = row.split(",", -1);
            assertThat(v).hasSize(14);
            if (!v[2].equals("pointer")) {
                assertThat(v[8]).isEmpty();
                continue;
            }
            dials++;
            SceneGauge gauge = TrainingSamples.render(42, Integer.parseInt(v[0].substring(3))).gauges()
                    .get(Integer.parseInt(v[1]));
            double[] centre = gauge.geometry().center();
            assertThat(Double.parseDouble(v[8])).isCloseTo(centre[0], within(0.01));
            assertThat(Double.parseDouble(v[9])).isCloseTo(centre[1], within(0.01));
            // the end marks lie on the dial, away from the pivot, and apart
            double reach = Math.hypot(Double.parseDouble(v[10]) - centre[0], Double.parseDouble(v[11]) - centre[1]);
            assertThat(reach).isGreaterThan(0.15 * Double.parseDouble(v[6])).isLessThan(0.75 * Double.parseDouble(v[6]));
            assertThat(Math.hypot(Double.parseDouble(v[10]) - Double.parseDouble(v[12]),
                    Double.parseDouble(v[11]) - Double.parseDouble(v[13]))).isGreaterThan(1);
        }
        assertThat(dials).isGreaterThan(0);
    }

    @Test
    void labelPolygon_readsALabelLineBackIntoCropPixels() {
        DatasetExport.LabelPolygon p = DatasetExport.labelPolygon(" 1 0.1 0.4  0.3 0.4 0.3 0.6\n", 100, 50);

        assertThat(p.classId()).isEqualTo(1);
        assertThat(p.points()).containsExactly(new double[] {10, 20, 30, 20, 30, 30}, within(1e-9));
        assertThat(p.path().contains(25, 22)).isTrue();
        assertThat(DatasetExport.labelPolygon("0 0.1 0.2 0.3 0.4", 100, 50)).isNull();
    }

    @Test
    void closeUps_leaveTheOtherScenesAsTheyWere() {
        int closeUps = 0;
        for (int index = 0; index < 40; index++) {
            SceneFrame plain = TrainingSamples.render(42, index);
            SceneFrame mixed = TrainingSamples.render(42, index, 0.5);
            if (mixed.width() == plain.width() && mixed.height() == plain.height()
                    && Arrays.equals(mixed.bgr(), plain.bgr())) {
                continue;
            }
            closeUps++;
            assertThat(mixed.gauges()).as("scene %d", index).hasSize(1);
        }
        assertThat(closeUps).isBetween(10, 30);
    }

    @Test
    void closeUp_fillsMostOfTheFrameWithOneGauge() {
        double sum = 0;
        int n = 24;
        for (int index = 0; index < n; index++) {
            SceneFrame frame = TrainingSamples.render(7, index, 1.0);
            assertThat(frame.gauges()).as("scene %d", index).hasSize(1);
            var box = frame.gauges().get(0).box();
            double share = Math.max(box.width() / frame.width(), box.height() / frame.height());
            assertThat(share).as("scene %d", index).isGreaterThan(0.25);
            sum += share;
        }
        assertThat(sum / n).isGreaterThan(0.5);
    }

    @Test
    void closeUpShare_outsideZeroToOne_isRefused() {
        assertThatThrownBy(() -> DatasetExport.write(temp.resolve("d"), 1, 1, 1.5, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("close-ups");
    }
}
