package io.github.pixelcnn.train;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ModelConfig;
import java.nio.file.Path;

/**
 * The child process of {@link CrashResumeTest}: a {@link TrainingRun} that halts the JVM at a
 * fixed point, as {@code kill -9} would (no shutdown hook, no flush): {@code step:N} right after
 * step N is computed, before its checkpoint; {@code epoch:E} after epoch E's evaluation and
 * checkpoint, before its sample grid; {@code none} runs to the end.
 *
 * <p>Arguments: run directory, halt point, {@code resume} or {@code new}.
 */
final class HaltingRun {
    static final int STEPS = 60;
    static final int HALTED = 137;

    private HaltingRun() {}

    static TrainConfig config() {
        // Checkpoints after every step: which one a kill leaves behind is a function of the kill's step.
        return TrainConfig.builder().setBatchSize(16).setLearningRate(0.01f).optMaxSteps(STEPS).optSeed(5)
                .optCheckpointMinutes(1e-9).optEvalLimit(16).build();
    }

    static ModelConfig model() {
        return ModelConfig.builder().setImage(1, 8, 8).optLayers(2).optChannels(8).optKernels(3, 3)
                .optHeadChannels(16).build();
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String[] halt = args[1].split(":");
        boolean resume = args[2].equals("resume");
        long at = halt.length > 1 ? Long.parseLong(halt[1]) : -1;
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(long step, int epoch, double trainBitsPerDim, double imagesPerSecond) {
                if (halt[0].equals("step") && step == at) {
                    Runtime.getRuntime().halt(HALTED);
                }
            }

            @Override
            public void onEpochEnd(int epoch, long step, double testBitsPerDim) {
                if (halt[0].equals("epoch") && epoch == at) {
                    Runtime.getRuntime().halt(HALTED);
                }
            }
        };
        ImageDataset train = TrainFixtures.patterns(320, 5); // 20 steps per epoch
        ImageDataset test = TrainFixtures.patterns(16, 6);
        try (NDManager manager = NDManager.newBaseManager();
                TrainingRun run = TrainingRun.builder().setDirectory(dir).setData(train, test).setTrainConfig(config())
                        .optModel(model()).optResume(resume).optListener(listener).build(manager)) {
            System.out.println((run.resumed() ? "resumed at step " : "started at step ") + run.state().step());
            run.train();
        }
    }
}
