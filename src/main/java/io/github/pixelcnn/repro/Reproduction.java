package io.github.pixelcnn.repro;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Machine;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Adam;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.Ending;
import io.github.pixelcnn.train.RunDirectory;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.train.TrainingListener;
import io.github.pixelcnn.train.TrainingRun;
import io.github.pixelcnn.train.TrainingStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Trains every model of a {@link Plan} for the same budget (minutes or steps) and seed, each in its own
 * run directory under one folder, evaluates each on the whole test split and on the first
 * training images, and returns the {@link Results}.
 *
 * <p>Run again on the same folder, it picks up where it stopped: a model with a {@code
 * result.json} is neither trained nor evaluated again, one with a checkpoint resumes for what is
 * left of its budget. The folder's {@code reproduce.json} records the settings, and a run with
 * other settings (budget, seed, model size, data) is refused, since its models would not compare.
 */
public final class Reproduction {
    static final String SETTINGS = "reproduce.json";
    static final String RESULT = "result.json";
    /** A model whose checkpoint is this close to its budget counts as trained (an epoch-end evaluation may end it early). */
    private static final double DONE_FRACTION = 0.98;
    private static final int EVAL_BATCH = 100;
    private static final int WARM_UP_STEPS = 20;
    private static final int WARM_UP_SECONDS = 5;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    /** Progress of a reproduction; the library never prints. */
    public interface Listener {
        /** Before anything is trained, with the parameter count of every model. */
        default void onPlan(Plan plan, List<Long> parameters) {}

        /**
         * A model starts or resumes training for what is left of its budget: {@code session}'s
         * minutes or steps; returns the listener of its training run.
         */
        default TrainingListener onTraining(Entry entry, int index, int total, TrainState from, TrainConfig session) {
            return new TrainingListener() {};
        }

        /**
         * A model is evaluated on the test split and then on training images, {@code images} in
         * all; returns what is told, after each batch, how many of them are done (e.g. a bar).
         */
        default IntConsumer onEvaluating(Entry entry, int images) {
            return done -> {};
        }

        /** A model's result, {@code earlier} when it came from an earlier run of the reproduction. */
        default void onResult(Entry entry, ModelResult result, boolean earlier) {}
    }

    private final Path dir;
    private final ReproConfig config;
    private final ImageDataset train;
    private final ImageDataset test;
    private final Listener listener;

    private Reproduction(Path dir, ReproConfig config, ImageDataset train, ImageDataset test, Listener listener) {
        this.dir = dir;
        this.config = config;
        this.train = train;
        this.test = test;
        this.listener = listener;
    }

    /**
     * Runs the reproduction in {@code dir} (created when missing) and returns its results, or
     * nothing when training was stopped (Ctrl-C, SIGTERM): the model in progress has written its
     * checkpoint and resumes next time.
     *
     * @param command how the reproduction was asked for, recorded in the results
     * @throws BadInputException when the data do not fit a model or {@code dir} holds a
     *     reproduction with other settings; nothing is trained then
     */
    public static Optional<Results> run(Path dir, ReproConfig config, ImageDataset train, ImageDataset test,
            String command, Listener listener, NDManager manager) {
        Plan plan = Plan.of(config, train.hasLabels() ? train.numClasses() : 0, manager);
        double loadAtStart = Machine.loadAverage();
        Reproduction r = new Reproduction(dir, config, train, test, listener);
        r.checkFits(plan);
        r.claimDirectory();
        List<Long> counts = new ArrayList<>();
        for (Entry e : plan.entries()) {
            counts.add(Plan.parameterCount(e.config(), manager));
        }
        listener.onPlan(plan, counts);
        if (plan.entries().stream().anyMatch(e -> !Files.isRegularFile(dir.resolve(e.id()).resolve(RESULT)))) {
            r.warmUp(plan.entries().get(0), manager);
        }
        List<ModelResult> results = new ArrayList<>();
        for (int i = 0; i < plan.entries().size(); i++) {
            Optional<ModelResult> result = r.runEntry(plan.entries().get(i), i, plan.entries().size(), manager);
            if (result.isEmpty()) {
                return Optional.empty();
            }
            results.add(result.get());
        }
        return Optional.of(new Results(config, train.name(), train.size(), test.size(), command,
                String.format(Locale.ROOT, "%s, %d thread%s; load average %.2f at the start, %.2f at the end",
                        Machine.cpuModel(), Machine.threads(), Machine.threads() == 1 ? "" : "s", loadAtStart,
                        Machine.loadAverage()),
                plan, results));
    }

    /** Everything the data can refuse, checked before any model trains. */
    private void checkFits(Plan plan) {
        for (Entry e : plan.entries()) {
            TrainingRun.requireFits(e.config(), train, test, config.batchSize());
        }
    }

