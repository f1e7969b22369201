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
import java.util.List;

/**
 * Reads every gauge in a batch of images with the service's two models and the geometry:
 * detection over whole images; pointer-gauge crops segmented in one batch across all images (one
 * or more crops per dial, each with its own margin around the gauge box: {@link PointerViews});
 * then the pointer reader on each crop's masks, the views of a dial combined into one reading,
 * and the level reader on each sight glass.
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

    /** One crop of one dial: the dial's place in the list of dials, the image it is in, and the crop. */
    private record Crop(int dial, int image, Detection gauge, ImageRegion region) {
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
        if (images.size() != detections.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + detections.size() + " detection lists");
        }
        if (images.isEmpty()) {
            return List.of();
        }
        List<Crop> crops = new ArrayList<>();
        int dials = 0;
        for (int i = 0; i < images.size(); i++) {
            ImageRegion image = images.get(i);
            for (Detection d : detections.get(i)) {
                if (d.classId() == METER) {
                    List<ImageRegion> views = cropsOf(image, d.box(), viewMargins);
                    for (ImageRegion crop : views) {
                        crops.add(new Crop(dials, i, d, crop));
                    }
                    dials += views.isEmpty() ? 0 : 1;
                }
            }
        }
        List<List<Detection>> segments = crops.isEmpty() ? List.of()
                : segmentTimer.record(() -> models.segmenter().segment(crops.stream().map(Crop::region).toList()));
        if (!crops.isEmpty()) {
            metrics.recordBatch("segmenter", models.backend(), crops.size());
        }

        List<List<FoundGauge>> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            out.add(new ArrayList<>());
        }
        long start = System.nanoTime();
        for (int k = 0; k < crops.size(); ) {
            int first = k;
            List<GaugeMeasurement> views = new ArrayList<>();
            List<MarkedPointerReader.View> pointerViews = new ArrayList<>();
            for (; k < crops.size() && crops.get(k).dial() == crops.get(first).dial(); k++) {
                Crop c = crops.get(k);
                views.add(pointers.read(segments.get(k), c.region().width(), c.region().height()));
                ImageRegion image = images.get(c.image());
                pointerViews.add(new MarkedPointerReader.View(
                        segments.get(k).stream().filter(d -> d.classId() == POINTER).toList(),
                        c.region().x() - image.x(), c.region().y() - image.y(),
                        MarkedPointerReader.maskShift(maskOffset, Math.max(c.region().width(), c.region().height()),
                                segmenterInput)));
            }
            PointerViews.Combined dial = PointerViews.combine(views);
            Crop drawn = crops.get(first + dial.view());
            GaugeMeasurement m = dial.measurement();
            ImageRegion image = images.get(drawn.image());
            out.get(drawn.image()).add(new FoundGauge(GaugeType.POINTER, drawn.gauge().box(),
                    drawn.gauge().confidence(), m, needle(m, drawn.region(), image), ticks(m, drawn.region(), image),
                    pointerViews));
        }
        for (int i = 0; i < images.size(); i++) {
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
        geometryTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return out;
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
