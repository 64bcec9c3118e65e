package io.github.pixelcnn.examples;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Ending;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainingRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.IntStream;

/** Trains a tiny class-conditional Gated PixelCNN, resumes it, evaluates it and draws one image per class. */
public final class FirstModel {
    private FirstModel() {}

    /** Arguments: a dataset (default fashion-mnist) and a run directory (default runs/first-model). */
    public static void main(String[] args) {
        DataSource data = DataSource.parse(args.length > 0 ? args[0] : "fashion-mnist");
        Path dir = Path.of(args.length > 1 ? args[1] : "runs/first-model");
        System.out.println(run(data.load(Split.TRAIN), data.load(Split.TEST), dir));
    }

    public static String run(ImageDataset train, ImageDataset test, Path dir) {
        ModelConfig model = ModelConfig.builder().setImage(train.channels(), train.height(), train.width())
                .optLayers(2).optChannels(8).optHeadChannels(16)
                .optConditioning(Conditioning.CLASS, train.numClasses()).build();
        TrainConfig first = TrainConfig.builder().setBatchSize(16).setLearningRate(1e-2f).optMaxSteps(4).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            try (TrainingRun run = TrainingRun.builder().setDirectory(dir).setData(train, test)
                    .setTrainConfig(first).optModel(model).optOverwrite(true).build(manager)) {
                run.train(); // writes config.json, checkpoint.ckpt, metrics.csv and curve.png into dir
            }
            TrainConfig more = first.toBuilder().optMaxSteps(8).build();
            try (TrainingRun run = TrainingRun.builder().setDirectory(dir).setData(train, test)
                    .setTrainConfig(more).optResume(true).build(manager)) {
                Ending end = run.train(); // steps 5 to 8; COMPLETED, STOPPED (Ctrl-C) or DIVERGED
                EvalResult eval = Evaluator.evaluate(run.model(), test, 16, 100, manager); // first 100 images
                int[] everyClass = IntStream.range(0, train.numClasses()).toArray();
                Condition h = Condition.classes(everyClass, train.numClasses());
                byte[] images = Sampler.forModel(run.model()).sample(run.model(), h, everyClass.length, 1f, 7, manager);
                return String.format(Locale.ROOT, "%s at step %d: test bits/dim %.3f on %d images; drew %d images",
                        end.kind(), end.state().step(), eval.bitsPerDim(), eval.images(), images.length / model.dims());
            }
        }
    }
}
