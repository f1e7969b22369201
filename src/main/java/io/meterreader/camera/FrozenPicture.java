package io.meterreader.camera;

import io.meterreader.frame.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * Tells a camera whose picture stands still: an encoder fed a hung sensor's last picture, or a
 * recorder or relay repeating it, goes on streaming the same pixels with fresh timestamps, and
 * every meter on it would go on reading the value it showed then. A live camera's sensor noise
 * changes some pixel between any two frames a second apart (a scene that stands still included,
 * at the latest at its next key frame), so a picture whose every pixel is the same as the last
 * frame's is the same picture. Each frame is summed up by the CRC-32C of all its pixels (about
 * a tenth of a millisecond for a 1080p frame), not kept. An encoder whose rate control goes on
 * spending bits on a still picture changes its pixels frame after frame, and is not caught
 * (README, Cameras).
 *
 * <p>A picture once found frozen is held back until it has changed for good: in at least
 * {@value #RECOVERY_FRAMES} frames, over as long as it had to stand still to be found frozen (the
 * camera's freeze timeout, at least {@link #MIN_RECOVERY}), never standing still meanwhile for a
 * quarter of that. A relay that encodes the frozen picture afresh for each new session sends
 * different frames while its rate control settles, then the same one again: an x264 encoder fed
 * one still picture settled within 2 s in one set-up and 10 s in another (README, Cameras), and
 * a fixed 4 s had the second read for 10 s of every reconnection. A live camera changes at every
 * frame or nearly; the quarter lets an encoder that repeats a frame or two of a still scene through.
 *
 * <p>Not thread-safe: one camera's worker owns one, across its reconnections.
 */
final class FrozenPicture {

    /** Changes that end a freeze, at the least... */
    static final int RECOVERY_FRAMES = 5;
    /** ...over at least the freeze timeout, and never less than this. */
    static final Duration MIN_RECOVERY = Duration.ofSeconds(4);

    private final Duration recovery;
    /** The longest the picture may stand still within a recovery before it starts afresh. */
    private final Duration stillWithin;
    private final CRC32C crc = new CRC32C();
    private long lastSum = -1;
    private int lastWidth;
    private int lastHeight;
    private Instant changedAt;
    private boolean frozen;
    /** The changes of the current run, and when it began (null: none since the freeze). */
    private int changesInRun;
    private Instant changingSince;

    /** @param freezeTimeout how long the picture must stand still to be frozen */
    FrozenPicture(Duration freezeTimeout) {
        this.recovery = freezeTimeout.compareTo(MIN_RECOVERY) > 0 ? freezeTimeout : MIN_RECOVERY;
        this.stillWithin = recovery.dividedBy(4);
    }

    /**
     * Takes the frame in; returns for how long the picture has been the same as now (zero
     * when this frame changed it, or is the first).
     */
    Duration unchangedFor(Frame frame, Instant now) {
        crc.reset();
        crc.update(frame.bgr());
        long sum = crc.getValue();
        if (changedAt == null || sum != lastSum || frame.width() != lastWidth || frame.height() != lastHeight) {
            lastSum = sum;
            lastWidth = frame.width();
            lastHeight = frame.height();
            if (changingSince == null || changedAt == null
                    || Duration.between(changedAt, now).compareTo(stillWithin) > 0) {
                changingSince = now;   // a new run of changes
                changesInRun = 0;
            }
            changesInRun++;
            changedAt = now;
            if (changesInRun >= RECOVERY_FRAMES && Duration.between(changingSince, now).compareTo(recovery) >= 0) {
                frozen = false;
            }
            return Duration.ZERO;
        }
        return Duration.between(changedAt, now);
    }

    /** The picture stood still for the camera's freeze timeout: hold its frames back from now on. */
    void frozen() {
        frozen = true;
        changingSince = null;
        changesInRun = 0;
    }

    /** Whether the frames are held back: the picture was frozen and has not yet changed for good. */
    boolean holdsBack() {
        return frozen;
    }
}
