package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.DATASET;
import static io.github.pixelcnn.cli.OptionText.GRID;
import static io.github.pixelcnn.cli.OptionText.INPUT;
import static io.github.pixelcnn.cli.OptionText.PER_INPUT;
import static io.github.pixelcnn.cli.OptionText.SAMPLER;
import static io.github.pixelcnn.cli.OptionText.SEED;
import static io.github.pixelcnn.cli.OptionText.SPLIT;
import static io.github.pixelcnn.cli.OptionText.TEMPERATURE;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Reconstruction;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn reconstruct}: each image beside K samples of the decoder given its code (§3.4). */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Auto-encoder: original | K samples from the decoder given the encoder's code, one row per image.")
public final class ReconstructCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    static final class Input {
        @Option(names = "--input", description = INPUT) Path file;
        @Option(names = "--dataset", description = DATASET) String dataset;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Input input;

    @Option(names = "--split", defaultValue = "test", description = "split of --dataset: " + SPLIT) Split split;
    @Option(names = "--first", defaultValue = "0", description = "index of the first input image"
            + " (default: ${DEFAULT-VALUE})") int first;
    @Option(names = "--limit", defaultValue = "8", description = "input images read from --first on, one row each"
            + " (default: ${DEFAULT-VALUE})") int limit;
    @Option(names = "--per-input", defaultValue = "4", description = PER_INPUT) int perInput;
    @Option(names = "--temperature", defaultValue = "1.0", description = TEMPERATURE) float temperature;
    @Option(names = "--seed", defaultValue = "1", description = SEED) long seed;
    @Option(names = "--sampler", description = SAMPLER) String sampler;
    @Option(names = "--out", required = true, description = GRID) Path out;

    /** The names before 0.2; hidden, kept so that scripts keep working. */
    @Option(names = "--n", hidden = true) Integer oldLimit;
    @Option(names = "--k", hidden = true) Integer oldPerInput;

    /** Old names win when given: picocli applies the new names' defaults after every option it matched. */
    void applyOldNames() {
        if (oldLimit != null) {
            limit = oldLimit;
        }
        if (oldPerInput != null) {
            perInput = oldPerInput;
        }
    }

    @Override
    public Integer call() {
        applyOldNames();
        if (limit < 1 || perInput < 1) {
            throw new BadInputException("--limit and --per-input must be at least 1");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset all = input.file != null
                ? ImageInput.read(input.file, mc.imageChannels(), mc.height(), mc.width())
                : AutoEncoderInputs.dataset(input.dataset, split, mc);
        AutoEncoderInputs.index("--first", first, all);
        int rows = Math.min(limit, all.size() - first);
        int[] indices = new int[rows];
        java.util.Arrays.setAll(indices, i -> first + i);
        ImageDataset chosen = all.subset(indices);
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = common.newManager()) {
            Path grid = Outputs.image(outputs, out);
            Seeds.seedEngine(seed);
            PixelCnnAutoEncoder ae = common.inPrecision(AutoEncoderInputs.restore(source, ckpt, "reconstruct", manager));
            long start = System.nanoTime();
            byte[] images = Reconstruction.sample(sampler(ae), ae, chosen, perInput, temperature, seed, manager);
            ImageGrid.write(grid, images, rows * (perInput + 1), mc.imageChannels(), mc.height(), mc.width(),
                    perInput + 1, 2);
            outputs.commit();
            System.out.printf(Locale.ROOT, "wrote %d images x (original + %d reconstructions) to %s (%.1f s)%n",
                    rows, perInput, out, (System.nanoTime() - start) / 1e9);
        }
        return Main.OK;
    }

    /** The --sampler asked for, else the model's cached one. */
    private Sampler sampler(PixelModel model) {
        return sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
    }
}
