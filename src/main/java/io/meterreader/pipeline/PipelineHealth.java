package io.meterreader.pipeline;

import io.meterreader.camera.CameraState;
import io.meterreader.camera.CameraStatus;
import io.meterreader.metrics.ServiceHealth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.boot.health.contributor.Health;

/**
 * The live pipeline's parts of {@code /actuator/health}: {@code inference} is DOWN when a restart
 * could mend it (a worker died, or has been on one batch for {@link #STALLED_AFTER}); it is what
 * the liveness probe asks. {@code cameras} is DEGRADED while a camera is not streaming (but for
 * its first connection, which has not failed yet) or seems to have moved: a restart mends neither.
 */
final class PipelineHealth {

    /**
     * A worker this long on one turn of its loop is stuck: a batch takes under two seconds on the
     * 2-core development machine even with eight cameras (README, Benchmarks), and an idle worker
     * comes round every half a second.
     */
    static final Duration STALLED_AFTER = Duration.ofSeconds(60);

    private PipelineHealth() {
    }

    static Health inference(InferenceStage.Progress progress, String backend, int queueDepth) {
        Health.Builder health;
        if (progress.workers() == 0) {
            health = Health.unknown().withDetail("problem", "the live pipeline has not started");
        } else if (progress.alive() < progress.workers()) {
            health = Health.down().withDetail("problem", String.format("%d of %d inference workers have stopped",
                    progress.workers() - progress.alive(), progress.workers()));
        } else if (progress.longestTurn().compareTo(STALLED_AFTER) >= 0) {
            health = Health.down().withDetail("problem", String.format(
                    "an inference worker has been on one batch for %d s", progress.longestTurn().toSeconds()));
        } else {
            health = Health.up();
        }
        return health.withDetail("backend", backend)
                .withDetail("workers", progress.workers())
                .withDetail("queueDepth", queueDepth)
                .build();
    }

    /**
     * @param warning a camera's warning (it seems to have moved), null when none
     */
    static Health cameras(List<CameraStatus> cameras, Function<String, String> warning) {
        Map<String, String> problems = new TreeMap<>();
        int streaming = 0;
        for (CameraStatus camera : cameras) {
            String warned = warning.apply(camera.id());
            boolean starting = camera.state() == CameraState.CONNECTING && camera.lastError() == null;
            if (camera.state() != CameraState.STREAMING && !starting) {
                problems.put(camera.id(), camera.lastError() == null ? camera.state().name()
                        : camera.state() + ": " + camera.lastError());
            } else if (warned != null) {
                problems.put(camera.id(), warned);
            }
            streaming += camera.state() == CameraState.STREAMING ? 1 : 0;
        }
        Health.Builder health = problems.isEmpty() ? Health.up() : Health.status(ServiceHealth.DEGRADED)
                .withDetail("problems", problems);
        return health.withDetail("cameras", cameras.size()).withDetail("streaming", streaming).build();
    }
}
