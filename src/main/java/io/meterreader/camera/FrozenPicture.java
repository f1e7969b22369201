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
 * <p>A picture once found frozen is held back until it has changed in {@value #RECOVERY_FRAMES}
 * frames in a row over at least {@link #RECOVERY_TIME}: a relay that encodes the frozen
 * picture afresh for each new session sends different frames for a second or two while its rate
 * control settles (many of them, for a camera read every 100 ms), then the same one again.
 *
 * <p>Not thread-safe: one camera's worker owns one, across its reconnections.
 */
final class FrozenPicture {

    /** Frames in a row, each unlike the one before, that end a freeze... */
    static final int RECOVERY_FRAMES = 5;
    /** ...the first and the last of them at least this far apart. */
    static final Duration RECOVERY_TIME = Duration.ofSeconds(4);

    private final CRC32C crc = new CRC32C();
    private long lastSum = -1;
    private int lastWidth;
    private int lastHeight;
    private Instant changedAt;
    private boolean frozen;
    private int changesInRow;
    private Instant changingSince;

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
            if (changesInRow++ == 0) {
                changingSince = now;
            }
            changedAt = now;
            if (changesInRow >= RECOVERY_FRAMES && Duration.between(changingSince, now).compareTo(RECOVERY_TIME) >= 0) {
                frozen = false;
            }
            return Duration.ZERO;
        }
        changesInRow = 0;
        return Duration.between(changedAt, now);
    }

    /** The picture stood still for the camera's freeze timeout: hold its frames back from now on. */
    void frozen() {
        frozen = true;
        changesInRow = 0;
    }

    /** Whether the frames are held back: the picture was frozen and has not yet changed for good. */
    boolean holdsBack() {
        return frozen;
    }
}
