package io.meterreader.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterreader.config.InferenceBackend;
import io.meterreader.config.InferenceProperties;
import io.meterreader.frame.ImageRegion;
import io.meterreader.metrics.MeterReaderMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InferenceWorkersTest {

    private static InferenceProperties props(int threads, int workers) {
        return new InferenceProperties(InferenceBackend.ONNXRUNTIME, Path.of("models/meter-det.onnx"),
                Path.of("models/meter-seg.onnx"), 0.25, 0.1, 0.45, 100, threads, 8, Duration.ofMillis(20), 2, workers,
                Duration.ZERO, true, true, true);
    }

    @ParameterizedTest
    @CsvSource({
        // threads, workers, cores -> workers, threads each
        "0, 0, 1, 1, 1",
        "0, 0, 2, 2, 1",
        "0, 0, 3, 3, 1",
        "0, 0, 16, 4, 4",
        "0, 1, 2, 1, 2",
        "0, 3, 16, 3, 5",
        "2, 0, 2, 2, 2",
    })
    void autoSizing_givesEachCoreAWorker_upToFour_andSharesTheCoresOut(int threads, int workers, int cores,
                                                                      int expectedWorkers, int expectedThreads) {
        InferenceWorkers.Sizing sizing = InferenceWorkers.Sizing.of(props(threads, workers), cores);

        assertThat(sizing.workers()).isEqualTo(expectedWorkers);
        assertThat(sizing.threads()).isEqualTo(expectedThreads);
    }

    @Test
    void twoWorkers_eachHaveTheirOwnModels_andSmallBatches() throws Exception {
        MeterReaderMetrics metrics = new MeterReaderMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
        try (InferenceWorkers workers = InferenceWorkers.open(props(0, 0), metrics, 2)) {
            assertThat(workers.models()).hasSize(2);
            assertThat(workers.models().get(0)).isNotSameAs(workers.models().get(1));
            assertThat(workers.readers()).hasSize(2);
            assertThat(workers.threads()).isEqualTo(1);
            assertThat(workers.maxBatch()).isEqualTo(InferenceWorkers.CPU_MAX_BATCH);
            // Both read the same gauges in the same scene, at the same time.
            ImageDecoder.BgrImage bgr = ImageDecoder.toBgr(ImageIO.read(Path.of("models/check/det.png").toFile()));
            ImageRegion scene = ImageRegion.whole(bgr.bgr(), bgr.width(), bgr.height());
            List<CompletableFuture<List<List<FoundGauge>>>> reads = workers.readers().stream()
                    .map(r -> CompletableFuture.supplyAsync(() -> r.read(List.of(scene)))).toList();
            List<FoundGauge> first = reads.get(0).join().get(0);
            List<FoundGauge> second = reads.get(1).join().get(0);
            assertThat(first).isNotEmpty();
            assertThat(second).hasSameSizeAs(first);
            for (int i = 0; i < first.size(); i++) {
                assertThat(second.get(i).box()).isEqualTo(first.get(i).box());
                assertThat(second.get(i).measurement()).isEqualTo(first.get(i).measurement());
            }
        }
    }
}
