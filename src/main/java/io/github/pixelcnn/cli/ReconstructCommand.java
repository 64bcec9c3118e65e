package io.github.pixelcnn.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
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
        @Option(names = "--input", description = "an IDX file of gray images or one PNG") Path file;
        @Option(names = "--dataset", description = "fashion-mnist | mnist:DIR | cifar10:DIR | folder:DIR") String dataset;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Input input;

    @Option(names = "--split", defaultValue = "test", description = "split of --dataset (default: ${DEFAULT-VALUE})") String split;
    @Option(names = "--first", defaultValue = "0", description = "index of the first image") int first;
    @Option(names = "--n", defaultValue = "8", description = "images (rows)") int n;
    @Option(names = "--k", defaultValue = "4", description = "samples per image") int k;
    @Option(names = "--temperature", defaultValue = "1.0") float temperature;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", required = true, description = "PNG grid") Path out;

    @Override
    public Integer call() {
        if (n < 1 || k < 1 || !(temperature > 0)) {
            throw new BadInputException("--n and --k must be at least 1 and --temperature positive");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset all = input.file != null
                ? AutoEncoderInputs.file(input.file, mc)
                : AutoEncoderInputs.dataset(input.dataset, split, mc);
        AutoEncoderInputs.index("--first", first, all);
        int rows = Math.min(n, all.size() - first);
        int[] indices = new int[rows];
        java.util.Arrays.setAll(indices, i -> first + i);
        ImageDataset chosen = all.subset(indices);
        try (NDManager manager = common.newManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelCnnAutoEncoder ae = AutoEncoderInputs.restore(ckpt, "reconstruct", manager);
            Condition codes = Condition.encode(ae, chosen.pixels(), rows, 64, manager); // each image encoded once
            long start = System.nanoTime();
            byte[] samples = Sampler.forModel(ae).sample(ae, codes.repeat(k), rows * k, temperature, seed, manager);
            int d = mc.dims();
            byte[] grid = new byte[rows * (k + 1) * d];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(chosen.pixels(), r * d, grid, r * (k + 1) * d, d);
                System.arraycopy(samples, r * k * d, grid, (r * (k + 1) + 1) * d, k * d);
            }
            ImageGrid.write(out, grid, rows * (k + 1), mc.imageChannels(), mc.height(), mc.width(), k + 1, 2);
            System.out.printf(Locale.ROOT, "wrote %d images x (original + %d reconstructions) to %s (%.1f s)%n",
                    rows, k, out, (System.nanoTime() - start) / 1e9);
        }
        return Main.OK;
    }
}
