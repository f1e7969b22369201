package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.LevelReader;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerReader;
import io.meterreader.gauge.PointerViews;
import io.meterreader.inference.Detector;
import io.meterreader.inference.ModelInfo;
import io.meterreader.inference.Segmenter;
import io.meterreader.inference.TestModels;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFrameReaderTest {

    private static final ImageRegion FRAME = ImageRegion.whole(new byte[640 * 480 * 3], 640, 480);

    @Test
    void cropsOf_cutOneCropPerViewMargin_roundedOutAndClippedToTheFrame() {
        List<ImageRegion> crops = ModelFrameReader.cropsOf(FRAME, new BoundingBox(100.5, 190.5, 100, 100),
                PointerViews.margins(2));

        assertThat(crops).extracting(ImageRegion::box).containsExactly(
                new BoundingBox(94, 184, 113, 113), new BoundingBox(86, 176, 129, 129));
    }

    @Test
    void cropsOf_aBoxInsideARegion_isCutInTheWholeImagesPixels() {
        ImageRegion region = ImageRegion.crop(FRAME.bgr(), 640, 480, new BoundingBox(200, 100, 300, 300));

        List<ImageRegion> crops = ModelFrameReader.cropsOf(region, new BoundingBox(10, 10, 50, 50), PointerViews.margins(1));

        assertThat(crops).extracting(ImageRegion::box).containsExactly(new BoundingBox(205, 105, 60, 60));
    }

    @Test
    void cropsOf_aGaugeTooSmallToSegment_givesNoCrop() {
        assertThat(ModelFrameReader.cropsOf(FRAME, new BoundingBox(10, 10, 5, 5), PointerViews.margins(2))).isEmpty();
        assertThat(ModelFrameReader.cropsOf(FRAME, new BoundingBox(700, 500, 20, 20), PointerViews.margins(2))).isEmpty();
    }

    /** Dials of the fake scene: image 0 holds A and B, image 1 holds C; each is 100 px wide. */
    private static final Map<String, BoundingBox> DIALS = Map.of(
            "A", new BoundingBox(50, 50, 100, 100),
            "B", new BoundingBox(300, 200, 100, 100),
            "C", new BoundingBox(200, 100, 100, 100));

    private static Detection meter(String dial) {
        return new Detection(ModelFrameReader.METER, "meter", 0.9, DIALS.get(dial), null);
    }

    /** A detector that finds A, B and a sight glass in image 0 and C in image 1. */
    private static final class FakeDetector implements Detector {
        @Override
        public List<List<Detection>> detect(List<ImageRegion> images) {
            return List.of(
                    List.of(meter("A"), new Detection(ModelFrameReader.WATER, "water", 0.8,
                            new BoundingBox(500, 50, 40, 300), null), meter("B")),
                    List.of(meter("C")));
        }

        @Override
        public ModelInfo info() {
            return null;
        }

        @Override
        public void close() {
        }
    }

    /**
     * A segmenter that remembers the crops it was given and labels each crop's one instance with
     * the dial whose centre the crop is centred on (in the whole frame's pixels).
     */
    private static final class FakeSegmenter implements Segmenter {
        final List<ImageRegion> crops = new ArrayList<>();

        @Override
        public List<List<Detection>> segment(List<ImageRegion> regions) {
            List<List<Detection>> out = new ArrayList<>();
            for (ImageRegion crop : regions) {
                crops.add(crop);
                String dial = DIALS.entrySet().stream()
                        .filter(e -> Math.abs(e.getValue().centerX() - (crop.x() + crop.width() / 2.0)) < 1
                                && Math.abs(e.getValue().centerY() - (crop.y() + crop.height() / 2.0)) < 1)
                        .map(Map.Entry::getKey).findFirst().orElse("?");
                out.add(List.of(new Detection(0, dial, 0.9, new BoundingBox(0, 0, 1, 1), null)));
            }
            return out;
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("fake-seg", "cpu", 320, 320, List.of("pointer", "scale"), 8, "fp32");
        }

        @Override
        public void close() {
        }
    }

    /**
     * A pointer reader that reads a crop by its dial and its size: A reads 0.30 in both crops
     * (they agree); B reads 0.40 in the tight crop at confidence 0.6 and 0.70 in the wide one at
     * 0.8 (they disagree); C is not found in the tight crop and reads 0.50 in the wide one.
     */
    private static final PointerReader READER = (segments, width, height) -> {
        String dial = segments.get(0).label();
        boolean tight = width < 120;
        return switch (dial) {
            case "A" -> GaugeMeasurement.ok(GaugeType.POINTER, 0.30, tight ? 0.8 : 0.6, null);
            case "B" -> GaugeMeasurement.ok(GaugeType.POINTER, tight ? 0.40 : 0.70, tight ? 0.6 : 0.8, null);
            case "C" -> tight ? GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND)
                    : GaugeMeasurement.ok(GaugeType.POINTER, 0.50, 0.9, null);
            default -> throw new AssertionError("a crop centred on no dial");
        };
    };

    @Test
    void read_segmentsEveryDialInEachView_andCombinesEachDialsViewsIntoOneReading() {
        FakeSegmenter segmenter = new FakeSegmenter();
        ModelFrameReader reader = new ModelFrameReader(TestModels.of(new FakeDetector(), segmenter), READER,
                LevelReader.standard(), new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), 2, 0.5);
        ImageRegion second = ImageRegion.whole(new byte[640 * 480 * 3], 640, 480);

        List<List<FoundGauge>> found = reader.read(List.of(FRAME, second));

        // one batch of six crops: A, B (image 0) and C (image 1), tight and wide each
        assertThat(segmenter.crops).hasSize(6);
        assertThat(segmenter.crops).extracting(ImageRegion::width).containsExactly(112, 128, 112, 128, 112, 128);
        assertThat(found).hasSize(2);
        // image 0: A, B and the sight glass (read without segmentation: an empty image, no surface)
        assertThat(found.get(0)).extracting(FoundGauge::type)
                .containsExactly(GaugeType.POINTER, GaugeType.POINTER, GaugeType.LEVEL);
        GaugeMeasurement a = found.get(0).get(0).measurement();
        assertThat(a.fraction()).isEqualTo(0.30, within(1e-9));
        assertThat(a.confidence()).isEqualTo(0.8, within(1e-9));
        assertThat(found.get(0).get(0).box()).isEqualTo(DIALS.get("A"));
        GaugeMeasurement b = found.get(0).get(1).measurement();
        assertThat(b.fraction()).isEqualTo(0.70, within(1e-9));
        assertThat(b.confidence()).isEqualTo(0.4, within(1e-9));
        assertThat(found.get(0).get(1).box()).isEqualTo(DIALS.get("B"));
        assertThat(found.get(0).get(2).measurement().status()).isEqualTo(ReadingStatus.POINTER_NOT_FOUND);
        // image 1: C, from its one good view at half its confidence
        assertThat(found.get(1)).singleElement().satisfies(c -> {
            assertThat(c.box()).isEqualTo(DIALS.get("C"));
            assertThat(c.measurement().fraction()).isEqualTo(0.50, within(1e-9));
            assertThat(c.measurement().confidence()).isEqualTo(0.45, within(1e-9));
        });
        // each dial keeps its pointer instances, one view per crop, placed where each crop lies,
        // with the segmenter's mask shift at each crop's scale (half a cell of 4 at 320 pixels)
        FoundGauge dialA = found.get(0).get(0);
        assertThat(dialA.pointers()).hasSize(2);
        assertThat(dialA.pointers()).extracting(MarkedPointerReader.View::x)
                .containsExactly((double) segmenter.crops.get(0).x(), (double) segmenter.crops.get(1).x());
        assertThat(dialA.pointers().get(0).pointers()).extracting(Detection::label).containsExactly("A");
        assertThat(dialA.pointers().get(1).maskShift()).isEqualTo(2.0 * 128 / 320, within(1e-9));
        assertThat(found.get(0).get(2).pointers()).isEmpty();
    }

    @Test
    void read_withCameraHistories_readsAnAgreeingDialInOneCropPerFrame_takingTurns() {
        FakeSegmenter segmenter = new FakeSegmenter();
        ModelFrameReader reader = new ModelFrameReader(TestModels.of(new FakeDetector(), segmenter), READER,
                LevelReader.standard(), new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC()), 2, 0.5);
        ImageRegion second = ImageRegion.whole(new byte[640 * 480 * 3], 640, 480);
        List<ImageRegion> frames = List.of(FRAME, second);
        List<List<Detection>> boxes = reader.detect(frames);
        DialViewHistory camera1 = new DialViewHistory();
        DialViewHistory camera2 = new DialViewHistory();
        Instant t0 = Instant.parse("2026-12-05T12:00:00Z");
        List<Integer> crops = new ArrayList<>();
        List<List<List<FoundGauge>>> found = new ArrayList<>();
        for (int seconds : new int[] {0, 1, 2, 10}) {
            int before = segmenter.crops.size();
            found.add(reader.read(frames, boxes, List.of(new DialViewHistory.At(camera1, t0.plusSeconds(seconds)),
                    new DialViewHistory.At(camera2, t0.plusSeconds(seconds)))));
            crops.add(segmenter.crops.size() - before);
        }

        // first frame: every crop; then A (its crops agree) in one crop a frame, B (they disagree)
        // and C (one crop fails) in both; after more than 5 s without a frame, every crop again
        assertThat(crops).containsExactly(6, 5, 5, 6);
        // A is read in the tight crop at 1 s (the wide one was the last read at 0 s), in the wide one at 2 s
        assertThat(segmenter.crops.subList(6, 7)).extracting(ImageRegion::width).containsExactly(112);
        assertThat(segmenter.crops.subList(11, 12)).extracting(ImageRegion::width).containsExactly(128);
        for (List<List<FoundGauge>> frame : found) {
            GaugeMeasurement a = frame.get(0).get(0).measurement();
            assertThat(a.fraction()).isEqualTo(0.30, within(1e-9));
            assertThat(a.confidence()).isEqualTo(0.8, within(1e-9));
            // B and C read as without a history
            assertThat(frame.get(0).get(1).measurement().confidence()).isEqualTo(0.4, within(1e-9));
            assertThat(frame.get(1).get(0).measurement().confidence()).isEqualTo(0.45, within(1e-9));
        }
        // A confirmed: the crop read now, then the other crop of the frame before
        FoundGauge confirmed = found.get(1).get(0).get(0);
        assertThat(confirmed.pointers()).extracting(MarkedPointerReader.View::x)
                .containsExactly((double) segmenter.crops.get(6).x(), (double) segmenter.crops.get(1).x());
        assertThat(camera1.size()).isEqualTo(2);
        assertThat(camera2.size()).isEqualTo(1);
    }
}
