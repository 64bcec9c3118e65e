package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.bench.BenchResult;
import io.github.pixelcnn.bench.Benchmark;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.model.ModelConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn bench}: training and evaluation throughput, sampling time, memory, efficiency. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training, evaluation and sampling on this machine; prints one JSON object.")
public final class BenchCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--config", defaultValue = "reference",
            description = "reference (15 layers, 64 channels, head 512) | small (the demo's model)"
                    + " (default: ${DEFAULT-VALUE})")
    String config;

    @Option(names = "--json", description = "also write the JSON to this file (default: none)")
    Path json;

    @Option(names = "--steps", defaultValue = "20", description = "timed training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "20", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch", defaultValue = "32", description = "images per training step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--sample-rows", defaultValue = "2",
            description = "image rows the sampling time is measured on, then scaled (default: ${DEFAULT-VALUE})")
    int sampleRows;

    @Option(names = "--no-sampling", description = "skip the sampling figures (minutes at the reference size, "
            + "mostly the naive sampler); training and evaluation only (default: off)")
    boolean noSampling;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: the launcher's, all cores)")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = OptionText.SEED) long seed;

    @Override
    public Integer call() {
        ModelConfig model = switch (config) {
            case "reference" -> Benchmark.reference();
            case "small" -> Benchmark.small();
            default -> throw new BadInputException("--config must be reference or small, got " + config);
        };
        if (steps < 1 || warmup < 0 || batch < 1 || sampleRows < 1) {
            throw new BadInputException("--steps, --batch and --sample-rows must be at least 1, --warmup at least 0");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new BadInputException("--threads must be at least 1, got " + threads);
            }
            JniUtils.setNumThreads(threads);
        }
        Benchmark.Settings settings = new Benchmark.Settings(config, model, batch, warmup, steps, sampleRows, seed,
                common.precision(), !noSampling);
        BenchResult result;
        try (NDManager manager = common.newManager()) {
            result = Benchmark.run(settings, manager, line -> System.err.println("bench: " + line));
        }
        String text = result.toJson();
        if (json != null) {
            AtomicFile.write(json, out -> out.write((text + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        System.out.println(text);
        return Main.OK;
    }
}
