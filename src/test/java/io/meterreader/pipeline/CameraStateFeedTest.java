package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Camera states are passed on when they change, not with every frame, and a camera gone is said. */
class CameraStateFeedTest {

    private static CameraStatus status(String id, CameraState state, long frames, String error) {
        return new CameraStatus(id, "rtsp://***@10.0.0.5/" + id, state, frames, 0, 0, 0, error,
                Instant.parse("2026-12-06T04:00:00Z").plusSeconds(frames), "native");
    }

    @Test
    void aChangeOfState_errorOrWarning_isPassedOn_framesAreNot_andACameraGoneIsSaid() {
        List<CameraStatus> cameras = new ArrayList<>();
        Map<String, String> warnings = new HashMap<>();
        List<String> told = new ArrayList<>();
        CameraStateFeed feed = new CameraStateFeed(() -> List.copyOf(cameras), warnings::get,
                (id, state) -> told.add(id + " " + state.get("state") + " " + state.get("lastError") + " "
                        + state.get("warning") + " " + state.get("url")),
                id -> told.add(id + " gone"), Duration.ofSeconds(1));

        cameras.add(status("cam1", CameraState.CONNECTING, 0, null));
        cameras.add(status("cam2", CameraState.STREAMING, 10, null));
        feed.look();
        cameras.set(0, status("cam1", CameraState.STREAMING, 1, null));
        cameras.set(1, status("cam2", CameraState.STREAMING, 20, null));
        feed.look();
        feed.look();
        cameras.set(1, status("cam2", CameraState.RECONNECTING, 20, "stalled: no frame for 10 s"));
        warnings.put("cam1", "seems to have moved");
        feed.look();
        cameras.remove(1);
        feed.look();

        assertThat(told).containsExactly(
                "cam1 CONNECTING null null rtsp://***@10.0.0.5/cam1",
                "cam2 STREAMING null null rtsp://***@10.0.0.5/cam2",
                "cam1 STREAMING null null rtsp://***@10.0.0.5/cam1",
                "cam1 STREAMING null seems to have moved rtsp://***@10.0.0.5/cam1",
                "cam2 RECONNECTING stalled: no frame for 10 s null rtsp://***@10.0.0.5/cam2",
                "cam2 gone");
    }
}
