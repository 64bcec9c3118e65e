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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn interpolate}: samples along the line between the codes of two images. */
@Command(name = "interpolate", mixinStandardHelpOptions = true,
        description = "Auto-encoder: one sample at each of L points between the codes of images A and B.")
public final class InterpolateCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    @Option(names = "--dataset", required = true, description = "where images A and B are") String dataset;
    @Option(names = "--split", defaultValue = "test") String split;
    @Option(names = "--a", required = true, description = "index of image A") int a;
    @Option(names = "--b", required = true, description = "index of image B") int b;
    @Option(names = "--steps", defaultValue = "8", description = "points on the line, A and B included") int steps;
    @Option(names = "--temperature", defaultValue = "1.0") float temperature;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", required = true, description = "PNG grid: A | L samples | B") Path out;

    @Override
    public Integer call() {
        if (steps < 2 || !(temperature > 0)) {
            throw new BadInputException("--steps must be at least 2 and --temperature positive");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = AutoEncoderInputs.dataset(dataset, split, mc);
        ImageDataset ends = data.subset(new int[] {AutoEncoderInputs.index("--a", a, data),
            AutoEncoderInputs.index("--b", b, data)});
        try (NDManager manager = common.newManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelCnnAutoEncoder ae = AutoEncoderInputs.restore(ckpt, "interpolate", manager);
            int m = mc.bottleneck();
            float[] codes = Condition.encode(ae, ends.pixels(), 2, 2, manager).values(); // (2·M)
            float[] line = new float[steps * m];
            for (int s = 0; s < steps; s++) {
                float t = s / (float) (steps - 1);
                for (int j = 0; j < m; j++) {
                    line[s * m + j] = (1 - t) * codes[j] + t * codes[m + j];
                }
            }
            long start = System.nanoTime();
            byte[] samples = Sampler.forModel(ae).sample(ae, Condition.codes(line, m), steps, temperature, seed, manager);
            int d = mc.dims();
            byte[] grid = new byte[(steps + 2) * d];
            System.arraycopy(ends.pixels(), 0, grid, 0, d);
            System.arraycopy(samples, 0, grid, d, steps * d);
            System.arraycopy(ends.pixels(), d, grid, (steps + 1) * d, d);
            ImageGrid.write(out, grid, steps + 2, mc.imageChannels(), mc.height(), mc.width(), steps + 2, 2);
            System.out.printf(Locale.ROOT, "wrote A | %d interpolated samples | B to %s (%.1f s)%n",
                    steps, out, (System.nanoTime() - start) / 1e9);
        }
        return Main.OK;
    }
}
