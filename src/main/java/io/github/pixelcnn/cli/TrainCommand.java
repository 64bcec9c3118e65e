package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.Initialization;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.train.TrainingRun;
import io.github.pixelcnn.vq.VqCheckpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn train}: flags in, one {@link TrainingRun}, a summary out. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a PixelCNN.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelOptions modelOptions;
    @Mixin VqOptions vqOptions;

    @Option(names = "--dataset", required = true, description = "fashion-mnist | mnist:DIR | cifar10:DIR | folder:DIR | codes:FILE")
    String dataset;

    @Mixin ResizeOption resize;

    @Option(names = "--batch", defaultValue = "32", description = "images per step (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--lr", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE})") float lr;
    @Option(names = "--epochs", defaultValue = "0", description = "stop after E epochs; 1 when no stop is given (default: ${DEFAULT-VALUE})") int epochs;
    @Option(names = "--steps", defaultValue = "0", description = "stop after S optimizer steps in all, 0 = no limit (default: ${DEFAULT-VALUE})") long steps;
    @Option(names = "--minutes", defaultValue = "0", description = "stop after M minutes of this session, 0 = no limit (default: ${DEFAULT-VALUE})") double minutes;
    @Option(names = "--seed", defaultValue = "42", description = OptionText.SEED) long seed;
    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "minutes between checkpoints (default: ${DEFAULT-VALUE})")
    double checkpointMinutes;
    @Option(names = "--lr-decay", defaultValue = "1",
            description = "multiply the learning rate by this after every step, as PixelCNN++ does (0.9995: "
                    + "a fifth of it after 3,200 steps); pass it again with --resume (default: ${DEFAULT-VALUE}, constant)")
    double lrDecay;
    @Option(names = "--clip-grad", defaultValue = "0", description = "max global gradient norm, 0 = off (default: ${DEFAULT-VALUE})") double clipGrad;
    @Option(names = "--eval-limit", defaultValue = "0", description = "test images per epoch-end evaluation, 0 = all (default: ${DEFAULT-VALUE})") int evalLimit;
    @Option(names = "--out", required = true, description = "run directory; missing folders are created") Path out;
    @Option(names = "--resume", description = "continue the run in --out from its checkpoint; model options then default to the run's (default: off)")
    boolean resume;
    @Option(names = "--grad-check-every", defaultValue = "0", description = "compare every N-th step's gradients with float64 ones and report the relative error, 0 = off (default: ${DEFAULT-VALUE})") int gradCheckEvery;
    @Option(names = "--perturb", defaultValue = "0", paramLabel = "MU",
            description = "replace each training sub-pixel by a uniform random level with probability MU, drawn from"
                    + " --seed and the step, to train a background model for `ood` (Ren et al. 2019; 0.1-0.2 there);"
                    + " pass it again with --resume (default: ${DEFAULT-VALUE}, off)")
    double perturb;
    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "L2",
            description = "L2 weight decay in Adam's gradient (Ren et al. use 1e-4 for the background model)"
                    + " (default: ${DEFAULT-VALUE}, off)")
    double weightDecay;
    @Option(names = "--init", defaultValue = "fan-in", converter = InitConverter.class, paramLabel = "fan-in|he",
            description = "how a new run draws its parameters: fan-in is PyTorch's default, U(±1/√fan_in) for weights"
                    + " and biases; he is DJL's, N(0, 2/fan_in) with zero biases (2.45× wider), which runs before"
                    + " this option used (default: ${DEFAULT-VALUE})")
    Initialization init;
    @Option(names = "--overwrite", description = "replace the run in --out: its checkpoint, config, metrics and sample grids (default: off)") boolean overwrite;

    @Override
    public Integer call() {
        if (resume && overwrite) {
            throw new BadInputException("--resume and --overwrite exclude each other");
        }
        TrainConfig settings = trainConfig(); // checked before any data is read
        RunDirectory dir = RunDirectory.of(out);
        boolean vqvae = modelOptions.model.equals("vqvae") || resume && VqCheckpoint.isVqCheckpoint(dir.checkpoint());
        vqOptions.refuseOthers(vqvae);
        if (vqvae) {
            return VqVaeTrain.run(this, settings.toBuilder().optResize(resize.forNewModel()).build(), vqOptions);
        }
        // A resumed run scales its images as it did (and refuses another size); a new one as asked.
        Checkpoint resumed = resume && dir.hasCheckpoint() ? Checkpoint.read(dir.checkpoint()) : null;
        DataSource source = resumed != null ? resize.forModel(resumed).apply(DataSource.parse(dataset))
                : DataSource.parse(dataset).withResize(resize.forNewModel());
        TrainConfig config = settings.toBuilder().optResize(source.resize()).build();
        ImageDataset train = modelOptions.withVectors(source.load(Split.TRAIN), false);
        ImageDataset test = modelOptions.withVectors(source.load(Split.TEST), true);
        ModelConfig existing = resumed != null ? resumed.config() : null;
        ModelConfig model = modelOptions.config(train, existing);
        ColourGroups.report(modelOptions.adaptedDefaults(train, existing));
        modelOptions.unusedFlags(model).forEach(note -> System.err.println("pixelcnn: note: " + note));
        ProgressBarListener progress = new ProgressBarListener(minutes);
        try (NDManager manager = common.newManager();
                TrainingRun run = TrainingRun.builder().setDirectory(out).setData(train, test).setTrainConfig(config)
                        .optModel(model).optResume(resume).optOverwrite(overwrite).optListener(progress)
                        .optGradientCheck(gradCheckEvery)
                        .build(manager)) {
            TrainState at = run.state();
            if (run.resumed()) {
                System.out.printf(Locale.ROOT, "resuming %s at step %d (epoch %d)%n", run.directory().checkpoint(),
                        at.step(), at.epoch());
            } else if (resume) {
                System.out.println("no checkpoint in " + out + "; starting a new run");
            }
            ModelConfig mc = run.model().config();
            System.out.printf(Locale.ROOT, "%s: %d train / %d test images %dx%dx%d; model %s, %,d parameters%n",
                    source.describe(), train.size(), test.size(), train.channels(), train.height(), train.width(),
                    mc.type().name().toLowerCase(Locale.ROOT), run.model().parameterCount());
            if (common.autoNote() != null) {
                System.out.println(common.autoNote());
            }
            TrainState end;
            try {
                end = run.train().orThrow();
            } finally {
                progress.close();
            }
            System.out.printf(Locale.ROOT, "stopped at step %d, epoch %d; %s%n", end.step(), end.epoch(),
                    Double.isNaN(end.bestTestBitsPerDim())
                            ? "no epoch has ended, so training measured no test bits/dim"
                            : String.format(Locale.ROOT, "best test bits/dim %.4f", end.bestTestBitsPerDim()));
            progress.summary().forEach(System.out::println);
            System.out.println("run directory: " + out.toAbsolutePath());
            return Main.OK;
        } finally {
            System.out.flush();
        }
    }

    /** Refuses an unknown value at parse time, with the choices. */
    static final class InitConverter implements CommandLine.ITypeConverter<Initialization> {
        @Override
        public Initialization convert(String value) {
            try {
                return Initialization.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parameter errors name the library's parameters; {@link Main#FLAGS} words them as flags. */
    private TrainConfig trainConfig() {
        return TrainConfig.builder().setBatchSize(batch).setLearningRate(lr).optLrDecay(lrDecay)
                .optEpochs(epochs == 0 && steps == 0 && minutes == 0 ? 1 : epochs).optMaxSteps(steps)
                .optMinutes(minutes).optSeed(seed).optCheckpointMinutes(checkpointMinutes).optClipGrad(clipGrad)
                .optEvalLimit(evalLimit).optPrecision(common.trainingPrecision()).optPerturb(perturb)
                .optWeightDecay(weightDecay).optInit(init).build();
    }
}