    /**
     * Throw-away training steps of {@code entry}'s architecture, {@value #WARM_UP_STEPS} or {@value
     * #WARM_UP_SECONDS} s, whichever ends first: the first model trained in a process would
     * otherwise spend part of its budget on one-time costs (libtorch's start-up, the JVM compiling
     * the step's Java side), and that model is the baseline of every row.
     */
    private void warmUp(Entry entry, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            PixelModel model = PixelModel.create(entry.config());
            model.initialize(m);
            try (Adam adam = new Adam(model.namedParameters(), m)) {
                TrainingStep step = new TrainingStep(model, adam, 0);
                Batch batch = Batches.builder().setData(train).setBatchSize(config.batchSize()).optDropLast(true).build()
                        .epoch(0).next();
                ConditionSource h = ConditionSource.of(model, train);
                long start = System.nanoTime();
                for (int i = 0; i < WARM_UP_STEPS && (System.nanoTime() - start) / 1e9 < WARM_UP_SECONDS; i++) {
                    try (NDManager sub = m.newSubManager()) {
                        step.apply(batch.images(sub), h.forTraining(batch.indices()), config.learningRate()); // (B, C, H, W) uint8
                    }
                }
            }
        }
    }

    /** Writes the settings into a new folder, or checks them against those of the reproduction it holds. */
    private void claimDirectory() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": is a file, not a directory");
        }
        JsonObject now = settings();
        Path file = dir.resolve(SETTINGS);
        if (Files.isRegularFile(file)) {
            JsonObject there = readJson(file).getAsJsonObject();
            if (!there.equals(now)) {
                List<String> diff = new ArrayList<>();
                for (String key : now.keySet()) {
                    if (!now.get(key).equals(there.get(key))) {
                        diff.add(key + ": " + there.get(key) + " there, " + now.get(key) + " now");
                    }
                }
                throw new BadInputException(dir + ": holds a reproduction with other settings (" + String.join("; ", diff)
                        + "); use another directory");
            }
            return;
        }
        byte[] json = (GSON.toJson(now) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(json));
    }

    /** What must match for models trained in two sessions to compare; rows and noise seeds may change. */
    private JsonObject settings() {
        JsonObject s = GSON.toJsonTree(config).getAsJsonObject();
        s.remove("rows");
        s.remove("noiseSeeds");
        if (!config.budgetInSteps()) {
            s.remove("stepsPerModel"); // as folders made before budgets in steps recorded it
        }
        JsonObject data = new JsonObject();
        data.addProperty("name", train.name());
        data.addProperty("train", train.size());
        data.addProperty("test", test.size());
        s.add("data", data);
        // Through text and back, so that it compares equal to the file's copy (0.002f vs "0.002").
        return JsonParser.parseString(GSON.toJson(s)).getAsJsonObject();
    }

    private Optional<ModelResult> runEntry(Entry entry, int index, int total, NDManager manager) {
        Path runDir = dir.resolve(entry.id());
        Path resultFile = runDir.resolve(RESULT);
        if (Files.isRegularFile(resultFile)) {
            ModelResult earlier = readResult(resultFile);
            listener.onResult(entry, earlier, true);
            return Optional.of(earlier);
        }
        Path checkpoint = RunDirectory.of(runDir).checkpoint();
        TrainState from = Files.isRegularFile(checkpoint) ? Checkpoint.read(checkpoint).state() : TrainState.start();
        try (NDManager m = manager.newSubManager()) {
            if (spent(from)) {
                Checkpoint ck = Checkpoint.read(checkpoint);
                return Optional.of(finish(entry, ck.restoreModel(m), ck.state(), resultFile, m));
            }
            TrainConfig.Builder session = TrainConfig.builder().setBatchSize(config.batchSize())
                    .setLearningRate(config.learningRate()).optSeed(entry.seed()).optCheckpointMinutes(1)
                    .optEvalLimit(Math.min(config.epochEvalImages(), test.size()));
            TrainConfig training = config.budgetInSteps() ? session.optMaxSteps(config.stepsPerModel()).build()
                    : session.optMinutes((config.minutesPerModel() * 60 - from.elapsedSeconds()) / 60).build();
            TrainingListener progress = listener.onTraining(entry, index, total, from, training);
            try (TrainingRun run = TrainingRun.builder().setDirectory(runDir).setData(train, test)
                    .setTrainConfig(training).optModel(entry.config()).optResume(true).optListener(progress).build(m)) {
                Ending end = run.train();
                if (end.stopped()) {
                    return Optional.empty();
                }
                return Optional.of(finish(entry, run.model(), end.orThrow(), resultFile, m));
            }
        }
    }

    /** Whether a model's checkpoint has used its budget (or so nearly that an epoch-end evaluation ended it). */
    private boolean spent(TrainState from) {
        if (config.budgetInSteps()) {
            return from.step() >= config.stepsPerModel();
        }
        double budget = config.minutesPerModel() * 60;
        return budget - from.elapsedSeconds() <= (1 - DONE_FRACTION) * budget;
    }

    private ModelResult finish(Entry entry, PixelModel model, TrainState end, Path resultFile, NDManager manager) {
        int trainImages = Math.min(config.trainEvalImages(), train.size());
        IntConsumer progress = listener.onEvaluating(entry, test.size() + trainImages);
        EvalResult onTest = Evaluator.evaluate(model, test, ConditionSource.of(model, test), EVAL_BATCH, 0, manager,
                progress);
        EvalResult onTrain = Evaluator.evaluate(model, train, ConditionSource.of(model, train), EVAL_BATCH, trainImages,
                manager, done -> progress.accept(test.size() + done));
        double epochs = (double) end.step() * config.batchSize() / train.size();
        ModelResult result = new ModelResult(entry.id(), entry.model(), entry.conditioning(), entry.rows(), entry.seed(),
                model.parameterCount(), end.step(), epochs, end.elapsedSeconds(), onTrain.bitsPerDim(),
                onTrain.images(), onTest.bitsPerDim(), onTest.images());
        byte[] json = (GSON.toJson(result) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(resultFile, out -> out.write(json));
        listener.onResult(entry, result, false);
        return result;
    }

    private static ModelResult readResult(Path file) {
        try {
            ModelResult r = GSON.fromJson(readJson(file), ModelResult.class);
            if (r == null || r.id() == null) {
                throw new BadInputException(file + ": not a model result; delete it to evaluate that model again");
            }
            return r;
        } catch (JsonParseException e) {
            throw new BadInputException(file + ": not a model result (" + e.getMessage() + "); delete it to evaluate"
                    + " that model again", e);
        }
    }

    private static JsonElement readJson(Path file) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new BadInputException(file + ": not a JSON object");
            }
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new BadInputException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }
}
