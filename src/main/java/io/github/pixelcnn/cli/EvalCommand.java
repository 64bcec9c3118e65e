package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.BATCH;
import static io.github.pixelcnn.cli.OptionText.DATASET;
import static io.github.pixelcnn.cli.OptionText.LIMIT;
import static io.github.pixelcnn.cli.OptionText.SPLIT;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.StopHook;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn eval}: negative log-likelihood of a split in bits/dim. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate bits/dim on a dataset split.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;
    @Mixin ConditionOptions condition;

    @Option(names = "--dataset", required = true, description = DATASET) String dataset;
    @Mixin ResizeOption resize;
    @Option(names = "--split", defaultValue = "test", description = SPLIT) Split split;
    @Option(names = "--limit", defaultValue = "0", description = LIMIT) int limit;
    @Option(names = "--batch", defaultValue = "64", description = BATCH) int batch;
    @Option(names = "--record", description = "with --run, the whole test split: add the figure to the run's"
            + " metrics.csv and redraw its curve.png (default: off)") boolean record;
    @Option(names = "--json", description = "print one JSON object (default: off)") boolean json;

    @Override
    public Integer call() {
        if (limit < 0 || batch < 1) {
            throw new BadInputException("--limit must be >= 0 and --batch >= 1");
        }
        if (record && (source.runDirectory() == null || split != Split.TEST || limit != 0)) {
            throw new BadInputException("--record writes a run's figure on its whole test split: give --run, and"
                    + " no --split train or --limit");
        }
        try (StopHook interrupted = Interruption.say(String.format(Locale.ROOT, "eval of %s on %s (%s split)"
                + " before its figure%s", source.flag(), dataset, split.label(), record ? "; nothing recorded" : ""))) {
            return evaluate();
        }
    }

    private int evaluate() {
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = resize.forModel(ckpt).apply(DataSource.parse(dataset)).load(split);
        DatasetFit.require(ckpt.config(), data, dataset);
        try (NDManager manager = common.newManager()) {
            PixelModel model = ckpt.restoreModel(manager);
            model.setPrecision(common.trainingPrecision());
            ConditionSource h = condition.forScoring("eval", ckpt, model, data, dataset);
            if (common.autoNote() != null) {
                System.err.println("pixelcnn: " + common.autoNote());
            }
            int images = limit > 0 ? Math.min(limit, data.size()) : data.size();
            EvalResult r;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("eval").setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(1000).setInitialMax(images).setUnit(" images", 1).build()) {
                r = Evaluator.evaluate(model, data, h, batch, limit, manager, bar::stepTo);
            }
            if (record) {
                RunDirectory.of(source.runDirectory()).recordTest(ckpt.state(), r.bitsPerDim());
            }
            if (json) {
                JsonObject out = new JsonObject();
                out.addProperty("bits_per_dim", r.bitsPerDim());
                out.addProperty("nats_per_image", r.natsPerImage());
                out.addProperty("images", r.images());
                out.addProperty("images_per_s", r.imagesPerSecond());
                out.addProperty("marginal", h.isMarginal());
                System.out.println(out);
            } else {
                System.out.printf(Locale.ROOT, "bits/dim: %.4f (%s)%nnats/image: %.2f%nimages: %d (%s split, %.1f images/s)%n",
                        r.bitsPerDim(), condition.describeScoring(ckpt, ckpt.config(), data), r.natsPerImage(), r.images(), split.label(), r.imagesPerSecond());
            }
        }
        return Main.OK;
    }
}
