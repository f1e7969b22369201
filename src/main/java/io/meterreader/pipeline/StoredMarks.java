package io.meterreader.pipeline;

import io.meterreader.config.MeterCalibration;
import io.meterreader.frame.BoundingBox;
import io.meterreader.gauge.Ellipse;
import io.meterreader.gauge.ImagePoint;
import io.meterreader.gauge.MarkedPointerReader;
import io.meterreader.store.LearntMarksStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learnt scale marks kept in the reading store's database. Each meter's are kept with a digest of
 * the part of its calibration they depend on (its dial: a meter whose dial or direction changed
 * learns its marks afresh, as it does while running), encoded as numbers in one line: "v1", the
 * pivot, first and last marks, the dial's box, and the ring when there is one.
 */
final class StoredMarks implements MarksMemory {

    private static final Logger log = LoggerFactory.getLogger(StoredMarks.class);
    private static final String VERSION = "v1";

    private final LearntMarksStore store;
    private final Clock clock;

    StoredMarks(LearntMarksStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public LearnedMarks.Learnt recall(MeterCalibration meter) {
        return store.recall(meter.id()).filter(k -> k.calibration().equals(digest(meter))).map(k -> {
            try {
                return decode(k.marks());
            } catch (IllegalArgumentException e) {
                log.warn("Learnt scale marks kept for meter {} are unreadable ({}); learning them again", meter.id(),
                        e.getMessage());
                return null;
            }
        }).orElse(null);
    }

    @Override
    public boolean canRecall() {
        return store.available();
    }

    @Override
    public void keep(MeterCalibration meter, LearnedMarks.Learnt learnt) {
        store.keep(meter.id(), digest(meter), encode(learnt), clock.instant());
    }

    @Override
    public void forget(MeterCalibration meter) {
        store.forget(meter.id());
    }

    /**
     * SHA-256, in hex, of what of the calibration the marks depend on ({@link LearnedMarks#dial}:
     * the dial and the way its values grow), so that a new range or alarm limit keeps them.
     */
    static String digest(MeterCalibration meter) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    LearnedMarks.dial(meter).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String encode(LearnedMarks.Learnt learnt) {
        MarkedPointerReader.Marks m = learnt.marks();
        BoundingBox b = learnt.box();
        StringBuilder s = new StringBuilder(VERSION);
        for (double v : new double[] {m.pivot().x(), m.pivot().y(), m.first().x(), m.first().y(), m.last().x(),
                m.last().y(), b.x(), b.y(), b.width(), b.height()}) {
            s.append(' ').append(v);
        }
        Ellipse r = learnt.ring();
        if (r != null) {
            for (double v : new double[] {r.centerX(), r.centerY(), r.semiMajor(), r.semiMinor(), r.angleDegrees()}) {
                s.append(' ').append(v);
            }
        }
        return s.toString();
    }

    /** @throws IllegalArgumentException when the line is not one {@link #encode} writes */
    static LearnedMarks.Learnt decode(String line) {
        String[] p = line.trim().split(" ");
        if (!p[0].equals(VERSION) || (p.length != 11 && p.length != 16)) {
            throw new IllegalArgumentException("not a " + VERSION + " line of 10 or 15 numbers: " + line);
        }
        double[] v = new double[p.length - 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(p[i + 1]);
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "number %d is %s", i + 1, p[i + 1]));
            }
        }
        MarkedPointerReader.Marks marks = new MarkedPointerReader.Marks(new ImagePoint(v[0], v[1]),
                new ImagePoint(v[2], v[3]), new ImagePoint(v[4], v[5]));
        BoundingBox box = new BoundingBox(v[6], v[7], v[8], v[9]);
        Ellipse ring = v.length == 15 ? new Ellipse(v[10], v[11], v[12], v[13], v[14]) : null;
        return new LearnedMarks.Learnt(marks, ring, box);
    }
}
