package io.meterreader.pipeline;

import io.meterreader.config.InferenceProperties;
import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ImageRegion;
import io.meterreader.frame.Reading;
import io.meterreader.gauge.LevelReader;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.gauge.PointerReader;
import io.meterreader.gauge.ScaleMapping;
import io.meterreader.inference.InferenceBackends;
import io.meterreader.inference.Models;
import io.meterreader.inference.OnnxMetadata;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads every gauge in an image without a camera: the way a user checks a calibration. Used by
 * {@code POST /api/v1/read} and the {@code read} command.
 */
public final class OfflineReader implements AutoCloseable {

    /**
     * An optional scale to turn fractions into values: value = min + fraction x (max - min), the
     * fraction measured clockwise from the scale's first tick, or counter-clockwise for a dial
     * whose values grow that way (as a calibration's {@code direction}).
     */
    public record Scale(double min, double max, String unit, boolean counterclockwise) {
        public Scale {
            if (!(Double.isFinite(min) && Double.isFinite(max) && min < max && Double.isFinite(max - min))) {
                throw new IllegalArgumentException("min must be less than max, got min " + min + ", max " + max);
            }
        }

        /** A scale whose values grow clockwise. */
        public Scale(double min, double max, String unit) {
            this(min, max, unit, false);
        }
    }

    /**
     * One gauge as the read endpoint reports it.
     *
     * @param confidence the reading's confidence, as the live service gives it and compares with a
     *                   meter's minimum confidence (0 where nothing was measured)
     * @param detection  the detector's confidence that a gauge is there, in that box
     */
    public record GaugeResult(String type, BoundingBox box, double confidence, double detection, Double fraction,
                              Double value, String unit, String status) {
    }

    /**
     * A sight glass's level marks as the {@code read} command and endpoint take them: the image
     * rows of the liquid's surface when the tank is empty and when it is full, as a calibration's
     * {@code level-marks}, and where the picture has several glasses, a column of the one they are
     * for (null: the glass whose box spans the most of the rows between them).
     */
    public record GlassMarks(MeterCalibration.LevelMarks rows, Double column) {
    }

    /** The marks an image is read against: a dial's scale marks, a sight glass's level marks (each may be null). */
    public record Marks(MeterCalibration.ScaleMarks scale, GlassMarks glass) {
        public static final Marks NONE = new Marks(null, null);
    }

    /** Everything read in one image. */
    public record ImageResult(int width, int height, List<GaugeResult> gauges) {
    }

    private final FrameReader reader;
    private final boolean ownsReader;
    /** The reader's metrics, where it has any. */
    private final MeterRegistry registry;

    OfflineReader(FrameReader reader) {
        this(reader, false, new SimpleMeterRegistry());
    }

    private OfflineReader(FrameReader reader, boolean ownsReader, MeterRegistry registry) {
        this.reader = reader;
        this.ownsReader = ownsReader;
        this.registry = registry;
    }

    /** A reader of its own, outside the service (the {@code read} and {@code eval} commands). */
    public static OfflineReader open(InferenceProperties inference) {
        return open(inference, false);
    }

