package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.LevelDiagnostics;
import io.meterreader.gauge.LevelReader;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerDiagnostics;
import io.meterreader.gauge.PointerReader;
import io.meterreader.gauge.PointerViews;
import io.meterreader.inference.Models;
import io.meterreader.inference.OnnxMetadata;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads every gauge in a batch of images with the service's two models and the geometry:
 * detection over whole images; pointer-gauge crops segmented in one batch across all images (one
 * or more crops per dial, each with its own margin around the gauge box: {@link PointerViews});
 * then the pointer reader on each crop's masks, the views of a dial combined into one reading,
 * and the level reader on each sight glass. With its camera's history, a dial's crops take turns
 * from frame to frame, and a second segmentation pass reads the other crop of only those dials
 * whose reading the other crop's earlier one does not confirm ({@link DialViewHistory}).
 */
final class ModelFrameReader implements FrameReader {

    static final List<String> DETECTOR_CLASSES = List.of("meter", "water", "level");
    static final List<String> SEGMENTER_CLASSES = List.of("pointer", "scale");
    static final int METER = 0;
    static final int WATER = 1;
    static final int LEVEL = 2;
    /** The segmenter's pointer class. */
    static final int POINTER = 0;

    private final Models models;
    private final PointerReader pointers;
    private final LevelReader levels;
    private final MeterReaderMetrics metrics;
    /** The margin of each crop a dial is read from. */
    private final List<Double> viewMargins;
    /** The segmenter's input side, pixels. */
    private final int segmenterInput;
    private final double maskOffset;
    private final Timer detectTimer;
    private final Timer segmentTimer;
    private final Timer geometryTimer;

    /**
     * @param maskOffset how far right of and below the truth the segmenter draws its masks, in
     *                   prototype cells (its ONNX metadata's {@link OnnxMetadata#MASK_OFFSET})
     */
    ModelFrameReader(Models models, PointerReader pointers, LevelReader levels, MeterReaderMetrics metrics,
                     int dialViews, double maskOffset) {
        this.models = models;
        this.pointers = pointers;
        this.levels = levels;
        this.metrics = metrics;
        this.viewMargins = PointerViews.margins(dialViews);
        this.segmenterInput = Math.max(models.segmenter().info().inputWidth(), models.segmenter().info().inputHeight());
        this.maskOffset = maskOffset;
        this.detectTimer = metrics.inferenceTimer("detector", models.backend());
        this.segmentTimer = metrics.inferenceTimer("segmenter", models.backend());
        this.geometryTimer = metrics.inferenceTimer("geometry", "cpu");
    }

    @Override
    public String backend() {
        return models.backend();
    }

    /**
     * One dial of a batch: the image it is in, its detection, its crops (one per margin), the
     * earlier reading that may confirm its first crop's (null: every crop is read), and what each
     * crop read (null where it was not segmented).
     */
    private static final class Dial {
        final int image;
        final Detection gauge;
        final List<ImageRegion> crops;
        final DialViewHistory.Seen earlier;
        /** How far the needle is taken to have moved since {@link #earlier}, as a share of the span. */
        final double drift;
        final GaugeMeasurement[] measured;
        final MarkedPointerReader.View[] pointers;

        Dial(int image, Detection gauge, List<ImageRegion> crops, DialViewHistory.Seen earlier, double drift) {
            this.image = image;
            this.gauge = gauge;
            this.crops = crops;
            this.earlier = earlier;
            this.drift = drift;
            this.measured = new GaugeMeasurement[crops.size()];
            this.pointers = new MarkedPointerReader.View[crops.size()];
        }
    }

    /** A crop of a dial to segment. */
    private record Crop(Dial dial, int view) {
        ImageRegion region() {
            return dial.crops.get(view);
        }
    }

    @Override
    public List<List<Detection>> detect(List<ImageRegion> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        List<List<Detection>> detections = detectTimer.record(() -> models.detector().detect(images));
        metrics.recordBatch("detector", models.backend(), images.size());
        return detections;
    }

