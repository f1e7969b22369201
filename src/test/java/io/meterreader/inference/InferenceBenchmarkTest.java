package io.meterreader.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's command line and report format (its timings are not checked here). */
class InferenceBenchmarkTest {

    @Test
    void noOptions_benchmarksTheShippedModelsAtBatchOneAndEight() {
        InferenceBenchmark.Options o = InferenceBenchmark.parse(List.of());
        assertThat(o.detector()).isEqualTo(Path.of("models/meter-det.onnx"));
        assertThat(o.segmenter()).isEqualTo(Path.of("models/meter-seg.onnx"));
        assertThat(o.batches()).containsExactly(1, 8);
        assertThat(o.standIn()).isNull();
    }

    @Test
    void badOptions_areRefusedWithTheirName() {
        assertThatThrownBy(() -> InferenceBenchmark.parse(List.of("--iterations", "zero")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--iterations");
        assertThatThrownBy(() -> InferenceBenchmark.parse(List.of("--batches", "1,16")))
                .hasMessageContaining("at most 8");
        assertThatThrownBy(() -> InferenceBenchmark.parse(List.of("--fast")))
                .hasMessageContaining("--fast");
    }

    @Test
    void missingModel_isRefused() {
        assertThatThrownBy(() -> InferenceBenchmark.run(List.of("--detector", "nowhere.onnx"), System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nowhere.onnx does not exist");
    }

    @Test
    void tinyModels_lastLineHoldsEveryFigure() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = InferenceBenchmark.run(List.of("--detector", Golden.path("det-tiny.onnx").toString(),
                "--segmenter", Golden.path("seg-tiny.onnx").toString(), "--warmup", "0", "--iterations", "2",
                "--batches", "1", "--threads", "1", "--stand-in", "tiny test models"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("NOTE: models are stand-ins: tiny test models"));
        Map<String, String> figures = Arrays.stream(lines.get(lines.size() - 1).split(" "))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        for (String model : List.of("det", "seg")) {
            for (String name : List.of("_ort_mean_ms", "_ort_p50_ms", "_ort_p99_ms", "_ort_img_per_s", "_cv_mean_ms",
                    "_cv_img_per_s", "_speedup", "_pre_ms", "_post_ms", "_prepost_pct")) {
                assertThat(figures).containsKey(model + "_b1" + name);
            }
            assertThat(Double.parseDouble(figures.get(model + "_b1_ort_mean_ms"))).isPositive();
        }
        assertThat(figures).containsKeys("min_speedup", "max_prepost_pct", "targets_met");
        assertThat(figures.get("stand_in_models")).isEqualTo("true");
        assertThat(figures.get("threads")).isEqualTo("1");
    }
}
