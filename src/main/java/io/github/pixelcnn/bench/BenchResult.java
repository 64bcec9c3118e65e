package io.github.pixelcnn.bench;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.nn.Precision;
import java.util.List;

/**
 * What one benchmark run measured, written as one JSON object with snake_case keys.
 *
 * <p>Efficiency is achieved GFLOP/s over the dense fp32 matmul GFLOP/s measured in the same run,
 * so it compares the model's convolutions with what this machine's BLAS does at best.
 *
 * @param naiveSample16SExtrapolated seconds for the naive sampler to draw 16 images: the time of
 *     {@code sampleRowsTimed} rows scaled by height / rows (exact when all rows were timed; each
 *     sub-pixel costs the naive sampler one full forward, so the scaling is linear)
 * @param cachedSample16S seconds for the cached sampler to draw 16 whole images
 * @param cachedSpeedup naive over cached seconds
 * @param sampling cached and naive seconds for every model type and form of h ({@link
 *     SamplingBenchmark}); the three figures above are its entry for this model's own h
 * @param rssAfterWarmupMb resident memory after the warm-up steps, to compare with
 *     {@code rssAfterTrainMb} after the timed ones: growth means a leak
 */
public record BenchResult(
        Machine machine,
        Setup config,
        double trainImagesPerS,
        double trainStepS,
        double finalTrainBitsPerDim,
        double evalImagesPerS,
        double naiveSample16SExtrapolated,
        int sampleRowsTimed,
        double cachedSample16S,
        double cachedSpeedup,
        List<SamplingBenchmark.Figure> sampling,
        double forwardGflopPerImage,
        double trainGflops,
        double evalGflops,
        double matmulGflops,
        double trainEfficiency,
        double evalEfficiency,
        double rssAfterWarmupMb,
        double rssAfterTrainMb,
        double rssMb,
        double peakRssMb,
        double loadAverageAtEnd) {

    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeSpecialFloatingPointValues()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .create();

    /** The machine and software the figures belong to. */
    public record Machine(
            String cpu,
            boolean cpuHasBf16,
            int cores,
            int torchThreads,
            String os,
            String java,
            String djl,
            String libtorch,
            String glibcTunables,
            double loadAverageAtStart) {}

    /** What was run: the preset's name, its model, and the timing protocol. */
    public record Setup(
            String name,
            ModelConfig model,
            long parameters,
            int batch,
            int warmupSteps,
            int timedSteps,
            int evalBatches,
            Precision precision) {}

    public String toJson() {
        return GSON.toJson(this);
    }
}
