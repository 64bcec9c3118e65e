package io.github.pixelcnn.train;

import com.google.gson.JsonObject;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a {@link TrainingRun} starts: resume the run in the directory, start over in it, or refuse,
 * after checking everything it can before a file is written. An existing run is neither replaced
 * without {@code optOverwrite} nor continued without {@code optResume}; a resumed run refuses a
 * model that differs from its own, images of another shape or another dataset, and a stopping
 * rule it has already passed.
 */
final class RunOpening {
    private final TrainingRun.Builder b;
    private final Path dir;
    private final ImageDataset train;
    private final ImageDataset test;
    private final TrainConfig training;
    private final ModelConfig model;
    private final boolean resume;
    private final boolean overwrite;

    private RunOpening(TrainingRun.Builder b) {
        this.b = b;
        this.dir = b.dir;
        this.train = b.train;
        this.test = b.test;
        this.training = b.training;
        this.model = b.model;
        this.resume = b.resume;
        this.overwrite = b.overwrite;
    }

    /** See {@link TrainingRun.Builder#build(NDManager)}. */
    static TrainingRun open(TrainingRun.Builder b, NDManager manager) {
        return new RunOpening(b).open(manager);
    }

    private TrainingRun open(NDManager manager) {
        if (dir == null || train == null || test == null || training == null) {
            throw new IllegalStateException("training run: directory, data and training config are required");
        }
        if (resume && overwrite) {
            throw new BadInputException(dir + ": resume and overwrite exclude each other");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": run directory is a file, not a directory");
        }
        if (!Files.isDirectory(dir)) {
            // Nothing is created for a run that the data or the settings already refuse.
            requireModel();
            checkFits(model);
            RunDirectory.create(dir, "{}");
        }
        RunDirectory.Lock lock = RunDirectory.of(dir).lockForWriting();
        try {
            return startLocked(lock, manager);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private TrainingRun startLocked(RunDirectory.Lock lock, NDManager manager) {
        RunDirectory existing = RunDirectory.of(dir);
        boolean hasCheckpoint = existing.hasCheckpoint();
        if (resume && hasCheckpoint) {
            Checkpoint ck = Checkpoint.read(existing.checkpoint());
            if (model != null) {
                List<String> diff = RunRecord.differences(ck.config(), model);
                if (!diff.isEmpty()) {
                    throw new BadInputException(dir + ": the run's model differs from the one asked for ("
                            + String.join("; ", diff) + "); leave the model settings out to continue it");
                }
            }
            checkFits(ck.config());
            RunRecord.requireSameData(existing, train);
            checkSamePerturbation(existing);
            checkNotPastStop(ck.state());
            return start(ck, lock, manager);
        }
        if (!resume && !overwrite && (hasCheckpoint || Files.exists(existing.config()))) {
            String at = hasCheckpoint ? "at step " + Checkpoint.read(existing.checkpoint()).state().step()
                    : "no checkpoint yet";
            throw new BadInputException(dir + ": holds a run already (" + at
                    + "); resume it, or overwrite it to start again");
        }
        requireModel();
        checkFits(model);
        RunDirectory.removeRunFiles(dir);
        return start(null, lock, manager);
    }

    private TrainingRun start(Checkpoint ck, RunDirectory.Lock lock, NDManager manager) {
        // A resumed run's parameters were drawn when it began; its record keeps saying how.
        TrainConfig session = ck == null ? training : training.toBuilder().optInit(ck.init()).build();
        RunDirectory rd = RunDirectory.create(dir, RunRecord.GSON.toJson(session));
        RunRecord.write(rd, ck != null ? ck.config() : model, session, train, ck);
        return new TrainingRun(b, session, rd, lock, ck, model, manager);
    }

    private void requireModel() {
        if (model == null) {
            throw new IllegalStateException(
                    "training run: a new run needs a model config (optModel)" + (resume ? "; " + dir
                            + " has no checkpoint to resume" : ""));
        }
    }

    private void checkFits(ModelConfig mc) {
        TrainingRun.requireFits(mc, train, test, training.batchSize());
    }

    /** A background model's inputs must stay perturbed as they were: its data would change otherwise. */
    private void checkSamePerturbation(RunDirectory run) {
        JsonObject before = run.readConfig().map(c -> c.getAsJsonObject("training")).orElse(null);
        double mu = before != null && before.has("perturb") ? before.get("perturb").getAsDouble() : 0;
        if (mu != training.perturb()) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: the run was trained with perturb %s, asked for %s; pass --perturb %s again to continue it",
                    dir, mu, training.perturb(), mu));
        }
    }

    private void checkNotPastStop(TrainState state) {
        if (training.reached(state)) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: the run is at step %d (epoch %d), already past its stop (%s); nothing to train",
                    dir, state.step(), state.epoch(), training.maxSteps() > 0
                            ? "maxSteps " + training.maxSteps() : "epochs " + training.epochs()));
        }
    }
}
