package io.meterreader.gauge;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.Detection;
import io.meterreader.frame.GaugeType;
import io.meterreader.frame.Mask;
import io.meterreader.frame.ReadingStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dial from its pointer alone, against scale marks an engineer read off a snapshot: the
 * pointer's pivot and the centres of the scale's two end ticks, in image pixels. A fixed camera
 * sees a dial's scale in the same place in every frame, so the ticks need not be found again in
 * each: the segmenter's tick masks, its weakest output (small dials' scales come out sparse, a
 * pipe over a scale's end hides where it ends, real scales come out as blobs), are not used.
 *
 * <ol>
 * <li>The dial is unwarped where the tick reader fitted an ellipse through the ticks that the
 *     marks lie on ({@link #read(List, Marks, Ellipse)}); every offset from the pivot below is
 *     measured in that plane. The pivot is moved by the segmenter's mask shift
 *     ({@link #maskShift}) into the masks' frame.</li>
 * <li>Each pointer instance of each crop is a line through the pivot: the principal axis of its
 *     pixels seen from the pivot (pixels within a tenth of the scale's radius of it left out,
 *     where the cap hides the pointer). The tip is the end that reaches farther.</li>
 * <li>Instances on one line (within {@link #SAME_LINE}) are pieces of one pointer and vote
 *     together, each with its score times its reach; the line with the most vote is the
 *     pointer.</li>
 * <li>The fraction is the pointer's angle, clockwise from the first mark, over the marks' sweep.
 *     Beyond either end by more than {@link #END_TOLERANCE} of the sweep it is OUT_OF_RANGE (the
 *     open sector is split at its middle).</li>
 * <li>The confidence multiplies the pointer's score (square root), how straight its pixels lie
 *     on a line through the pivot, how far it reaches towards the ticks, and how little a rival
 *     line (a drag pointer, a stray piece) polls against it.</li>
 * </ol>
 * The crops' readings are combined as the tick reader's are ({@link PointerViews#combine}).
 *
 * <p>Without a ring the angle is the image's: a dial seen at an angle is read as if it faced the
 * camera, which is right at its ends (the marks) and off between them, by a few percent of the
 * span for a dial seen 30 degrees or more off its axis.
 */
public final class MarkedPointerReader {

    /** The {@link PointerDiagnostics#method()} of its readings. */
    public static final String METHOD = "marked";
    /** Pointer instances whose lines are this close (degrees) are pieces of one pointer. */
    static final double SAME_LINE = 3;
    /** How far beyond a scale's end, as a share of its sweep, a pointer still reads as that end. */
    static final double END_TOLERANCE = 0.02;
    /** How far (share of the ring's radius) an end mark, unwarped, may lie off the tick reader's ring for the ring to be used. */
    static final double RING_AGREEMENT = 0.15;
    /** The flattest ring (minor over major axis) used to unwarp a dial: about 60 degrees off its axis. */
    static final double FLATTEST = 0.5;
    /** Pixels closer to the pivot than this share of the scale's radius are left out. */
    static final double CAP = 0.1;
    /** RMS distance of a pointer's pixels from its line, as a share of the radius: full trust up to the first, none from the second. */
    static final double FIT_GOOD = 0.04;
    static final double FIT_BAD = 0.12;
    /** A pointer's reach from the pivot, as a share of the radius: none up to the first, full trust from the second. */
    static final double REACH_SHORT = 0.25;
    static final double REACH_FULL = 0.55;
    /** A rival line's vote, as a share of the pointer's: full trust up to the first, none from the second. */
    static final double RIVAL_WEAK = 0.2;
    static final double RIVAL_STRONG = 0.6;

    /**
     * Where a dial's scale lies in the image.
     *
     * @param pivot the pointer's pivot
     * @param first the scale's first tick clockwise (its start)
     * @param last  its last tick clockwise
     */
    public record Marks(ImagePoint pivot, ImagePoint first, ImagePoint last) {

        public Marks {
            if (radius(pivot, first) < 1 || radius(pivot, last) < 1) {
                throw new IllegalArgumentException("a scale's end marks must lie away from its pivot");
            }
        }

        /**
         * A meter's marks as the reader takes them: clockwise from first to last, so on a meter
         * whose values grow counter-clockwise the first is its max (the reading's fraction is then
         * turned round by {@link ScaleMapping}, as the tick reader's is).
         */
        public static Marks of(MeterCalibration.ScaleMarks marks, boolean counterclockwise) {
            ImagePoint min = new ImagePoint(marks.min().x(), marks.min().y());
            ImagePoint max = new ImagePoint(marks.max().x(), marks.max().y());
            return new Marks(new ImagePoint(marks.pivot().x(), marks.pivot().y()), counterclockwise ? max : min,
                    counterclockwise ? min : max);
        }

        private static double radius(ImagePoint a, ImagePoint b) {
            return Math.hypot(b.x() - a.x(), b.y() - a.y());
        }
    }

    /**
     * The linear map that makes a dial seen at an angle face the camera: the ring the tick reader
     * fitted (an ellipse) turned into a circle, its minor axis stretched to its major. Offsets
     * from the pivot are mapped, so the pivot stays where it is.
     */
    record Plane(double a, double b, double c, double d) {
        static final Plane IDENTITY = new Plane(1, 0, 0, 1);

        static Plane unwarping(Ellipse ring) {
            double t = Math.toRadians(ring.angleDegrees());
            double cos = Math.cos(t);
            double sin = Math.sin(t);
            double k = ring.semiMajor() / ring.semiMinor();
            // rotate the major axis onto x, stretch y by k, rotate back
            return new Plane(cos * cos + k * sin * sin, cos * sin * (1 - k), cos * sin * (1 - k), sin * sin + k * cos * cos);
        }

        double x(double dx, double dy) {
            return a * dx + b * dy;
        }

        double y(double dx, double dy) {
            return c * dx + d * dy;
        }

        /** The image offset that maps to {@code (px, py)}. */
        double[] back(double px, double py) {
            double det = a * d - b * c;
            return new double[] {(d * px - b * py) / det, (-c * px + a * py) / det};
        }
    }

    /** The marks in a plane: the ends' angles and the scale's radius there. */
    private record Scale(Marks marks, Plane plane, double radius, double firstAngle, double sweep) {

        static Scale of(Marks marks, Plane plane) {
            double[] f = offset(marks, marks.first(), plane);
            double[] l = offset(marks, marks.last(), plane);
            double first = Math.toDegrees(Math.atan2(f[1], f[0]));
            double sweep = Geometry.normalizeDegrees(Math.toDegrees(Math.atan2(l[1], l[0])) - first);
            return new Scale(marks, plane, (Math.hypot(f[0], f[1]) + Math.hypot(l[0], l[1])) / 2, first,
                    sweep == 0 ? 360 : sweep);
        }

        private static double[] offset(Marks marks, ImagePoint p, Plane plane) {
            double dx = p.x() - marks.pivot().x();
            double dy = p.y() - marks.pivot().y();
            return new double[] {plane.x(dx, dy), plane.y(dx, dy)};
        }

        /** The scale fraction of a pointer at {@code degrees} (in the plane), clockwise from the first mark; past the ends below 0 or above 1. */
        double fraction(double degrees) {
            double from = Geometry.normalizeDegrees(degrees - firstAngle);
            if (from > sweep + (360 - sweep) / 2) {
                from -= 360;
            }
            return from / sweep;
        }
    }

    /**
     * The pointer instances the segmenter found in one crop of a dial, and where the crop's top
     * left lies in the image.
     *
     * @param maskShift how far right and down of the truth the segmenter draws its masks, in the
     *                  crop's pixels ({@link #maskShift}); 0 for exact masks
     * @param drift     how far the needle is taken to have moved since the crop was segmented, as
     *                  a share of the span, added to its reading: 0 for a crop of the frame being
     *                  read, a carried-on rate for one of an earlier frame (the live pipeline's crops
     *                  taking turns)
     */
    public record View(List<Detection> pointers, double x, double y, double maskShift, double drift) {
        public View {
            pointers = List.copyOf(pointers);
        }

        /** A crop of the frame being read. */
        public View(List<Detection> pointers, double x, double y, double maskShift) {
            this(pointers, x, y, maskShift, 0);
        }

        /** This crop, of an earlier frame, with the needle taken to have moved by {@code drift} since. */
        public View drifted(double drift) {
            return new View(pointers, x, y, maskShift, drift);
        }
    }

    /**
     * How far right of and below the truth a segmenter draws its masks, in the pixels of a crop
     * whose longer side is {@code cropSide}: {@code offsetCells} prototype cells (4 input pixels
     * each, at stride 4), scaled from the model's input of {@code inputSide} to the crop. The
     * shipped segmenter's is half a cell (its ONNX metadata says so, {@code mask_offset}): its
     * trainer ({@code data.py}, {@code raster}, until 2026-12-05) filled each polygon at prototype
     * resolution with its coordinates divided by 4, and OpenCV takes integer coordinates for pixel
     * centres, so every training mask lay half a cell right of and below its polygon, and the
     * model learnt that (Ultralytics fills at full resolution and scales down, which does not
     * shift: 0). A reader that compares masks with each other (the tick reader) never sees it;
     * one that compares them with marks placed on the image does: on a development export, with
     * the marks, the mean error of what was shown fell from 1.30% to 0.88% of the span once the
     * pivot was moved the same way (0.4 and 0.6 cells did no better).
     */
    public static double maskShift(double offsetCells, int cropSide, int inputSide) {
        return offsetCells * 4 * (double) cropSide / inputSide;
    }

    /** A pointer's principal axis in image pixels: a point on it and its unit direction (sign arbitrary). */
    public record Axis(double x, double y, double dx, double dy) {
    }

    /**
     * The principal axis of the surest pointer instance of a crop ({@link Blob}'s), in image pixels
     * with the segmenter's mask shift taken off, so that it passes where the pointer is and not
     * where its mask is drawn; null when the crop has none, or its pixels spread less than
     * {@code elongation} times as far along the axis as across it.
     */
    public Axis axis(View view, double elongation) {
        Detection best = null;
        for (Detection d : view.pointers()) {
            if (d.classId() == pointerClass && d.hasMask() && (best == null || d.confidence() > best.confidence())) {
                best = d;
            }
        }
        List<Blob> pieces = best == null ? List.of() : BlobFinder.blobs(best);
        if (pieces.isEmpty()) {
            return null;
        }
        Blob pointer = Blob.union(pieces);
        if (pointer.major < elongation * elongation * pointer.minor) {
            return null;
        }
        // a blob's pixels are centred on their integer coordinates, this reader's at + 0.5
        return new Axis(pointer.cx + 0.5 + view.x() - view.maskShift(), pointer.cy + 0.5 + view.y() - view.maskShift(),
                pointer.dx, pointer.dy);
    }

    /** One pointer instance seen from the pivot. */
    private record Line(double degrees, double reach, double fit, double vote) {
    }

    private final int pointerClass;

    /** A reader of the segmenter's instances of class {@code pointerClass}. */
    public MarkedPointerReader(int pointerClass) {
        this.pointerClass = pointerClass;
    }

    /** A dial's reading from the pointers of each of its crops, angles as the image shows them. */
    public GaugeMeasurement read(List<View> views, Marks marks) {
        return read(views, marks, null);
    }

    /**
     * As above, the dial unwarped first when {@code ring} (the tick reader's ellipse through the
     * ticks, image pixels; may be null) agrees with the marks: both end marks, unwarped, within
     * {@link #RING_AGREEMENT} of its radius, and the ellipse no flatter than {@link #FLATTEST}.
     */
    public GaugeMeasurement read(List<View> views, Marks marks, Ellipse ring) {
        if (views.isEmpty()) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND);
        }
        Scale scale = scale(marks, ring);
        List<GaugeMeasurement> readings = new ArrayList<>(views.size());
        for (View v : views) {
            readings.add(readView(v, scale));
        }
        return PointerViews.combine(readings).measurement();
    }

    /** The marks in the ring's unwarped plane where it agrees with them, else as the image shows them. */
    static Scale scale(Marks marks, Ellipse ring) {
        if (ring != null && ring.semiMinor() > 0 && ring.semiMinor() >= FLATTEST * ring.semiMajor()) {
            Scale unwarped = Scale.of(marks, Plane.unwarping(ring));
            double[] f = Scale.offset(marks, marks.first(), unwarped.plane());
            double[] l = Scale.offset(marks, marks.last(), unwarped.plane());
            if (Math.abs(Math.hypot(f[0], f[1]) / ring.semiMajor() - 1) <= RING_AGREEMENT
                    && Math.abs(Math.hypot(l[0], l[1]) / ring.semiMajor() - 1) <= RING_AGREEMENT) {
                return unwarped;
            }
        }
        return Scale.of(marks, Plane.IDENTITY);
    }

    /** One crop's reading. */
    GaugeMeasurement readView(View view, Scale scale) {
        Marks marks = scale.marks();
        Plane plane = scale.plane();
        double radius = scale.radius();
        double shift = view.maskShift();
        double px = marks.pivot().x() - view.x() + shift;
        double py = marks.pivot().y() - view.y() + shift;
        List<Line> lines = new ArrayList<>();
        for (Detection d : view.pointers()) {
            if (d.classId() == pointerClass && d.hasMask()) {
                Line line = line(d, px, py, radius, plane);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        if (lines.isEmpty()) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.POINTER_NOT_FOUND, 0,
                    diagnostics(scale, null, null, null));
        }
        // Pieces on one line vote together; the best line is the pointer, the next best its rival.
        double bestVote = -1;
        Line best = null;
        for (Line seed : lines) {
            double vote = voteAlong(lines, seed);
            if (vote > bestVote) {
                bestVote = vote;
                best = seed;
            }
        }
        double rivalVote = 0;
        for (Line other : lines) {
            if (!sameLine(other, best)) {
                rivalVote = Math.max(rivalVote, voteAlong(lines, other));
            }
        }
        // The pointer's angle: the pieces on its line, weighed by their vote.
        double sx = 0;
        double sy = 0;
        double reach = 0;
        double fit = 0;
        double reachSum = 0;
        for (Line l : lines) {
            if (sameLine(l, best)) {
                sx += l.vote() * Math.cos(Math.toRadians(l.degrees()));
                sy += l.vote() * Math.sin(Math.toRadians(l.degrees()));
                reach = Math.max(reach, l.reach());
                fit += l.vote() * l.fit();
                reachSum += l.reach();
            }
        }
        double degrees = Math.toDegrees(Math.atan2(sy, sx));
        fit /= bestVote;
        // the segmenter's score of the pointer: its pieces' scores weighed by their reach
        double score = bestVote / reachSum;
        double confidence = Math.sqrt(score)
                * falling(fit, FIT_GOOD, FIT_BAD)
                * rising(reach, REACH_SHORT, REACH_FULL)
                * falling(rivalVote / bestVote, RIVAL_WEAK, RIVAL_STRONG);
        double raw = scale.fraction(degrees) + view.drift();
        double length = radius * Math.min(reach, 1.1);
        double[] back = plane.back(length * Math.cos(Math.toRadians(degrees)), length * Math.sin(Math.toRadians(degrees)));
        ImagePoint tip = new ImagePoint(marks.pivot().x() + back[0], marks.pivot().y() + back[1]);
        PointerDiagnostics diagnostics = diagnostics(scale, tip, degrees, raw);
        if (raw < -END_TOLERANCE || raw > 1 + END_TOLERANCE) {
            return GaugeMeasurement.failed(GaugeType.POINTER, ReadingStatus.OUT_OF_RANGE, confidence, diagnostics);
        }
        return GaugeMeasurement.ok(GaugeType.POINTER, Geometry.clamp(raw, 0, 1), confidence, diagnostics);
    }

    /**
     * A pointer instance as a line through the pivot {@code (px, py)} (crop pixels): the direction
     * that its pixels' offsets from the pivot spread along most (the principal axis of their
     * scatter about the pivot, not about their own mean, so the line passes through the pivot),
     * pointing to the end that reaches farther. Null for an instance with no pixel off the cap.
     */
    private static Line line(Detection d, double px, double py, double radius, Plane plane) {
        Mask m = d.mask();
        double cap = CAP * radius;
        // the mask's pixels off the cap, as offsets from the pivot in the dial's plane
        double[] offsets = new double[2 * m.area()];
        int n = 0;
        for (int y = m.y(); y < m.y() + m.windowHeight(); y++) {
            int row = (y - m.y()) * m.windowWidth();
            for (int x = m.x(); x < m.x() + m.windowWidth(); x++) {
                if (m.window()[row + x - m.x()] == 0) {
                    continue;
                }
                double ix = x + 0.5 - px;
                double iy = y + 0.5 - py;
                double dx = plane.x(ix, iy);
                double dy = plane.y(ix, iy);
                if (dx * dx + dy * dy >= cap * cap) {
                    offsets[2 * n] = dx;
                    offsets[2 * n + 1] = dy;
                    n++;
                }
            }
        }
        if (n == 0) {
            return null;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int k = 0; k < 2 * n; k += 2) {
            sxx += offsets[k] * offsets[k];
            sxy += offsets[k] * offsets[k + 1];
            syy += offsets[k + 1] * offsets[k + 1];
        }
        double theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        double ux = Math.cos(theta);
        double uy = Math.sin(theta);
        double ahead = 0;
        double behind = 0;
        double across = 0;
        for (int k = 0; k < 2 * n; k += 2) {
            double along = offsets[k] * ux + offsets[k + 1] * uy;
            double off = offsets[k] * uy - offsets[k + 1] * ux;
            ahead = Math.max(ahead, along);
            behind = Math.max(behind, -along);
            across += off * off;
        }
        double degrees = Math.toDegrees(theta) + (behind > ahead ? 180 : 0);
        double reach = Math.max(ahead, behind) / radius;
        double fit = Math.sqrt(across / n) / radius;
        return new Line(degrees, reach, fit, d.confidence() * reach);
    }

    private static PointerDiagnostics diagnostics(Scale scale, ImagePoint tip, Double degrees, Double raw) {
        Marks marks = scale.marks();
        return new PointerDiagnostics(METHOD, marks.pivot(), null, List.of(marks.first(), marks.last()),
                marks.first(), marks.last(), tip, degrees == null ? null : Geometry.normalizeDegrees(degrees),
                Geometry.normalizeDegrees(scale.firstAngle()), Geometry.normalizeDegrees(scale.firstAngle()
                        + scale.sweep()), 1, raw, 0, null);
    }

    /** The votes of every line within {@link #SAME_LINE} of {@code seed}'s, its own included. */
    private static double voteAlong(List<Line> lines, Line seed) {
        double vote = 0;
        for (Line l : lines) {
            if (sameLine(l, seed)) {
                vote += l.vote();
            }
        }
        return vote;
    }

    private static boolean sameLine(Line a, Line b) {
        return Math.abs(signed(a.degrees() - b.degrees())) <= SAME_LINE;
    }

    /** An angle difference in degrees, in (-180, 180]. */
    private static double signed(double degrees) {
        double d = Geometry.normalizeDegrees(degrees);
        return d > 180 ? d - 360 : d;
    }

    /** 1 up to {@code good}, 0 from {@code bad}, linear between. */
    private static double falling(double x, double good, double bad) {
        return Geometry.clamp((bad - x) / (bad - good), 0, 1);
    }

    /** 0 up to {@code low}, 1 from {@code high}, linear between. */
    private static double rising(double x, double low, double high) {
        return Geometry.clamp((x - low) / (high - low), 0, 1);
    }
}
