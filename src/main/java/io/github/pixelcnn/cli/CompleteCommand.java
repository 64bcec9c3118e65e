package io.github.pixelcnn.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Completion;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pixelcnn complete}: keeps part of each input image and samples the rest, writing one
 * grid row per input: original | occluded (unknown pixels mid-gray) | K completions.
 */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Complete partly hidden images (inpainting in raster order).")
public final class CompleteCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;
    @Mixin ConditionOptions condition;

    @Option(names = "--input", required = true, description = "IDX image file, PNG/JPEG, or a folder of them") Path input;
    @Option(names = "--keep-rows", description = "rows kept from the top (default: half the height)") Integer keepRows;
    @Option(names = "--mask", description = "PNG of the image size: non-black pixels are kept") Path mask;
    @Option(names = "--n-completions", defaultValue = "4") int completions;
    @Option(names = "--limit", defaultValue = "8", description = "first N input images") int limit;
    @Option(names = "--temperature", defaultValue = "1.0") float temperature;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--sampler", description = "cached or naive (default: cached for the Gated PixelCNN)") String sampler;
    @Option(names = "--out", required = true, description = "PNG grid") Path out;

    @Override
    public Integer call() {
        if (completions < 1 || limit < 1) {
            throw new BadInputException("--n-completions and --limit must be at least 1");
        }
        if (!(temperature > 0)) {
            throw new BadInputException("--temperature must be positive");
        }
        if (keepRows != null && mask != null) {
            throw new BadInputException("--keep-rows and --mask contradict each other; give one");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = ImageInput.read(input, mc.imageChannels(), mc.height(), mc.width());
        int inputs = Math.min(limit, data.size());
        boolean[] keep = mask != null
                ? Completion.maskFromPng(mask, mc.height(), mc.width())
                : Completion.keepRows(keepRows == null ? mc.height() / 2 : keepRows, mc.height(), mc.width());
        Completion completion = new Completion(mc, data.pixels(), inputs, keep, completions);
        try (NDManager manager = common.newManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelModel model = ckpt.restoreModel(manager);
            Condition h = condition.forCompletion(model, data, input, completion.occluded(), inputs, manager);
            Sampler chosen = sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
            long start = System.nanoTime();
            byte[] filled = completion.run(chosen, model, h, temperature, seed, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            int cols = completions + 2;
            ImageGrid.write(out, completion.grid(filled), inputs * cols, mc.imageChannels(), mc.height(), mc.width(),
                    cols, 2);
            System.out.printf(Locale.ROOT, "wrote %d inputs x %d completions to %s (%.1f s)%n",
                    inputs, completions, out, seconds);
        }
        return Main.OK;
    }
}
