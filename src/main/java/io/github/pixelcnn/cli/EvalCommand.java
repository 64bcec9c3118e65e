package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn eval}: negative log-likelihood of a split in bits/dim. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate bits/dim on a dataset split.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;
    @Mixin ConditionOptions condition;

    @Option(names = "--dataset", required = true) String dataset;
    @Option(names = "--split", defaultValue = "test", description = "test | train") String split;
    @Option(names = "--limit", defaultValue = "0", description = "first N images only, 0 = all") int limit;
    @Option(names = "--batch", defaultValue = "64") int batch;
    @Option(names = "--json", description = "print one JSON object") boolean json;

    @Override
    public Integer call() {
        Split s = switch (split) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new BadInputException("--split must be test or train, got " + split);
        };
        if (limit < 0 || batch < 1) {
            throw new BadInputException("--limit must be >= 0 and --batch >= 1");
        }
        Checkpoint ckpt = source.read();
        ImageDataset data = DataSource.parse(dataset).load(s);
        DatasetFit.require(ckpt.config(), data, dataset);
        try (NDManager manager = common.newManager()) {
            PixelModel model = ckpt.restoreModel(manager);
            ConditionSource h = condition.forScoring("eval", ckpt, model, data, dataset);
            EvalResult r = Evaluator.evaluate(model, data, h, batch, limit, manager);
            if (json) {
                System.out.printf(Locale.ROOT,
                        "{\"bits_per_dim\": %.6f, \"nats_per_image\": %.4f, \"images\": %d, \"images_per_s\": %.2f,"
                                + " \"marginal\": %b}%n",
                        r.bitsPerDim(), r.natsPerImage(), r.images(), r.imagesPerSecond(), h.isMarginal());
            } else {
                System.out.printf(Locale.ROOT, "bits/dim: %.4f (%s)%nnats/image: %.2f%nimages: %d (%s split, %.1f images/s)%n",
                        r.bitsPerDim(), condition.describeScoring(ckpt, ckpt.config(), data), r.natsPerImage(), r.images(), split, r.imagesPerSecond());
            }
        }
        return Main.OK;
    }
}
