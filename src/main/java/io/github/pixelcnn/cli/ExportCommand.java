package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.pretrained.ModelCard;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import io.github.pixelcnn.vq.VqCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn export}: a run's model into the pretrained models folder, with its card and MODELS.md. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run's model as a pretrained model: parameters only, a card with its test bits/dim,"
                + " and MODELS.md.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--run", required = true, description = "a run directory written by train (its checkpoint.ckpt)") Path run;
    @Option(names = "--name", required = true, description = "the name --pretrained will take, e.g. fashion-mnist-class")
    String name;
    @Option(names = "--models-dir",
            description = "folder of pretrained models (default: the models/ folder beside the launcher, else ./models)")
    Path modelsDir;
    @Option(names = "--dataset", defaultValue = "fashion-mnist",
            description = "the data the run trained on (checked); its test split is evaluated (default: ${DEFAULT-VALUE})")
    String dataset;
    @Mixin ResizeOption resize;
    @Option(names = "--decoder", description = "for a prior over a VQ-VAE's codes: the pretrained VQ-VAE (in the"
            + " models folder) whose code maps of --dataset it models (default: none, the run models --dataset itself)")
    String decoder;
    @Option(names = "--command",
            description = "the command that trained the run, for the card (default: rebuilt from the run's settings)")
    String command;

    @Override
    public Integer call() {
        common.requireFp32("export measures a model card's bits/dim in fp32, so cards compare across machines");
        ModelsFolder folder = modelsDir != null ? new ModelsFolder(modelsDir) : ModelsFolder.locate();
        Path checkpoint = RunDirectory.of(run).checkpoint();
        if (!Files.isRegularFile(checkpoint)) {
            throw new BadInputException(run + ": no checkpoint there; train first");
        }
        if (decoder != null || VqCheckpoint.isVqCheckpoint(checkpoint)) {
            return VqExport.run(this, folder, checkpoint);
        }
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        ModelConfig mc = ckpt.config();
        DataSource source = resize.forModel(ckpt).apply(DataSource.parse(dataset));
        ImageDataset train = source.load(Split.TRAIN);
        ImageDataset test = source.load(Split.TEST);
        DatasetFit.require(mc, test, dataset);
        String trainedBy = command != null ? command : trainCommand(ckpt, source.resize());
        ModelCard card;
        try (NDManager manager = common.newManager()) {
            card = folder.export(run, name, dataset, train, test, trainedBy, manager);
        }
        System.out.printf(Locale.ROOT, "%s: %s, %,d parameters; test bits/dim %.4f (%,d images), first %d: %.4f%n",
                card.name(), card.model(), card.parameters(), card.testBitsPerDim(), card.testImages(),
                card.checkImages(), card.checkBitsPerDim());
        System.out.println("written: " + folder.dir().resolve(name + ".ckpt").toAbsolutePath() + ", " + name + ".json, "
                + ModelsFolder.INDEX);
        return Main.OK;
    }

    /** The train command that gives the run's model and its latest session's settings; {@code resize} as applied. */
    private String trainCommand(Checkpoint ckpt, int resize) {
        ModelConfig c = ckpt.config();
        List<String> a = new ArrayList<>(List.of("./pixelcnn", "train", "--dataset", dataset));
        if (resize > 0) {
            a.addAll(List.of("--resize", str(resize)));
        }
        a.addAll(List.of("--model",
                c.type().name().toLowerCase(Locale.ROOT), "--layers", str(c.layers()), "--channels", str(c.channels()),
                "--kernel", str(c.kernel()), "--head", str(c.headChannels()), "--input-encoding", c.input().label()));
        if (c.type() == ModelType.AUTOENCODER) {
            a.addAll(List.of("--bottleneck", str(c.bottleneck())));
        } else {
            a.addAll(List.of("--conditional", switch (c.conditioning()) {
                case NONE -> "none";
                case CLASS -> "class";
                case VECTOR, CODE -> "vector:FILE";
            }));
        }
        if (c.form().spatial()) {
            a.addAll(List.of("--form", c.form().name().toLowerCase(Locale.ROOT), "--map-channels", str(c.mapChannels())));
        }
        JsonElement t = JsonParser.parseString(ckpt.trainingJson());
        if (t.isJsonObject()) {
            JsonObject o = t.getAsJsonObject();
            flag(a, o, "batchSize", "--batch", null);
            flag(a, o, "learningRate", "--lr", null);
            flag(a, o, "lrDecay", "--lr-decay", 1.0);
            flag(a, o, "epochs", "--epochs", 0.0);
            flag(a, o, "maxSteps", "--steps", 0.0);
            flag(a, o, "minutes", "--minutes", 0.0);
            flag(a, o, "seed", "--seed", null);
            flag(a, o, "perturb", "--perturb", 0.0);
            flag(a, o, "weightDecay", "--weight-decay", 0.0);
            flag(a, o, "evalLimit", "--eval-limit", 0.0);
            text(a, o, "precision", "--precision");
            // Runs from before the choice were drawn the old way, which is no longer the default: always say it.
            a.addAll(List.of("--init", ckpt.init().flag()));
        }
        a.addAll(List.of("--out", run.toString()));
        int resumes = resumes();
        return String.join(" ", a) + (resumes > 0 ? "   # then --resume, " + resumes + " time(s); these are the last"
                + " session's settings" : "");
    }

    /** Adds {@code flag value} for {@code key}, unless it is missing or equals {@code omitted} (its default). */
    private static void flag(List<String> args, JsonObject training, String key, String flag, Double omitted) {
        if (!training.has(key)) {
            return;
        }
        String value = training.get(key).getAsString();
        if (omitted != null && training.get(key).getAsDouble() == omitted) {
            return;
        }
        args.addAll(List.of(flag, value.endsWith(".0") ? value.substring(0, value.length() - 2) : value));
    }

    /** Adds {@code flag value} for a text entry, when it is there. */
    private static void text(List<String> args, JsonObject training, String key, String flag) {
        if (training.has(key)) {
            args.addAll(List.of(flag, training.get(key).getAsString()));
        }
    }

    private int resumes() {
        Path config = RunDirectory.of(run).config();
        try {
            JsonElement root = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8));
            return root.isJsonObject() && root.getAsJsonObject().has("resumes")
                    ? root.getAsJsonObject().getAsJsonArray("resumes").size() : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // the count is a note on the card, not worth failing the export for
        }
    }

    private static String str(int v) {
        return Integer.toString(v);
    }
}
