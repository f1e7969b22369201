package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.gauge.GaugeMeasurement;
import io.meterreader.gauge.LevelDiagnostics;
import io.meterreader.gauge.LevelReader;
import io.meterreader.gauge.PointerDiagnostics;
import io.meterreader.gauge.PointerReader;
import io.meterreader.inference.Models;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every gauge in a batch of images with the service's two models and the geometry:
 * detection over whole images; pointer-gauge crops (the gauge box widened by 10% on each side,
 * as the segmentation model was trained) segmented in one batch across all images; then the
 * pointer reader on each crop's masks and the level reader on each sight glass.
 */
final class ModelFrameReader implements FrameReader {

    static final List<String> DETECTOR_CLASSES = List.of("meter", "water", "level");
    static final List<String> SEGMENTER_CLASSES = List.of("pointer", "scale");
    static final int METER = 0;
    static final int WATER = 1;
    static final int LEVEL = 2;

    private final Models models;
    private final PointerReader pointers;
    private final LevelReader levels;
    private final MeterReaderMetrics metrics;
    private final Timer detectTimer;
    private final Timer segmentTimer;
    private final Timer geometryTimer;

    ModelFrameReader(Models models, PointerReader pointers, LevelReader levels, MeterReaderMetrics metrics) {
        this.models = models;
        this.pointers = pointers;
        this.levels = levels;
        this.metrics = metrics;
        this.detectTimer = metrics.inferenceTimer("detector", models.backend());
        this.segmentTimer = metrics.inferenceTimer("segmenter", models.backend());
        this.geometryTimer = metrics.inferenceTimer("geometry", "cpu");
    }

    @Override
    public String backend() {
        return models.backend();
    }

    private record Crop(int image, Detection gauge, ImageRegion region) {
    }

    @Override
    public List<List<FoundGauge>> read(List<ImageRegion> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        List<List<Detection>> detections = detectTimer.record(() -> models.detector().detect(images));
        metrics.recordBatch("detector", models.backend(), images.size());
        List<Crop> crops = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ImageRegion image = images.get(i);
            for (Detection d : detections.get(i)) {
                if (d.classId() == METER) {
                    ImageRegion crop = cropOf(image, d.box());
                    if (crop != null) {
                        crops.add(new Crop(i, d, crop));
                    }
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
        for (int k = 0; k < crops.size(); k++) {
            Crop c = crops.get(k);
            GaugeMeasurement m = pointers.read(segments.get(k), c.region().width(), c.region().height());
            out.get(c.image()).add(found(GaugeType.POINTER, c.gauge(), m, needle(m, c.region(), images.get(c.image()))));
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
     * The crop the segmentation model expects around a detected gauge (the pointer reader's crop
     * contract), in the pixels of the image under the region; null when too small to segment.
     */
    static ImageRegion cropOf(ImageRegion image, BoundingBox box) {
        BoundingBox wide = PointerReader.crop(box.translate(image.x(), image.y()), image.imageWidth(),
                image.imageHeight());
        ImageRegion crop = wide == null ? null : ImageRegion.crop(image.bgr(), image.imageWidth(), image.imageHeight(), wide);
        return crop == null || crop.width() < 8 || crop.height() < 8 ? null : crop;
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