    @Override
    public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections) {
        return read(images, detections, Collections.nCopies(images.size(), null));
    }

    /**
     * As {@link #read(List, List)}; a dial of an image with a history, read in two crops, is first
     * segmented in the crop it was not last read in, and in its other crop only when its reading
     * there does not confirm this one ({@link DialViewHistory}).
     */
    @Override
    public List<List<FoundGauge>> read(List<ImageRegion> images, List<List<Detection>> detections,
                                       List<DialViewHistory.At> histories) {
        if (images.size() != detections.size() || images.size() != histories.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + detections.size()
                    + " detection lists and " + histories.size() + " histories");
        }
        if (images.isEmpty()) {
            return List.of();
        }
        List<Dial> dials = new ArrayList<>();
        List<Crop> first = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ImageRegion image = images.get(i);
            DialViewHistory.At history = histories.get(i);
            for (Detection d : detections.get(i)) {
                if (d.classId() != METER) {
                    continue;
                }
                List<ImageRegion> crops = cropsOf(image, d.box(), viewMargins);
                if (crops.isEmpty()) {
                    continue;
                }
                DialViewHistory.Seen earlier = crops.size() == 2 && history != null
                        ? history.history().latest(d.box(), history.time()) : null;
                Dial dial = new Dial(i, d, crops, earlier, earlier == null ? 0
                        : history.history().drift(d.box(), earlier.view(), history.time()));
                dials.add(dial);
                if (earlier != null) {
                    first.add(new Crop(dial, 1 - earlier.view()));
                } else {
                    for (int v = 0; v < crops.size(); v++) {
                        first.add(new Crop(dial, v));
                    }
                }
            }
        }
        long geometry = segmentAndMeasure(images, first);
        List<Crop> second = new ArrayList<>();
        for (Dial dial : dials) {
            if (dial.earlier != null && confirmed(dial) == null) {
                second.add(new Crop(dial, dial.earlier.view()));
            }
        }
        geometry += segmentAndMeasure(images, second);

        List<List<FoundGauge>> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(new ArrayList<>());
        }
        long start = System.nanoTime();
        for (Dial dial : dials) {
            out.get(dial.image).add(combined(dial, images.get(dial.image)));
            remember(dial, histories.get(dial.image));
        }
        for (int i = 0; i < images.size(); i++) {
            if (histories.get(i) != null) {
                int image = i;
                histories.get(i).history().keepOnly(dials.stream().filter(d -> d.image == image)
                        .map(d -> d.gauge.box()).toList());
            }
            List<Detection> levelBoxes = detections.get(i).stream().filter(d -> d.classId() == LEVEL).toList();
            for (Detection d : detections.get(i)) {
                if (d.classId() == WATER) {
                    List<Detection> inside = levelBoxes.stream()
                            .filter(l -> d.box().contains(l.box().centerX(), l.box().centerY())).toList();
                    GaugeMeasurement m = levels.read(d.box(), inside, images.get(i));
                    out.get(i).add(found(GaugeType.LEVEL, d, m, surface(m)));
                }
            }
        }
        geometryTimer.record(geometry + System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return out;
    }

    /**
     * Segments the crops in one batch and reads each with the pointer reader into its dial.
     *
     * @return the nanoseconds the pointer reader took
     */
    private long segmentAndMeasure(List<ImageRegion> images, List<Crop> crops) {
        if (crops.isEmpty()) {
            return 0;
        }
        List<List<Detection>> segments = segmentTimer.record(
                () -> models.segmenter().segment(crops.stream().map(Crop::region).toList()));
        metrics.recordBatch("segmenter", models.backend(), crops.size());
        long start = System.nanoTime();
        for (int k = 0; k < crops.size(); k++) {
            Crop c = crops.get(k);
            ImageRegion region = c.region();
            ImageRegion image = images.get(c.dial().image);
            c.dial().measured[c.view()] = pointers.read(segments.get(k), region.width(), region.height());
            c.dial().pointers[c.view()] = new MarkedPointerReader.View(
                    segments.get(k).stream().filter(d -> d.classId() == POINTER).toList(),
                    region.x() - image.x(), region.y() - image.y(),
                    MarkedPointerReader.maskShift(maskOffset, Math.max(region.width(), region.height()),
                            segmenterInput));
        }
        return System.nanoTime() - start;
    }

    /**
     * A dial's one reading: its crop read now confirmed by the other crop's earlier reading, or
     * the crops read now combined.
     */
    private FoundGauge combined(Dial dial, ImageRegion image) {
        int view;
        GaugeMeasurement m;
        List<MarkedPointerReader.View> pointerViews = new ArrayList<>();
        GaugeMeasurement confirmed = dial.earlier == null ? null : confirmed(dial);
        if (confirmed != null) {
            view = 1 - dial.earlier.view();
            m = confirmed;
            pointerViews.add(dial.pointers[view]);
            pointerViews.add(dial.earlier.pointers().drifted(dial.drift));
        } else {
            PointerViews.Combined c = PointerViews.combine(Arrays.asList(dial.measured));
            view = c.view();
            m = c.measurement();
            pointerViews.addAll(Arrays.asList(dial.pointers));
        }
        ImageRegion crop = dial.crops.get(view);
        return new FoundGauge(GaugeType.POINTER, dial.gauge.box(), dial.gauge.confidence(), m,
                needle(m, crop, image), ticks(m, crop, image), pointerViews);
    }

    /** The dial's reading in the crop read first, confirmed by the other's earlier one; null when not. */
    private static GaugeMeasurement confirmed(Dial dial) {
        return PointerViews.confirmed(dial.measured[1 - dial.earlier.view()], dial.earlier.measurement(), dial.drift);
    }

    /** Notes in the dial's camera history what each of its crops read now. */
    private static void remember(Dial dial, DialViewHistory.At history) {
        if (history == null || dial.crops.size() != 2) {
            return;
        }
        for (int v = 0; v < dial.measured.length; v++) {
            if (dial.measured[v] != null) {
                history.history().saw(dial.gauge.box(),
                        new DialViewHistory.Seen(v, dial.measured[v], dial.pointers[v], history.time()));
            }
        }
    }

    /**
     * The crops of a detected gauge to segment, one per margin, in the pixels of the image under
     * the region (the pointer reader's crop contract: {@link PointerReader#crop}); none when the
     * gauge is too small to segment.
     */
    static List<ImageRegion> cropsOf(ImageRegion image, BoundingBox box, List<Double> margins) {
        List<ImageRegion> crops = new ArrayList<>(margins.size());
        for (double margin : margins) {
            BoundingBox wide = PointerReader.crop(box.translate(image.x(), image.y()), margin, image.imageWidth(),
                    image.imageHeight());
            ImageRegion crop = wide == null ? null
                    : ImageRegion.crop(image.bgr(), image.imageWidth(), image.imageHeight(), wide);
            if (crop == null || crop.width() < 8 || crop.height() < 8) {
                return List.of();
            }
            crops.add(crop);
        }
        return crops;
    }

    private static FoundGauge found(GaugeType type, Detection d, GaugeMeasurement m, double[] needle) {
        return new FoundGauge(type, d.box(), d.confidence(), m, needle);
    }

    /** The pointer from pivot to tip, in the image region's pixels, for drawing. */
    private static double[] needle(GaugeMeasurement m, ImageRegion crop, ImageRegion image) {
        if (m.diagnostics() instanceof PointerDiagnostics p && p.center() != null && p.pointerTip() != null) {
            double dx = crop.x() - image.x();
            double dy = crop.y() - image.y();
            return new double[] {dx + p.center().x(), dy + p.center().y(), dx + p.pointerTip().x(),
                dy + p.pointerTip().y()};
        }
        return null;
    }

    /** The scale's ticks the pointer was read against, in the image region's pixels, for drawing. */
    private static List<ImagePoint> ticks(GaugeMeasurement m, ImageRegion crop, ImageRegion image) {
        if (!(m.diagnostics() instanceof PointerDiagnostics p)) {
            return List.of();
        }
        double dx = crop.x() - image.x();
        double dy = crop.y() - image.y();
        return p.ticks().stream().map(t -> new ImagePoint(dx + t.x(), dy + t.y())).toList();
    }

    /** The liquid surface across the glass, in the image's pixels, for drawing. */
    private static double[] surface(GaugeMeasurement m) {
        if (m.diagnostics() instanceof LevelDiagnostics l && l.glass() != null && l.surfaceY() != null) {
            return new double[] {l.glass().x(), l.surfaceY(), l.glass().x2(), l.surfaceY()};
        }
        return null;
    }

    @Override
    public void close() {
        models.close();
    }
}
