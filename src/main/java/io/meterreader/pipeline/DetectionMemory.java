package io.meterreader.pipeline;

import io.meterreader.frame.BoundingBox;
import io.meterreader.frame.Detection;
import io.meterreader.frame.Frame;
import io.meterreader.frame.GaugeType;
import io.meterreader.gauge.LevelDiagnostics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What the detector found on each camera, reused for the camera's next frames: a fixed camera's
 * gauges stay where they are, so its frames need the detector only now and then, and the
 * segmenter and the geometry read each frame at the remembered boxes. Only while every meter
 * calibrated on the camera reads OK: a frame where one does not (a gauge moved, the camera moved,
 * something stands in front of a gauge, or it is just hard to read) has the detector look at the
 * camera's next frame, and a fresh detection is remembered only when every meter read OK at it.
 * The detector also runs again when the detections are older than the lifetime (by capture time)
 * or the frame's size changed. In the live pipeline the lifetimes are spread ({@link #spread(Duration)}):
 * a camera's first detections are kept for a random share of the lifetime and later ones for a
 * random 75-100% of it. Cameras that connected together would otherwise all need the detector
 * again in the same second, every lifetime, and each such burst held every camera's frames up in
 * the queue (measured: 15-19 detections in one second of 20 cameras, frames waiting 0.3-0.8 s
 * behind them). A sight glass's liquid-surface box follows the surface read in
 * each frame, so a rising or falling level is searched for where it was last seen.
 *
 * <p>Each camera's frames are read by one worker at a time, in order; different cameras' by
 * several at once.
 */
final class DetectionMemory {

    /** Detections of one camera, from the frame they were found in. */
    private record Remembered(List<Detection> detections, Instant detectedAt, Duration keptFor, int width,
                              int height) {
    }

    /**
     * What reading a frame at some detections came to.
     *
     * @param found   the gauges read at them
     * @param allRead whether every meter calibrated on the camera read OK in this frame
     */
    record Outcome(List<FoundGauge> found, boolean allRead) {
    }

    /** The live pipeline's spread: a detection after a camera's first is kept for 75-100% of the lifetime. */
    static final double SPREAD = 0.25;

    private final Duration lifetime;
    private final double spread;
    private final DoubleSupplier uniform;
    private final Map<String, Duration> lifetimes = new ConcurrentHashMap<>();
    private final Map<String, Remembered> byCamera = new ConcurrentHashMap<>();
    /** Cameras that have had detections remembered (the first ones are staggered). */
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    /** @param lifetime how long a camera's detections are reused; zero: the detector reads every frame */
    DetectionMemory(Duration lifetime) {
        this(lifetime, 0, () -> 0);
    }

    /**
     * @param spread  each detection is kept for {@code lifetime * (1 - spread * u)}, 0 <= spread < 1;
     *                when spread is not 0, a camera's first for {@code lifetime * (1 - u)}
     * @param uniform u, a number in [0, 1) for each detection
     */
    DetectionMemory(Duration lifetime, double spread, DoubleSupplier uniform) {
        if (!(spread >= 0 && spread < 1)) {
            throw new IllegalArgumentException("a lifetime spread must be in [0, 1): " + spread);
        }
        this.lifetime = checked(lifetime);
        this.spread = spread;
        this.uniform = uniform;
    }

    /**
     * The live pipeline's memory: a camera's first detections kept for a random share of the
     * lifetime, later ones for a random 75-100% of it.
     */
    static DetectionMemory spread(Duration lifetime) {
        return new DetectionMemory(lifetime, SPREAD, () -> ThreadLocalRandom.current().nextDouble());
    }

    private static Duration checked(Duration lifetime) {
        if (lifetime.isNegative()) {
            throw new IllegalArgumentException("a detection lifetime cannot be negative: " + lifetime);
        }
        return lifetime;
    }

    /** A camera whose detections live longer or shorter than the others' (zero: never reused). */
    void lifetime(String cameraId, Duration cameraLifetime) {
        lifetimes.put(cameraId, checked(cameraLifetime));
    }

    private Duration lifetimeOf(String cameraId) {
        return lifetimes.getOrDefault(cameraId, lifetime);
    }

    /** The detections to read this frame at, or null when the detector must look at it. */
    List<Detection> recall(Frame frame) {
        Remembered r = byCamera.get(frame.cameraId());
        if (r == null || r.width() != frame.width() || r.height() != frame.height()) {
            return null;
        }
        Duration age = Duration.between(r.detectedAt(), frame.captureTime());
        return age.isNegative() || age.compareTo(r.keptFor()) >= 0 ? null : r.detections();
    }

    /**
     * Takes note of what reading a frame came to.
     *
     * @param detections the detections the frame was read at
     * @param fresh      whether the detector found them in this frame (else they were recalled)
     */
    void update(Frame frame, List<Detection> detections, boolean fresh, Outcome outcome) {
        Duration cameraLifetime = lifetimeOf(frame.cameraId());
        if (cameraLifetime.isZero()) {
            return;
        }
        Remembered r = byCamera.get(frame.cameraId());
        if (!outcome.allRead()) {
            byCamera.remove(frame.cameraId());
        } else if (fresh) {
            double share = spread == 0 ? 1
                    : 1 - (started.add(frame.cameraId()) ? 1 : spread) * uniform.getAsDouble();
            Duration keptFor = Duration.ofNanos(Math.round(cameraLifetime.toNanos() * share));
            byCamera.put(frame.cameraId(), new Remembered(following(detections, outcome.found()),
                    frame.captureTime(), keptFor, frame.width(), frame.height()));
        } else if (r != null) {
            byCamera.put(frame.cameraId(), new Remembered(following(r.detections(), outcome.found()),
                    r.detectedAt(), r.keptFor(), r.width(), r.height()));
        }
    }

    /** Forgets a camera that goes: its detections and its own lifetime. */
    void forget(String cameraId) {
        byCamera.remove(cameraId);
        lifetimes.remove(cameraId);
        started.remove(cameraId);
    }

    /**
     * The detections with each liquid-surface box that a glass was read from moved up or down to
     * centre on the surface read there; a box no glass was read from stays.
     */
    private static List<Detection> following(List<Detection> detections, List<FoundGauge> found) {
        List<Detection> out = new ArrayList<>(detections);
        for (FoundGauge g : found) {
            if (g.type() != GaugeType.LEVEL || !g.status().hasValue()
                    || !(g.measurement().diagnostics() instanceof LevelDiagnostics l)
                    || l.level() == null || l.surfaceY() == null) {
                continue;
            }
            for (int i = 0; i < out.size(); i++) {
                Detection d = out.get(i);
                if (d.classId() == ModelFrameReader.LEVEL && d.box().equals(l.level())) {
                    BoundingBox moved = BoundingBox.ofCenter(d.box().centerX(), l.surfaceY(), d.box().width(),
                            d.box().height());
                    out.set(i, new Detection(d.classId(), d.label(), d.confidence(), moved, d.mask()));
                    break;
                }
            }
        }
        return List.copyOf(out);
    }
}
