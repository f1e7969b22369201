package io.meterreader.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One camera.
 *
 * @param id            unique id, used in calibration files, the API and metrics; letters,
 *                      digits, '-', '_' and '.'
 * @param url           rtsp://user:pass@host:554/path, file:path/to/video.mp4 or sim://NAME;
 *                      its credentials are never shown
 * @param readInterval  how often each meter on this camera is read (default 1s, at least 100ms)
 * @param keyframesOnly decode only key frames when the read interval allows it (default true)
 * @param stallTimeout  reconnect when no frame came for this long (default 10s, at least 1s)
 * @param detectEvery   how long this camera's gauge boxes are reused before the detector looks
 *                      again; unset: {@code meter-reader.inference.detect-every}. 0 for a camera
 *                      that pans, zooms or is moved about, whose gauges do not stay put
 * @param rtspClient    which client reads an rtsp:// URL: native (default; H.264 and H.265, any
 *                      other codec through FFmpeg) or ffmpeg
 * @param freezeTimeout a network camera whose picture has not changed in a single pixel for this
 *                      long is frozen (an encoder, or a recorder relaying it, repeating its last
 *                      picture): its frames are no longer read, its meters read CAMERA_DOWN and
 *                      it is reconnected (default 60s, at least 10s; 0: never checked). Files and sim cameras
 *                      are not checked: their pictures may well stand still
 */
public record CameraProperties(
        @NotNull(message = "is missing")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}",
                message = "must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit")
        String id,
        @NotNull(message = "is missing") @ValidCameraUrl CameraUrl url,
        @DefaultValue("1s") @NotNull @MinDuration(millis = 100) Duration readInterval,
        @DefaultValue("true") boolean keyframesOnly,
        @DefaultValue("10s") @NotNull @MinDuration(millis = 1000) Duration stallTimeout,
        @MinDuration(millis = 0) Duration detectEvery,
        @DefaultValue("native") RtspClient rtspClient,
        @DefaultValue("60s") @NotNull @MinDuration(millis = 0) Duration freezeTimeout) {

    /** What {@code freeze-timeout} is where a configuration does not say. */
    public static final Duration DEFAULT_FREEZE_TIMEOUT = Duration.ofSeconds(60);
    /** The shortest {@code freeze-timeout} other than 0 (off). */
    public static final Duration MIN_FREEZE_TIMEOUT = Duration.ofSeconds(10);

    /** A mistake in a list of cameras that no one camera's constraints show: the camera's index, the key, what is wrong. */
    record ListProblem(int index, String field, String problem) {
    }

    /**
     * The first mistake in a list of cameras beyond each camera's own constraints: an id used twice,
     * or one of {@code taken} (cameras configured elsewhere); a freeze timeout under the shortest.
     *
     * @return the mistake, or null when there is none
     */
    static ListProblem problem(List<CameraProperties> cameras, Collection<String> taken) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cameras.size(); i++) {
            String id = cameras.get(i).id();
            if (id != null && taken.contains(id)) {
                return new ListProblem(i, "id", "duplicate camera id '" + id + "' (also in meter-reader.cameras)");
            }
            if (id != null && !seen.add(id)) {
                return new ListProblem(i, "id", "duplicate camera id '" + id + "'");
            }
            Duration freeze = cameras.get(i).freezeTimeout();
            if (freeze != null && !freeze.isZero() && !freeze.isNegative() && freeze.compareTo(MIN_FREEZE_TIMEOUT) < 0) {
                return new ListProblem(i, "freeze-timeout", "must be 0 (never checked) or at least "
                        + MIN_FREEZE_TIMEOUT.toSeconds()
                        + "s (between key frames a still scene's picture may stand still for seconds), got "
                        + freeze.toMillis() + " ms");
            }
        }
        return null;
    }
}
