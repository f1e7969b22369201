package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.ReadingStatus;
import io.meterreader.gauge.Ellipse;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.LineIntersection;
import io.meterreader.gauge.MarkedPointerReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Scale marks a fixed camera's dial gives away by itself. The tick reader finds a dial's pivot and
 * its scale's end ticks in every frame it reads the dial in; one frame's may be off (a tick
 * missed, a stray blob taken for one, a sparse scale), but a camera does not move, so neither do
 * they, and the median of many frames' is where an engineer would have clicked the marks. The
 * marks are the median, mark by mark, of the last {@link #WINDOW} tick readings that found a
 * pointer on a scale (whatever their confidence), used once at least {@link #AGREEING} of those
 * lie within {@link #TOLERANCE} of it (a share of the scale's radius, at least {@link #MIN_PIXELS});
 * every frame whose tick reading is not shown (held under the meter's gate, or no scale found)
 * is then read from its pointer against them, as a meter calibrated with {@code scale-marks} is
 * ({@link MarkedPointerReader}). A small dial's sparse scale, or a frame where a pipe or a glare
 * hides part of it, then still gives a reading. Once the needle has turned far enough over those
 * frames, the pivot is where its axes cross ({@link #turningPivot}).
 *
 * <p>The marks follow the median as readings come; they are forgotten, and learnt again, when the
 * dial's box moves ({@link #SAME_DIAL}): the camera was knocked or turned. A meter calibrated with
 * scale marks keeps its own. What is learnt is kept in a {@link MarksMemory} (first learnt, and
 * whenever it moved beyond the tolerance), and a meter first seen takes up what was kept for it
 * under the same calibration, so a restart does not lose it; the box check applies to it as to
 * marks learnt in this run. Not thread-safe: the inference stage calls it under its lock.
 */
final class LearnedMarks {

    /** Tick readings the marks are the median of. */
    static final int WINDOW = 15;
    /** Of those, how many must lie near the median for it to be used. */
    static final int AGREEING = 9;
    /** How far (share of the scale's radius) each mark of a reading may lie from the median to agree. */
    static final double TOLERANCE = 0.06;
    /** ... and at least this far, in pixels: a small dial's ticks are a few pixels across. */
    static final double MIN_PIXELS = 2;
    /** Overlap of the dial's box with the one the marks were learnt on, below which they are forgotten. */
    static final double SAME_DIAL = 0.5;
    /** Least turn (degrees) between the pointer's axes before the pivot is taken where they cross. */
    static final double TURN = 30;
    /** The smallest spread (pixels) of the axes about their crossing that the robust fit assumes. */
    static final double CROSSING_SCALE = 0.5;
    /** How far (share of the radius) the axes' crossing, and each axis, may lie from the ticks' pivot. */
    static final double PIVOT_AGREEMENT = 0.15;
    /** A pointer's axis counts when its pixels spread this many times as far along it as across. */
    static final double ELONGATED = 4;

    /** What was learnt for a meter: its marks, and the tick reader's ring and box of the reading nearest them. */
    record Learnt(MarkedPointerReader.Marks marks, Ellipse ring, BoundingBox box) {
    }

    /** One frame's tick reading of the dial, with its pointer's own axis (null when none). */
    private record Seen(Learnt found, MarkedPointerReader.Axis axis) {
    }

    private static final MarkedPointerReader POINTERS = new MarkedPointerReader(ModelFrameReader.POINTER);

    private static final class Meter {
        /** The meter's calibration now: a new range or alarm limit replaces it, the same dial kept. */
        MeterCalibration calibration;
        final Deque<Seen> seen = new ArrayDeque<>();
        Learnt learnt;
        MarkedPointerReader.Marks said;
        /**
         * Where the pointer's axes crossed when it last turned far enough: the pivot kept while it
         * stands still (a fixed camera's dial does not move its pivot), so that the marks do not
         * go back to the ticks' pivot, and forth again at the next turn.
         */
        ImagePoint turnedPivot;
        /** Whether the memory has been asked for what was kept (it could not say while the database was away). */
        boolean recalled;

        Meter(MeterCalibration calibration) {
            this.calibration = calibration;
        }
    }

    private final Map<String, Meter> meters = new HashMap<>();
    private final Consumer<String> log;
    private final BiConsumer<String, MeterCalibration.ScaleMarks> learnt;
    private final MarksMemory memory;

    /** @param log where to say what was learnt and forgotten */
    LearnedMarks(Consumer<String> log) {
        this(log, (id, marks) -> { }, MarksMemory.NONE);
    }

    /**
     * @param log    where to say what was learnt and forgotten
     * @param learnt told each meter's marks, as its calibration would give them, whenever they
     *               change (null: forgotten)
     * @param memory where the marks are kept between runs
     */
    LearnedMarks(Consumer<String> log, BiConsumer<String, MeterCalibration.ScaleMarks> learnt, MarksMemory memory) {
        this.log = log;
        this.learnt = learnt;
        this.memory = memory;
    }

    /**
     * The gauge to turn into the meter's reading: the meter's dial read against its configured
     * scale marks; the tick reader's reading where it is shown, or no marks are learnt yet; else
     * the dial read against the learnt marks.
     */
    FoundGauge read(MeterCalibration meter, FoundGauge gauge) {
        if (gauge == null || meter.type() != GaugeType.POINTER || gauge.type() != GaugeType.POINTER) {
            return gauge;
        }
        if (meter.scaleMarks() != null) {
            return InferenceStage.marked(meter, gauge);
        }
        Meter m = meters.get(meter.id());
        if (m == null || !dial(m.calibration).equals(dial(meter))) {
            m = new Meter(meter);
            meters.put(meter.id(), m);
        }
        m.calibration = meter;
        if (!m.recalled && m.learnt == null && memory.canRecall()) {
            m.recalled = true;
            recall(m);
        }
        if (m.learnt != null && gauge.box().iou(m.learnt.box()) < SAME_DIAL) {
            log.accept("Meter " + meter.id() + ": the scale marks learnt for it are forgotten (its dial's box moved); "
                    + "learning them again");
            m.learnt = null;
            m.said = null;
            m.turnedPivot = null;
            m.seen.clear();
            learnt.accept(meter.id(), null);
            memory.forget(meter);
        }
        observe(m, gauge);
        boolean shown = gauge.status() == ReadingStatus.OK && gauge.confidence() >= meter.minConfidence();
        if (shown || m.learnt == null) {
            return gauge;
        }
        return gauge.readAgainst(m.learnt.marks(), m.learnt.ring());
    }

    /**
     * Takes up what was kept for a meter first seen, under its calibration, or seen first while the
     * memory could not say and not yet learnt afresh.
     */
    private void recall(Meter m) {
        Learnt kept = memory.recall(m.calibration);
        if (kept == null) {
            return;
        }
        m.learnt = kept;
        m.said = kept.marks();
        learnt.accept(m.calibration.id(), calibration(kept.marks(), m.calibration.counterclockwise()));
        log.accept("Meter " + m.calibration.id() + ": scale marks learnt before (kept in the store) taken up ("
                + yaml(kept.marks(), m.calibration.counterclockwise()) + ")");
    }

    /** The marks learnt for a meter, if any. */
    MarkedPointerReader.Marks learnt(String meterId) {
        Meter m = meters.get(meterId);
        return m == null || m.learnt == null ? null : m.learnt.marks();
    }

    /**
     * What of a meter's calibration the marks it learns depend on: which dial (its camera, type
     * and region) and which way its values grow (the first mark is where they start). A new range,
     * unit, scale table, alarm limit, smoothing or gate leaves the marks where they are.
     */
    static String dial(MeterCalibration meter) {
        return String.join(" ", meter.camera(), String.valueOf(meter.type()), String.valueOf(meter.region()),
                meter.counterclockwise() ? "counterclockwise" : "clockwise");
    }

    /** A meter's calibration changed: what it learnt is kept if it is still the same dial, else forgotten. */
    void recalibrated(MeterCalibration meter) {
        Meter m = meters.get(meter.id());
        if (m != null && !dial(m.calibration).equals(dial(meter))) {
            forgetMeter(meter.id());
        }
    }

    /** Forgets what was learnt for a meter (it went, or its dial changed). */
    void forgetMeter(String meterId) {
        Meter m = meters.remove(meterId);
        if (m != null && m.learnt != null) {
            learnt.accept(meterId, null);
        }
    }

    /**
     * The meter was taken out of service: its gauge may come back replaced, so what was learnt of
     * the one that went is forgotten, here and in the memory, and learnt afresh from the one that
     * comes back.
     */
    void outOfService(MeterCalibration meter) {
        Meter m = meters.remove(meter.id());
        if (m != null && m.learnt != null) {
            log.accept("Meter " + meter.id() + ": the scale marks learnt for it are forgotten (taken out of service); "
                    + "learning them again once it is back");
            learnt.accept(meter.id(), null);
        }
        memory.forget(meter);
    }

    /** Forgets what was learnt for a camera's meters. */
    void forgetCamera(String cameraId) {
        meters.values().removeIf(m -> {
            if (!m.calibration.camera().equals(cameraId)) {
                return false;
            }
            learnt.accept(m.calibration.id(), null);
            return true;
        });
    }

    private void observe(Meter m, FoundGauge gauge) {
        MarkedPointerReader.Marks marks = gauge.status() == ReadingStatus.OK ? gauge.marksFound() : null;
        if (marks == null) {
            return;
        }
        m.seen.addLast(new Seen(new Learnt(marks, gauge.ringInImage(), gauge.box()), axis(gauge)));
        while (m.seen.size() > WINDOW) {
            m.seen.removeFirst();
        }
        if (m.seen.size() < WINDOW) {
            return;
        }
        List<Learnt> recent = m.seen.stream().map(Seen::found).toList();
        MarkedPointerReader.Marks ticks = median(recent);
        if (ticks == null || recent.stream().filter(l -> agree(l.marks(), ticks)).count() < AGREEING) {
            return;
        }
        MarkedPointerReader.Marks median = turningPivot(m.seen.stream().map(Seen::axis).toList(), ticks);
        if (median != ticks) {
            m.turnedPivot = median.pivot();
        } else if (m.turnedPivot != null) {
            median = withPivot(ticks, m.turnedPivot);
        }
        Learnt nearest = recent.stream().min((a, b) -> Double.compare(spread(a.marks(), ticks),
                spread(b.marks(), ticks))).orElseThrow();
        m.learnt = new Learnt(median, nearest.ring(), gauge.box());
        learnt.accept(m.calibration.id(), calibration(median, m.calibration.counterclockwise()));
        if (m.said == null || !agree(m.said, median)) {
            m.said = median;
            memory.keep(m.calibration, m.learnt);
            log.accept(String.format(Locale.ROOT, "Meter %s: scale marks learnt from its last %d tick readings; its "
                    + "dial is read against them where its ticks are not sure. To keep them, put in its calibration: %s",
                    m.calibration.id(), WINDOW, yaml(median, m.calibration.counterclockwise())));
        }
    }

    /**
     * The marks with the pivot where the pointer's axes over the frames cross, when the pointer
     * turned far enough between them and the crossing lies near the ticks' pivot: a needle turns
     * about its pivot, and a line through many pixels finds it more precisely than a ring of a few
     * tick centroids. Otherwise the marks as they are.
     */
    static MarkedPointerReader.Marks turningPivot(List<MarkedPointerReader.Axis> axes, MarkedPointerReader.Marks marks) {
        List<MarkedPointerReader.Axis> lines = axes.stream().filter(a -> a != null).toList();
        if (lines.size() < AGREEING) {
            return marks;
        }
        double turn = 0;
        for (MarkedPointerReader.Axis a : lines) {
            for (MarkedPointerReader.Axis b : lines) {
                turn = Math.max(turn, Math.abs(a.dx() * b.dy() - a.dy() * b.dx()));
            }
        }
        if (turn < Math.sin(Math.toRadians(TURN))) {
            return marks;
        }
        double radius = (marks.pivot().distanceTo(marks.first()) + marks.pivot().distanceTo(marks.last())) / 2;
        // the axes passing near the ticks' pivot, where they cross (outlying ones weighed down)
        List<MarkedPointerReader.Axis> near = lines.stream().filter(a -> Math.abs(-a.dy() * (marks.pivot().x() - a.x())
                + a.dx() * (marks.pivot().y() - a.y())) <= PIVOT_AGREEMENT * radius).toList();
        if (near.size() < AGREEING) {
            return marks;
        }
        int n = near.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            MarkedPointerReader.Axis a = near.get(i);
            x[i] = a.x();
            y[i] = a.y();
            dx[i] = a.dx();
            dy[i] = a.dy();
            weights[i] = 1;
        }
        double[] crossing = LineIntersection.robust(x, y, dx, dy, weights, n, CROSSING_SCALE, null);
        if (crossing == null || Math.hypot(crossing[0] - marks.pivot().x(), crossing[1] - marks.pivot().y())
                > PIVOT_AGREEMENT * radius) {
            return marks;
        }
        try {
            return new MarkedPointerReader.Marks(new ImagePoint(crossing[0], crossing[1]), marks.first(), marks.last());
        } catch (IllegalArgumentException e) {
            return marks;
        }
    }

    /** The ticks' marks about a pivot found before, where it still lies near theirs; else as they are. */
    static MarkedPointerReader.Marks withPivot(MarkedPointerReader.Marks ticks, ImagePoint pivot) {
        double radius = (ticks.pivot().distanceTo(ticks.first()) + ticks.pivot().distanceTo(ticks.last())) / 2;
        if (pivot.distanceTo(ticks.pivot()) > PIVOT_AGREEMENT * radius) {
            return ticks;
        }
        try {
            return new MarkedPointerReader.Marks(pivot, ticks.first(), ticks.last());
        } catch (IllegalArgumentException e) {
            return ticks;
        }
    }

    /** The principal axis of the pointer in the dial's first crop ({@link MarkedPointerReader#axis}); null when none. */
    static MarkedPointerReader.Axis axis(FoundGauge gauge) {
        return gauge.pointers().isEmpty() ? null : POINTERS.axis(gauge.pointers().get(0), ELONGATED);
    }

    /** Whether each of a's marks lies within the tolerance of b's. */
    static boolean agree(MarkedPointerReader.Marks a, MarkedPointerReader.Marks b) {
        double radius = (b.pivot().distanceTo(b.first()) + b.pivot().distanceTo(b.last())) / 2;
        return spread(a, b) <= Math.max(TOLERANCE * radius, MIN_PIXELS);
    }

    /** The farthest any of a's marks lies from b's, in pixels. */
    private static double spread(MarkedPointerReader.Marks a, MarkedPointerReader.Marks b) {
        return Math.max(a.pivot().distanceTo(b.pivot()),
                Math.max(a.first().distanceTo(b.first()), a.last().distanceTo(b.last())));
    }

    /** Each mark's coordinates' medians; null when they fall on the pivot. */
    static MarkedPointerReader.Marks median(List<Learnt> seen) {
        try {
            return new MarkedPointerReader.Marks(medianPoint(seen, MarkedPointerReader.Marks::pivot),
                    medianPoint(seen, MarkedPointerReader.Marks::first),
                    medianPoint(seen, MarkedPointerReader.Marks::last));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ImagePoint medianPoint(List<Learnt> seen, Function<MarkedPointerReader.Marks, ImagePoint> mark) {
        return new ImagePoint(median(seen, l -> mark.apply(l.marks()).x()), median(seen, l -> mark.apply(l.marks()).y()));
    }

    private static double median(List<Learnt> seen, ToDoubleFunction<Learnt> value) {
        double[] v = seen.stream().mapToDouble(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The marks as a calibration gives them: min and max, so turned round for a counter-clockwise meter. */
    static MeterCalibration.ScaleMarks calibration(MarkedPointerReader.Marks marks, boolean counterclockwise) {
        ImagePoint min = counterclockwise ? marks.last() : marks.first();
        ImagePoint max = counterclockwise ? marks.first() : marks.last();
        return new MeterCalibration.ScaleMarks(point(marks.pivot()), point(min), point(max));
    }

    private static MeterCalibration.Point point(ImagePoint p) {
        return new MeterCalibration.Point(p.x(), p.y());
    }

    /** The marks as a calibration's {@code scale-marks} line, in whole pixels. */
    static String yaml(MarkedPointerReader.Marks marks, boolean counterclockwise) {
        MeterCalibration.ScaleMarks c = calibration(marks, counterclockwise);
        return new MeterCalibration.ScaleMarks(whole(c.pivot()), whole(c.min()), whole(c.max())).yaml();
    }

    private static MeterCalibration.Point whole(MeterCalibration.Point p) {
        return new MeterCalibration.Point(Math.round(p.x()), Math.round(p.y()));
    }
}