    /**
     * @param originalGeometry read with the original system's geometry (the baseline) instead of
     *                         the service's
     */
    public static OfflineReader open(InferenceProperties inference, boolean originalGeometry) {
        Models models = InferenceBackends.open(inference, ModelFrameReader.DETECTOR_CLASSES,
                ModelFrameReader.SEGMENTER_CLASSES);
        MeterRegistry registry = new SimpleMeterRegistry();
        MeterReaderMetrics metrics = new MeterReaderMetrics(registry, Clock.systemUTC());
        double maskOffset;
        try {
            maskOffset = OnnxMetadata.maskOffset(inference.segmenter());
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
        return new OfflineReader(new ModelFrameReader(models,
                originalGeometry ? PointerReader.original() : PointerReader.standard(),
                originalGeometry ? LevelReader.original() : LevelReader.standard(), metrics,
                inference.dialViews(), maskOffset), true, registry);
    }

    /** How many dial crops the segmenter has read so far. */
    long segmentedCrops() {
        DistributionSummary crops = registry.find(MeterReaderMetrics.INFERENCE_BATCH).tag("model", "segmenter")
                .summary();
        return crops == null ? 0 : Math.round(crops.totalAmount());
    }

    /** The detector's gauges in one image. */
    public List<Detection> detect(ImageDecoder.BgrImage image) {
        return reader.detect(List.of(region(image))).get(0);
    }

    /** The gauges of one image read at the given detections, before any scale. */
    public List<FoundGauge> find(ImageDecoder.BgrImage image, List<Detection> detections) {
        return find(image, detections, null);
    }

    /**
     * As {@link #find(ImageDecoder.BgrImage, List)}, a frame of a camera whose dials' earlier
     * readings are in {@code history} (may be null), as the live pipeline reads it.
     */
    List<FoundGauge> find(ImageDecoder.BgrImage image, List<Detection> detections, DialViewHistory.At history) {
        return reader.read(List.of(region(image)), List.of(detections), Collections.singletonList(history)).get(0);
    }

    /** Every gauge found in a batch of images, before any scale: for evaluation against ground truth. */
    public List<List<FoundGauge>> find(List<ImageDecoder.BgrImage> images) {
        return reader.read(images.stream().map(OfflineReader::region).toList());
    }

    @Override
    public void close() {
        if (ownsReader) {
            reader.close();
        }
    }

    /**
     * What {@link #readAnnotated} gives: the result, the image with what was found drawn on it, and
     * the gauges as the geometry measured them (one per result gauge, in its order), for a user
     * who asks why a reading was held back.
     */
    public record Annotated(ImageResult result, CameraSnapshot snapshot, List<FoundGauge> found) {
    }

    /** Reads one image; with a scale, fractions become values in its unit. */
    public ImageResult read(ImageDecoder.BgrImage image, Scale scale) {
        return readAnnotated(image, scale).result();
    }

    /** As {@link #read(ImageDecoder.BgrImage, Scale)}, the dial under the marks' pivot read against them when marks are given. */
    public ImageResult read(ImageDecoder.BgrImage image, Scale scale, MeterCalibration.ScaleMarks marks) {
        return readAnnotated(image, scale, marks).result();
    }

    /**
     * Scale marks as the {@code read} command and endpoint take them: six numbers, image pixels,
     * {@code pivotX,pivotY,minX,minY,maxX,maxY} (the pointer's pivot, the centres of the scale's
     * min and max ticks), as a calibration's {@code scale-marks}.
     *
     * @throws IllegalArgumentException with a message for the user when the text is not that
     */
    public static MeterCalibration.ScaleMarks parseMarks(String text) {
        String[] parts = text.split(",");
        if (parts.length != 6) {
            throw new IllegalArgumentException("scale marks are six numbers, pivotX,pivotY,minX,minY,maxX,maxY; got '"
                    + text + "'");
        }
        double[] v = numbers(parts, "scale marks are six numbers", "scale marks");
        MeterCalibration.Point pivot = new MeterCalibration.Point(v[0], v[1]);
        MeterCalibration.Point min = new MeterCalibration.Point(v[2], v[3]);
        MeterCalibration.Point max = new MeterCalibration.Point(v[4], v[5]);
        if (Math.hypot(min.x() - pivot.x(), min.y() - pivot.y()) < 1
                || Math.hypot(max.x() - pivot.x(), max.y() - pivot.y()) < 1
                || Math.hypot(min.x() - max.x(), min.y() - max.y()) < 1) {
            throw new IllegalArgumentException("the scale marks' min and max must lie apart and away from the pivot");
        }
        return new MeterCalibration.ScaleMarks(pivot, min, max);
    }

    /** The marks' numbers; where one is not a finite number, {@code said}, or {@code marks} must be finite. */
    private static double[] numbers(String[] parts, String said, String marks) {
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(said + "; '" + parts[i].trim() + "' is not one");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(marks + " must be finite numbers");
            }
        }
        return v;
    }

    /**
     * Level marks as the {@code read} command and endpoint take them: {@code EMPTY,FULL} or
     * {@code EMPTY,FULL,X}, image pixels (the rows of the surface when empty and when full, and a
     * column of the glass).
     *
     * @throws IllegalArgumentException with a message for the user when the text is not that
     */
    public static GlassMarks parseLevelMarks(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2 && parts.length != 3) {
            throw new IllegalArgumentException("level marks are two or three numbers, EMPTY,FULL[,X] (the rows of "
                    + "the surface when empty and when full, and a column of the sight glass); got '" + text + "'");
        }
        double[] v = numbers(parts, "level marks are numbers", "level marks");
        if (!(v[0] - v[1] >= 1)) {
            throw new IllegalArgumentException("the empty mark must lie below the full one, a larger image row (empty "
                    + v[0] + ", full " + v[1] + ")");
        }
        return new GlassMarks(new MeterCalibration.LevelMarks(v[0], v[1]), parts.length == 3 ? v[2] : null);
    }

    /**
     * As {@link #read}, and the image as a snapshot annotated as a camera's would be: each gauge's
     * box, pointer and status, named by its type and place in the result ({@code pointer-1}), and
     * the ticks its scale was read against (whatever its status: a reading held back is drawn with
     * the ticks that made it doubtful).
     */
    public Annotated readAnnotated(ImageDecoder.BgrImage image, Scale scale) {
        return readAnnotated(image, scale, Marks.NONE);
    }

    /**
     * As {@link #readAnnotated(ImageDecoder.BgrImage, Scale)}; with marks, the dial whose box holds
     * their pivot (the one whose centre is nearest it, if several) is read from its pointer
     * against them, as a meter calibrated with {@code scale-marks} is.
     */
    public Annotated readAnnotated(ImageDecoder.BgrImage image, Scale scale, MeterCalibration.ScaleMarks marks) {
        return readAnnotated(image, scale, new Marks(marks, null));
    }

    /** As {@link #read(ImageDecoder.BgrImage, Scale, MeterCalibration.ScaleMarks)}, with a sight glass's level marks too. */
    public ImageResult read(ImageDecoder.BgrImage image, Scale scale, Marks marks) {
        return readAnnotated(image, scale, marks).result();
    }

    /**
     * As {@link #readAnnotated(ImageDecoder.BgrImage, Scale, MeterCalibration.ScaleMarks)}; with
     * level marks, the sight glass they are for (the one whose box holds their column, nearest it;
     * without a column, the one whose box spans the most of the rows between them) is measured
     * between them, as a meter calibrated with {@code level-marks} is.
     */
    public Annotated readAnnotated(ImageDecoder.BgrImage image, Scale scale, Marks marks) {
        List<FoundGauge> found = new ArrayList<>(reader.read(List.of(region(image))).get(0));
        if (marks.scale() != null) {
            markDial(found, MarkedPointerReader.Marks.of(marks.scale(), scale != null && scale.counterclockwise()));
        }
        int glass = marks.glass() == null ? -1 : markedGlass(found, marks.glass());
        // The service's own mapping, so a reading it would call LOW_CONFIDENCE is LOW_CONFIDENCE
        // here too, without a value: what a user checks offline is what the camera will show.
        ScaleMapping mapping = scale == null ? ScaleMapping.uncalibrated()
                : ScaleMapping.linear(scale.min(), scale.max(), scale.unit(), scale.counterclockwise());
        Instant now = Instant.now();
        List<GaugeResult> gauges = new ArrayList<>(found.size());
        List<Annotation> annotations = new ArrayList<>(found.size());
        for (FoundGauge g : found) {
            String type = g.type().name().toLowerCase(Locale.ROOT);
            String id = type + "-" + (gauges.size() + 1);
            ScaleMapping own = gauges.size() == glass ? mapping.withLevelMarks(marks.glass().rows()) : mapping;
            Reading r = own.toReading(g.measurement(), id, "offline", now, now);
            Double value = r.isOk() && scale != null ? r.value() : null;
            String unit = scale == null ? null : scale.unit();
            gauges.add(new GaugeResult(type, g.box(), r.confidence(), g.detectionConfidence(),
                    r.isOk() ? r.fraction() : null, value, unit, r.status().name()));
            annotations.add(new Annotation(g.type(), g.box(), id, r.status(), InferenceStage.label(id, r), g.needle(),
                    g.ticks()));
        }
        Frame frame = new Frame("offline", 0, now, image.width(), image.height(), image.bgr());
        return new Annotated(new ImageResult(image.width(), image.height(), gauges),
                new CameraSnapshot(frame, annotations), found);
    }

    private static void markDial(List<FoundGauge> found, MarkedPointerReader.Marks marks) {
        int best = -1;
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < found.size(); i++) {
            FoundGauge g = found.get(i);
            double d = Math.hypot(g.box().centerX() - marks.pivot().x(), g.box().centerY() - marks.pivot().y());
            if (g.type() == GaugeType.POINTER && g.box().contains(marks.pivot().x(), marks.pivot().y()) && d < nearest) {
                nearest = d;
                best = i;
            }
        }
        if (best >= 0) {
            found.set(best, found.get(best).readAgainst(marks));
        }
    }

    /** The sight glass the level marks are for, by its place in {@code found}; -1 where none is. */
    private static int markedGlass(List<FoundGauge> found, GlassMarks marks) {
        int best = -1;
        double bestScore = 0;
        for (int i = 0; i < found.size(); i++) {
            BoundingBox box = found.get(i).box();
            if (found.get(i).type() != GaugeType.LEVEL) {
                continue;
            }
            double score;
            if (marks.column() != null) {
                double x = marks.column();
                // nearer its middle is better; a box that does not hold the column is not it
                score = box.x() <= x && x <= box.x2() ? 1 / (1 + Math.abs(box.centerX() - x)) : 0;
            } else {
                score = Math.min(box.y2(), marks.rows().empty()) - Math.max(box.y(), marks.rows().full());
            }
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static ImageRegion region(ImageDecoder.BgrImage image) {
        return ImageRegion.whole(image.bgr(), image.width(), image.height());
    }

    /** The backend the models run on. */
    public String backend() {
        return reader.backend();
    }
}
