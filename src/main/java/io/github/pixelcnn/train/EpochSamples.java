package io.github.pixelcnn.train;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.ClassGrid;
import io.github.pixelcnn.sample.Sampler;
import java.util.Arrays;

/**
 * The sample grid a run writes after each epoch ({@code samples-epoch-NNN.png}), so progress can
 * be seen as well as read off the curve: one row per class for a class-conditional model (one row
 * for an unconditional one); for models conditioned on vectors or on their own code, the first
 * test images (top row) above one sample given each one's vector or code (bottom row).
 */
final class EpochSamples implements Trainer.EpochHook {
    private static final int PER_ROW = 8;

    private final RunDirectory run;
    private final ImageDataset test;
    private final long seed;
    private final NDManager manager;

    EpochSamples(RunDirectory run, ImageDataset test, long seed, NDManager manager) {
        this.run = run;
        this.test = test;
        this.seed = seed;
        this.manager = manager;
    }

    @Override
    public void afterEpoch(int epoch, PixelModel model) {
        ModelConfig mc = model.config();
        boolean byClass = mc.conditioning() == Conditioning.CLASS
                || (!mc.isConditional() && mc.type() != ModelType.AUTOENCODER);
        try (NDManager sub = manager.newSubManager()) {
            if (byClass) {
                classGrid(model, epoch, sub);
            } else {
                codeGrid(model, epoch, sub);
            }
        }
    }

    private void classGrid(PixelModel model, int epoch, NDManager sub) {
        ClassGrid.write(model, PER_ROW, 1f, seed, run.samples(epoch), sub);
    }

    private void codeGrid(PixelModel model, int epoch, NDManager sub) {
        ModelConfig mc = model.config();
        int n = Math.min(PER_ROW, test.size());
        int[] first = new int[n];
        Arrays.setAll(first, i -> i);
        ImageDataset shown = test.subset(first);
        Condition h = model instanceof PixelCnnAutoEncoder ae
                ? Condition.encode(ae, shown.pixels(), n, n, sub)
                : Condition.vectors(shown.vectors().values(), shown.vectors().columns());
        byte[] samples = Sampler.forModel(model).sample(model, h, n, 1f, seed, sub);
        int d = mc.dims();
        byte[] grid = new byte[2 * n * d];
        System.arraycopy(shown.pixels(), 0, grid, 0, n * d);
        System.arraycopy(samples, 0, grid, n * d, n * d);
        ImageGrid.write(run.samples(epoch), grid, 2 * n, mc.imageChannels(), mc.height(), mc.width(), n, 2);
    }
}
