package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.DATASET;
import static io.github.pixelcnn.cli.OptionText.GRID;
import static io.github.pixelcnn.cli.OptionText.SAMPLER;
import static io.github.pixelcnn.cli.OptionText.SEED;
import static io.github.pixelcnn.cli.OptionText.SPLIT;
import static io.github.pixelcnn.cli.OptionText.TEMPERATURE;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Interpolation;
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

    @Option(names = "--dataset", required = true, description = "where images A and B are: " + DATASET) String dataset;
    @Option(names = "--split", defaultValue = "test", description = SPLIT) Split split;
    @Option(names = "--a", required = true, description = "index of image A") int a;
    @Option(names = "--b", required = true, description = "index of image B") int b;
    @Option(names = "--points", defaultValue = "8", description = "points on the line, A and B included"
            + " (default: ${DEFAULT-VALUE})") int points;
    @Option(names = "--temperature", defaultValue = "1.0", description = TEMPERATURE) float temperature;
    @Option(names = "--seed", defaultValue = "1", description = SEED) long seed;
    @Option(names = "--sampler", description = SAMPLER) String sampler;
    @Option(names = "--out", required = true, description = GRID + "; one row: A | L samples | B") Path out;

    /** The name before 0.2, when --steps also meant training steps; hidden, kept for scripts. */
    @Option(names = "--steps", hidden = true) Integer oldPoints;

    /** The old name wins when given: picocli applies the new name's default after every option it matched. */
    void applyOldNames() {
        if (oldPoints != null) {
            points = oldPoints;
        }
    }

    @Override
    public Integer call() {
        applyOldNames();
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = AutoEncoderInputs.dataset(dataset, split, mc);
        ImageDataset ends = data.subset(new int[] {AutoEncoderInputs.index("--a", a, data),
            AutoEncoderInputs.index("--b", b, data)});
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = common.newManager()) {
            Path grid = Outputs.image(outputs, out);
            Seeds.seedEngine(seed);
            PixelCnnAutoEncoder ae = common.inPrecision(AutoEncoderInputs.restore(source, ckpt, "interpolate", manager));
            long start = System.nanoTime();
            byte[] row = Interpolation.sample(sampler(ae), ae, ends, points, temperature, seed, manager);
            ImageGrid.write(grid, row, points + 2, mc.imageChannels(), mc.height(), mc.width(), points + 2, 2);
            outputs.commit();
            System.out.printf(Locale.ROOT, "wrote A | %d interpolated samples | B to %s (%.1f s)%n",
                    points, out, (System.nanoTime() - start) / 1e9);
        }
        return Main.OK;
    }

    /** The --sampler asked for, else the model's cached one. */
    private Sampler sampler(PixelModel model) {
        return sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
    }
}
