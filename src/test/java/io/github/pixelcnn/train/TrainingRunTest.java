package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.Initialization;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's run: created, locked while open, refused when it exists, resumed where it stopped. */
class TrainingRunTest {
    private static final long SEED = 4;

    private static TrainingRun.Builder builder(Path dir, ImageDataset data, long steps) {
        return TrainingRun.builder().setDirectory(dir).setData(data, data)
                .setTrainConfig(TrainConfig.builder().setBatchSize(8).setLearningRate(3e-3f).optMaxSteps(steps)
                        .optSeed(SEED).build())
                .optModel(TrainFixtures.tiny(8)).optStopHook(false);
    }

    @Test
    void aRunIsLockedWhileOpenAndResumesWhereItStopped(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        Path runDir = dir.resolve("run");
        try (NDManager manager = NDManager.newBaseManager()) {
            try (TrainingRun run = builder(runDir, data, 2).build(manager)) {
                assertThat(run.resumed()).isFalse();
                assertThatThrownBy(() -> builder(runDir, data, 4).optResume(true).build(manager))
                        .isInstanceOf(BadInputException.class).hasMessageContaining("another training run");
                Ending end = run.train();
                assertThat(end.kind()).isEqualTo(Ending.Kind.COMPLETED);
                assertThat(end.state().step()).isEqualTo(2);
            }
            assertThatThrownBy(() -> builder(runDir, data, 4).build(manager))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("holds a run already");
            try (TrainingRun run = builder(runDir, data, 4).optModel(null).optResume(true).build(manager)) {
                assertThat(run.resumed()).isTrue();
                assertThat(run.state().step()).isEqualTo(2);
                assertThat(run.model().config()).isEqualTo(TrainFixtures.tiny(8));
                assertThat(run.train().state().step()).isEqualTo(4);
            }
            assertThat(Checkpoint.read(runDir.resolve("checkpoint.ckpt")).state().step()).isEqualTo(4);
        }
    }

    /** A resumed run's parameters were drawn when it began: its record keeps that way, not the session's. */
    @Test
    void aResumedRunKeepsTheInitialisationItBeganWith(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        Path runDir = dir.resolve("he");
        TrainConfig he = TrainConfig.builder().setBatchSize(8).setLearningRate(3e-3f).optMaxSteps(1).optSeed(SEED)
                .optInit(Initialization.HE).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            try (TrainingRun run = builder(runDir, data, 1).setTrainConfig(he).build(manager)) {
                run.train();
            }
            try (TrainingRun run = builder(runDir, data, 2).optModel(null).optResume(true).build(manager)) {
                run.train();
            }
            assertThat(run(runDir).readConfig().orElseThrow().getAsJsonObject("training").get("init").getAsString())
                    .isEqualTo("he");
            assertThat(Checkpoint.read(runDir.resolve("checkpoint.ckpt")).init()).isEqualTo(Initialization.HE);
        }
    }

    private static RunDirectory run(Path dir) {
        return RunDirectory.of(dir);
    }

    @Test
    void aStopRequestedBeforeTrainingEndsAtOnceWithACheckpoint(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        try (NDManager manager = NDManager.newBaseManager();
                TrainingRun run = builder(dir.resolve("stop"), data, 100).build(manager)) {
            run.requestStop();
            Ending end = run.train();
            assertThat(end.kind()).as("how it ended, told by train() itself").isEqualTo(Ending.Kind.STOPPED);
            assertThat(end.state().step()).isZero();
            assertThat(run.directory().checkpoint()).exists();
        }
    }

    @Test
    void aDivergingRunEndsDivergedWithItsReasonInsteadOfThrowing(@TempDir Path dir) {
        ImageDataset data = TrainFixtures.patterns(16, SEED);
        // A learning rate of 1e30 makes the first update overflow: every later loss is NaN.
        TrainConfig wild = TrainConfig.builder().setBatchSize(8).setLearningRate(1e30f).optMaxSteps(100).optSeed(SEED)
                .build();
        try (NDManager manager = NDManager.newBaseManager();
                TrainingRun run = builder(dir.resolve("wild"), data, 100).setTrainConfig(wild).build(manager)) {
            Ending end = run.train();
            assertThat(end.kind()).isEqualTo(Ending.Kind.DIVERGED);
            assertThat(end.divergence()).hasMessageContaining("training diverged at step");
            assertThat(end.state().step()).isLessThan(100);
            assertThatThrownBy(end::orThrow).isSameAs(end.divergence());
        }
    }
}
