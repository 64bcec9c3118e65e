package io.github.pixelcnn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.nn.Precision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every phase of the benchmark, with sampling, on a tiny class-conditional model (8×8, 2 layers):
 * each figure is measured, the sampling grid has every form of h, and the preset's own entry is the
 * class figure. {@code BenchCommandTest} runs the command line itself without the sampling phase.
 */
class BenchmarkTest {
    @Test
    void everyFigureIsMeasuredAndTheOwnSamplingEntryIsTheModelsH() {
        ModelConfig tiny = ModelConfig.builder().setImage(1, 8, 8).optLayers(2).optChannels(8).optHeadChannels(16)
                .optConditioning(Conditioning.CLASS, 10).build();
        List<String> phases = new ArrayList<>();
        BenchResult r;
        try (NDManager m = NDManager.newBaseManager()) {
            r = Benchmark.run(new Benchmark.Settings("tiny", tiny, 4, 1, 2, 1, 42, Precision.FP32, true), m, phases::add);
        }
        assertThat(phases.get(0)).isEqualTo("training: 1 warm-up + 2 timed steps");
        for (double v : new double[] {r.trainImagesPerS(), r.trainStepS(), r.evalImagesPerS(), r.matmulGflops(),
                r.naiveSample16SExtrapolated(), r.cachedSample16S(), r.cachedSpeedup(), r.forwardGflopPerImage(),
                r.peakRssMb()}) {
            assertThat(v).isPositive().isFinite();
        }
        assertThat(r.finalTrainBitsPerDim()).isBetween(0.0, 12.0);
        assertThat(r.sampling()).extracting(SamplingBenchmark.Figure::name).containsExactly("gated, h none",
                "gated, h class (global)", "gated, h vector (global)", "gated, h vector (spatial)",
                "gated, h vector (both)", "auto-encoder decoder (both), 6x4 grid", "masked PixelCNN, h none");
        for (SamplingBenchmark.Figure f : r.sampling()) {
            assertThat(f.cachedS()).as(f.name()).isPositive().isFinite();
            assertThat(f.naiveS()).as(f.name()).isPositive().isFinite();
            assertThat(f.naiveRowsTimed()).as(f.name()).isEqualTo(1);
        }
        // The preset's size for every form of h; the auto-encoder no wider than the demo's model.
        assertThat(r.sampling().get(0).model().height()).isEqualTo(8);
        assertThat(r.sampling().get(5).model()).isEqualTo(SamplingBenchmark.autoEncoder(tiny));
        SamplingBenchmark.Figure own = r.sampling().get(1);
        assertThat(r.naiveSample16SExtrapolated()).isEqualTo(own.naiveS());
        assertThat(r.cachedSample16S()).isEqualTo(own.cachedS());
        assertThat(r.sampleRowsTimed()).isEqualTo(1);
        JsonObject json = JsonParser.parseString(r.toJson()).getAsJsonObject();
        assertThat(json.keySet()).contains("naive_sample16_s_extrapolated", "cached_sample16_s", "cached_speedup",
                "sample_rows_timed", "sampling");
    }

    /** Both presets time the auto-encoder at the demo's size (the grid); a tiny base caps it. */
    @Test
    void theAutoEncoderIsTheDemosSizeForBothPresets() {
        ModelConfig demo = ModelConfig.builder().setImage(1, 28, 28).optLayers(6).optChannels(32).optHeadChannels(128)
                .optAutoEncoder(10).optForm(io.github.pixelcnn.model.ConditioningForm.BOTH, 16).build();
        assertThat(SamplingBenchmark.autoEncoder(Benchmark.reference())).isEqualTo(demo);
        assertThat(SamplingBenchmark.autoEncoder(Benchmark.small())).isEqualTo(demo);
        ModelConfig tiny = ModelConfig.builder().setImage(1, 8, 8).optLayers(2).optChannels(8).optHeadChannels(16)
                .build();
        assertThat(SamplingBenchmark.autoEncoder(tiny).layers()).isEqualTo(2);
        assertThat(SamplingBenchmark.autoEncoder(tiny).height()).isEqualTo(8);
    }
}
