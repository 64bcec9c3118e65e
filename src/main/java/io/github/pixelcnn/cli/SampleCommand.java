package io.github.pixelcnn.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn sample}: draws images given h (a class, a row per class, or a vector or code) as a PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Sample images from a trained model.")
public final class SampleCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;
    @Mixin ConditionOptions condition;

    @Option(names = "--n", defaultValue = "16", description = "images (per class with --classes all)") int n;
    @Option(names = "--temperature", defaultValue = "1.0") float temperature;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", required = true, description = "PNG grid") Path out;
    @Option(names = "--raw", description = "also write the samples as an IDX file") Path raw;
    @Option(names = "--sampler", description = "cached (default for the Gated PixelCNN) or naive (default for PixelCNN);"
            + " both give the same images for the same seed") String sampler;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new BadInputException("--n must be at least 1");
        }
        if (!(temperature > 0)) {
            throw new BadInputException("--temperature must be positive");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ConditionOptions.Draw draw = condition.forSampling(mc, n);
        try (NDManager manager = common.newManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelModel model = ckpt.restoreModel(manager);
            Sampler chosen = sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
            long start = System.nanoTime();
            byte[] images = chosen.sample(model, draw.condition(), draw.count(), temperature, seed, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = draw.count();
            ImageGrid.write(out, images, total, mc.imageChannels(), mc.height(), mc.width(), draw.columns(), 2);
            if (raw != null) {
                IdxFile.write(raw, new int[] {total, mc.imageChannels() == 1 ? mc.height() : mc.imageChannels(),
                        mc.imageChannels() == 1 ? mc.width() : mc.height() * mc.width()}, images, false);
            }
            System.out.printf(java.util.Locale.ROOT, "wrote %d samples (%s) to %s (%.1f s)%n",
                    total, draw.given(), out, seconds);
        }
        return Main.OK;
    }
}
