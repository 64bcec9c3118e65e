package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.GRID;
import static io.github.pixelcnn.cli.OptionText.SAMPLER;
import static io.github.pixelcnn.cli.OptionText.SEED;
import static io.github.pixelcnn.cli.OptionText.TEMPERATURE;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.StopHook;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.OutputFiles;
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

    @Option(names = "--n", defaultValue = "16", description = "images to draw (per class with --classes all)"
            + " (default: ${DEFAULT-VALUE})") int n;
    @Option(names = "--temperature", defaultValue = "1.0", description = TEMPERATURE) float temperature;
    @Option(names = "--seed", defaultValue = "1", description = SEED) long seed;
    @Option(names = "--out", required = true, description = GRID) Path out;
    @Option(names = "--raw", description = "also write the samples as an IDX file (uint8, N x H x W or N x C x H·W;"
            + " default: not written)") Path raw;
    @Option(names = "--sampler", description = SAMPLER) String sampler;
    @Option(names = "--decoder", description = "with --prior: the VQ-VAE that decodes the drawn codes (run directory,"
            + " checkpoint or pretrained name); default: none, the model draws images itself") String decoder;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new BadInputException("--n must be at least 1");
        }
        try (StopHook interrupted = Interruption.say(String.format(java.util.Locale.ROOT,
                "sample with %s, before its images were written; nothing written to %s", source.flag(), out))) {
            return draw();
        }
    }

    private int draw() {
        if (decoder != null || source.isPrior()) {
            return VqSample.sample(this);
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ConditionOptions.Draw draw = condition.forSampling(mc, n);
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = common.newManager()) {
            Path grid = Outputs.image(outputs, out);
            Path rawPath = raw == null ? null : outputs.stage(raw);
            Seeds.seedEngine(seed);
            PixelModel model = common.inPrecision(ckpt.restoreModel(manager));
            Sampler chosen = sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
            long start = System.nanoTime();
            byte[] images = chosen.sample(model, draw.condition(), draw.count(), temperature, seed, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = draw.count();
            ImageGrid.write(grid, images, total, mc.imageChannels(), mc.height(), mc.width(), draw.columns(), 2);
            if (raw != null) {
                IdxFile.write(rawPath, new int[] {total, mc.imageChannels() == 1 ? mc.height() : mc.imageChannels(),
                        mc.imageChannels() == 1 ? mc.width() : mc.height() * mc.width()}, images, false);
            }
            outputs.commit();
            System.out.printf(java.util.Locale.ROOT, "wrote %d samples (%s) to %s (%.1f s)%n",
                    total, draw.given(), out, seconds);
        }
        return Main.OK;
    }
}
