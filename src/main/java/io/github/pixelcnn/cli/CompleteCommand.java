package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.GRID;
import static io.github.pixelcnn.cli.OptionText.INPUT;
import static io.github.pixelcnn.cli.OptionText.PER_INPUT;
import static io.github.pixelcnn.cli.OptionText.SAMPLER;
import static io.github.pixelcnn.cli.OptionText.SEED;
import static io.github.pixelcnn.cli.OptionText.TEMPERATURE;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.OutputFiles;
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

    @Option(names = "--input", required = true, description = INPUT) Path input;
    @Mixin ResizeOption resize;
    @Option(names = "--keep-rows", description = "rows kept from the top (default: half the height)") Integer keepRows;
    @Option(names = "--mask", description = "PNG of the image size: non-black pixels are kept (default: --keep-rows)")
    Path mask;
    @Option(names = "--per-input", paramLabel = "K", defaultValue = "4", description = PER_INPUT) int completions;
    @Option(names = "--limit", defaultValue = "8", description = "read only the first N input images"
            + " (default: ${DEFAULT-VALUE})") int limit;
    @Option(names = "--temperature", defaultValue = "1.0", description = TEMPERATURE) float temperature;
    @Option(names = "--seed", defaultValue = "1", description = SEED) long seed;
    @Option(names = "--sampler", description = SAMPLER) String sampler;
    @Option(names = "--out", required = true, description = GRID) Path out;
    @Option(names = "--decoder", description = "with --prior: the VQ-VAE whose code maps are completed (run directory,"
            + " checkpoint or pretrained name); --keep-rows then counts code rows (default: none, the model completes"
            + " images itself)") String decoder;

    /** The name before 0.2; hidden, kept so that scripts keep working. */
    @Option(names = "--n-completions", hidden = true) Integer oldPerInput;

    /** Old names win when given: picocli applies the new names' defaults after every option it matched. */
    void applyOldNames() {
        if (oldPerInput != null) {
            completions = oldPerInput;
        }
    }

    @Override
    public Integer call() {
        applyOldNames();
        if (completions < 1 || limit < 1) {
            throw new BadInputException("--per-input and --limit must be at least 1");
        }
        if (keepRows != null && mask != null) {
            throw new BadInputException("--keep-rows and --mask contradict each other; give one");
        }
        if (decoder != null || source.isPrior()) {
            return VqSample.complete(this);
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = ImageInput.read(input, mc.imageChannels(), mc.height(), mc.width(), resize.forModel(ckpt).scales());
        int inputs = Math.min(limit, data.size());
        boolean[] keep = mask != null
                ? Completion.maskFromPng(mask, mc.height(), mc.width())
                : Completion.keepRows(keepRows == null ? mc.height() / 2 : keepRows, mc.height(), mc.width());
        Completion completion = new Completion(mc, data.pixels(), inputs, keep, completions);
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = common.newManager()) {
            Path grid = Outputs.image(outputs, out);
            Seeds.seedEngine(seed);
            PixelModel model = common.inPrecision(ckpt.restoreModel(manager));
            Condition h = condition.forCompletion(model, data, input, completion.occluded(), inputs, manager);
            Sampler chosen = sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
            long start = System.nanoTime();
            byte[] filled = completion.run(chosen, model, h, temperature, seed, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            int cols = completions + 2;
            ImageGrid.write(grid, completion.grid(filled), inputs * cols, mc.imageChannels(), mc.height(), mc.width(),
                    cols, 2);
            outputs.commit();
            System.out.printf(Locale.ROOT, "wrote %d inputs x %d completions to %s (%.1f s)%n",
                    inputs, completions, out, seconds);
        }
        return Main.OK;
    }
}
