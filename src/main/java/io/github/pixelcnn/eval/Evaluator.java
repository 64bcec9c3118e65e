package io.github.pixelcnn.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.CoreShare;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.PixelModel;
import java.util.Iterator;
import java.util.function.IntConsumer;

/** Bits/dim of a model on a dataset, batched, without autograd, one sub-manager per batch. */
public final class Evaluator {
    private Evaluator() {}

    /**
     * Evaluates with h from the dataset itself (labels, vectors, or the auto-encoder's codes).
     *
     * @param limit evaluate the first {@code limit} images only (0 = all)
     */
    public static EvalResult evaluate(
            PixelModel model, ImageDataset data, int batchSize, int limit, NDManager manager) {
        return evaluate(model, data, ConditionSource.of(model, data), batchSize, limit, manager);
    }

    /**
     * Evaluates with h from {@code conditions}, built for {@code data}; with the class marginal the
     * figure is {@code -log p(x)} summed over the classes.
     *
     * @param limit evaluate the first {@code limit} images only (0 = all)
     */
    public static EvalResult evaluate(PixelModel model, ImageDataset data, ConditionSource conditions, int batchSize,
            int limit, NDManager manager) {
        return evaluate(model, data, conditions, batchSize, limit, manager, done -> {});
    }

    /**
     * The same, telling {@code progress} how many images are done after each batch, e.g. to
     * show a bar while a whole test split is evaluated.
     */
    public static EvalResult evaluate(PixelModel model, ImageDataset data, ConditionSource conditions, int batchSize,
            int limit, NDManager manager, IntConsumer progress) {
        ImageDataset set = limit > 0 && limit < data.size() ? data.head(limit) : data;
        long start = System.nanoTime();
        double totalNats = 0;
        int images = 0;
        Iterator<Batch> it = Batches.builder().setData(set).setBatchSize(batchSize).build().epoch(0);
        CoreShare cores = CoreShare.forThisProcess(); // fewer threads while other processes compute here
        try {
            while (it.hasNext()) {
                Batch batch = it.next();
                try (NDManager step = manager.newSubManager()) {
                    if (conditions.isMarginal()) {
                        for (double nats : ClassMarginal.score(model, batch.pixels(), batch.size(),
                                conditions.prior(), step).perImage()) {
                            totalNats += nats;
                        }
                    } else {
                        NDArray x = batch.images(step); // (B, C, H, W) uint8
                        NDArray logits =
                                model.logits(x, conditions.forImages(batch.indices(), batch.pixels(), step));
                        totalNats += Likelihood.natsPerImage(logits, x).sum().getFloat(); // float32, as the logits
                    }
                    images += batch.size();
                }
                progress.accept(images);
                cores.poll();
            }
        } finally {
            cores.restore();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double natsPerImage = totalNats / images;
        return new EvalResult(
                Likelihood.bitsPerDim(natsPerImage, model.config().dims()), natsPerImage, images, seconds);
    }
}
