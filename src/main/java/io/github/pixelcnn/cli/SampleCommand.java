package io.github.pixelcnn.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.sample.CodeSampler;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn sample}: draws images, optionally one row per class, as a PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Sample images from a trained model.")
public final class SampleCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    @Option(names = "--n", defaultValue = "16", description = "images (per class with --classes all)") int n;
    @Option(names = "--class", description = "class index for a class-conditional model") Integer classIndex;
    @Option(names = "--classes", description = "all: one row per class") String classes;
    @Option(names = "--temperature", defaultValue = "1.0") float temperature;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", required = true, description = "PNG grid") Path out;
    @Option(names = "--raw", description = "also write the samples as an IDX file") Path raw;
    @Option(names = "--vector-from", description = "vector-conditional model or auto-encoder: a .npy/CSV of vectors or codes")
    Path vectorFrom;
    @Option(names = "--index", defaultValue = "0", description = "row of --vector-from to condition on") int index;
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
        if (classes != null && !classes.equals("all")) {
            throw new BadInputException("--classes takes only 'all'");
        }
        if (classes != null && classIndex != null) {
            throw new BadInputException("--class and --classes contradict each other; give one");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        if (mc.conditioning() == Conditioning.VECTOR || mc.type() == ModelType.AUTOENCODER) {
            return sampleGivenVector(ckpt);
        }
        if (vectorFrom != null) {
            throw new BadInputException("--vector-from needs a vector-conditional model or an auto-encoder");
        }
        int[] labels = null;
        int cols = (int) Math.ceil(Math.sqrt(n));
        int total = n;
        if (mc.isConditional()) {
            int k = mc.conditionSize();
            if (classes != null) {
                total = n * k;
                cols = n;
                labels = classRows(k, n);
            } else {
                int c = classIndex == null ? 0 : classIndex;
                if (c < 0 || c >= k) {
                    throw new BadInputException("--class must be in 0.." + (k - 1) + ", got " + c);
                }
                labels = new int[n];
                java.util.Arrays.fill(labels, c);
            }
        } else if (classes != null || classIndex != null) {
            throw new BadInputException("--class/--classes need a class-conditional model");
        }
        try (NDManager manager = common.newManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelModel model = ckpt.restoreModel(manager);
            Sampler chosen = sampler == null ? Sampler.forModel(model) : Sampler.named(sampler, model);
            long start = System.nanoTime();
            byte[] images = chosen.sample(model, total, labels, temperature, seed, manager);
            double seconds = (System.nanoTime() - start) / 1e9;
            ImageGrid.write(out, images, total, mc.imageChannels(), mc.height(), mc.width(), cols, 2);
            if (raw != null) {
                IdxFile.write(raw, new int[] {total, mc.imageChannels() == 1 ? mc.height() : mc.imageChannels(),
                        mc.imageChannels() == 1 ? mc.width() : mc.height() * mc.width()}, images, false);
            }
            System.out.printf(java.util.Locale.ROOT, "wrote %d samples to %s (%.1f s)%n", total, out, seconds);
        }
        return Main.OK;
    }

    /** n samples given one row of --vector-from: h for a vector model, the code for an auto-encoder. */
    private int sampleGivenVector(Checkpoint ckpt) {
        ModelConfig mc = ckpt.config();
        if (vectorFrom == null) {
            throw new BadInputException("this model is conditioned on vectors; give --vector-from FILE [--index I]"
                    + " (for an auto-encoder, codes from pixelcnn encode)");
        }
        VectorFile table = VectorFile.read(vectorFrom);
        int k = mc.type() == ModelType.AUTOENCODER ? mc.bottleneck() : mc.conditionSize();
        if (table.columns() != k) {
            throw new BadInputException(vectorFrom + ": vectors of size " + table.columns() + ", the model takes " + k);
        }
        if (index < 0 || index >= table.rows()) {
            throw new BadInputException("--index " + index + ": outside 0.." + (table.rows() - 1) + " of " + vectorFrom);
        }
        float[] codes = new float[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(table.values(), index * k, codes, i * k, k);
        }
        try (NDManager manager = common.newManager()) {
            Engine.getInstance().setRandomSeed(Long.hashCode(seed));
            PixelModel model = ckpt.restoreModel(manager);
            PixelModel conditional = model instanceof PixelCnnAutoEncoder ae ? ae.decoder() : model;
            byte[] images = CodeSampler.sample(conditional, codes, n, temperature, seed, manager);
            ImageGrid.write(out, images, n, mc.imageChannels(), mc.height(), mc.width(), (int) Math.ceil(Math.sqrt(n)), 2);
            System.out.printf(java.util.Locale.ROOT, "wrote %d samples given vector %d of %s to %s%n", n, index, vectorFrom, out);
        }
        return Main.OK;
    }

    /** Labels for a grid with one row per class: {@code perClass} images of class 0, then 1, … */
    private static int[] classRows(int classes, int perClass) {
        int[] labels = new int[classes * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }
}
