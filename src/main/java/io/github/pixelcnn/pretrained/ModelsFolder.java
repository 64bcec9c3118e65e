package io.github.pixelcnn.pretrained;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.Machine;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.eval.EvalResult;
import io.github.pixelcnn.eval.Evaluator;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A folder of pretrained models, the repository's {@code models/}: for each name, {@code NAME.ckpt}
 * (a checkpoint without optimizer state: the config, the parameters and, for class models, the
 * class prior) and {@code NAME.json} (its {@link ModelCard}), and one {@code MODELS.md} that lists
 * them all.
 */
public final class ModelsFolder {
    /** The system property that names the folder; the launcher sets it to the {@code models/} beside itself. */
    public static final String PROPERTY = "pixelcnn.models";
    /** The largest parameters file the folder takes, so that the repository stays small. */
    public static final long MAX_BYTES = 10L << 20;
    public static final String INDEX = "MODELS.md";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final String CHECKPOINT = ".ckpt";
    private static final String CARD = ".json";
    private static final int EVAL_BATCH = 100;
    /** Cards are read by people: a command's {@code =} and {@code &&} stay as typed, not {@code \u003d}. */
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private final Path dir;

    public ModelsFolder(Path dir) {
        this.dir = dir;
    }

    /** The folder the {@value #PROPERTY} property names, else {@code models} in the working directory. */
    public static ModelsFolder locate() {
        String configured = System.getProperty(PROPERTY);
        return new ModelsFolder(Path.of(configured == null || configured.isBlank() ? "models" : configured));
    }

    public Path dir() {
        return dir;
    }

    /** The names of the models held, those with both files, sorted; empty when the folder is missing. */
    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(CHECKPOINT))
                    .map(f -> f.substring(0, f.length() - CHECKPOINT.length()))
                    .filter(n -> Files.isRegularFile(dir.resolve(n + CARD))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list pretrained models: " + e.getMessage(), e);
        }
    }

    /**
     * The parameters file of {@code name}.
     *
     * @throws BadParameterException naming the models that are there when {@code name} is not
     */
    public Path checkpoint(String name) {
        if (!names().contains(name)) {
            List<String> there = names();
            throw new BadParameterException("pretrained", name + ": no such model in " + dir + (there.isEmpty()
                    ? ", which holds none" : "; available: " + String.join(", ", there)));
        }
        return dir.resolve(name + CHECKPOINT);
    }

    public ModelCard card(String name) {
        Path file = dir.resolve(name + CARD);
        try {
            ModelCard card = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ModelCard.class);
            if (card == null || card.name() == null) {
                throw new BadInputException(file + ": not a model card");
            }
            return card;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new BadInputException(file + ": not a model card (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Exports the model of the run in {@code runDir} as {@code name}: evaluates it on the whole test
     * split and on its first {@value ModelCard#CHECK_IMAGES} images, then writes the parameters
     * (no optimizer state), the card and a new {@code MODELS.md} together, or nothing on failure.
     * A model of the same name is replaced.
     *
     * @param dataset the data source's name as the card records it, e.g. {@code fashion-mnist}
     * @param train that source's training split, checked against the images the run recorded
     * @param test that source's test split
     * @param command the command that trained the run
     */
    public ModelCard export(Path runDir, String name, String dataset, ImageDataset train, ImageDataset test,
            String command, NDManager manager) {
        if (!NAME.matcher(name).matches()) {
            throw new BadParameterException("name", "must be lower-case letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit, got " + name);
        }
        RunDirectory run = RunDirectory.of(runDir);
        if (!Files.isRegularFile(run.checkpoint())) {
            throw new BadInputException(runDir + ": no checkpoint there; train first");
        }
        Checkpoint ckpt = Checkpoint.read(run.checkpoint());
        String data = trainingData(run.config(), train, dataset);
        try (NDManager m = manager.newSubManager(); OutputFiles outputs = new OutputFiles()) {
            Path parameters = outputs.stage(dir.resolve(name + CHECKPOINT));
            Path cardFile = outputs.stage(dir.resolve(name + CARD));
            Path index = outputs.stage(dir.resolve(INDEX));
            PixelModel model = ckpt.restoreModel(m);
            EvalResult all = Evaluator.evaluate(model, test, EVAL_BATCH, 0, m);
            EvalResult check = Evaluator.evaluate(model, test, EVAL_BATCH, ModelCard.CHECK_IMAGES, m);
            Checkpoint.save(parameters, model, null, ckpt.state(), ckpt.trainingJson(), ckpt.classPrior());
            long bytes = size(parameters);
            if (bytes > MAX_BYTES) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: its parameters take %.1f MB, over the"
                        + " %d MB a pretrained model may take", runDir, bytes / 1048576.0, MAX_BYTES >> 20));
            }
            ModelCard card = new ModelCard(name, dataset, data, command, ModelCard.describe(model.config()),
                    model.parameterCount(), ckpt.state().step(), ckpt.state().elapsedSeconds(), seed(ckpt),
                    all.bitsPerDim(), all.images(), check.bitsPerDim(), check.images(), Machine.cpuModel());
            byte[] json = (GSON.toJson(card) + "\n").getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(cardFile, out -> out.write(json));
            List<ModelCard> cards = new ArrayList<>();
            for (String other : names()) {
                if (!other.equals(name)) {
                    cards.add(card(other));
                }
            }
            cards.add(card);
            cards.sort((a, b) -> a.name().compareTo(b.name()));
            byte[] md = index(cards).getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(index, out -> out.write(md));
            outputs.commit();
            return card;
        }
    }

    /** {@code MODELS.md}: one table row per model, then the command that trained each. */
    static String index(List<ModelCard> cards) {
        StringBuilder s = new StringBuilder("# Pretrained models\n\n");
        s.append("Parameters only (no optimizer state); each `NAME.ckpt` has its card `NAME.json`. Use one with"
                + " `--pretrained NAME` wherever a command takes `--run` or `--checkpoint`. Written by `pixelcnn"
                + " export`; the figures were measured by it on the CPU named.\n\n");
        s.append("| name | model | data | parameters | steps | training time | test bits/dim | first 500 test images |"
                + " seed | CPU |\n");
        s.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (ModelCard c : cards) {
            s.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %,d | %,d | %.1f min | %.4f (%,d images) | %.4f%s |"
                    + " %d | %s |%n", c.name(), c.model(), c.data(), c.parameters(), c.steps(),
                    c.trainingSeconds() / 60, c.testBitsPerDim(), c.testImages(), c.checkBitsPerDim(),
                    c.checkImages() == ModelCard.CHECK_IMAGES ? "" : " (" + c.checkImages() + " images)", c.seed(),
                    c.cpu()));
        }
        for (ModelCard c : cards) {
            s.append("\n`").append(c.name()).append("`:\n\n```bash\n").append(c.command()).append("\n```\n");
        }
        return s.toString();
    }

    /**
     * The run's training images as config.json records them (name, count, CRC-32), after checking
     * that {@code train} holds the same ones: figures measured on another dataset's test split would
     * mean nothing.
     */
    private static String trainingData(Path config, ImageDataset train, String dataset) {
        if (!Files.isRegularFile(config)) {
            return "unknown (the run has no config.json)";
        }
        JsonObject data;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(config, StandardCharsets.UTF_8));
            data = root.isJsonObject() ? root.getAsJsonObject().getAsJsonObject("data") : null;
        } catch (IOException e) {
            throw new UncheckedIOException(config + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException | ClassCastException e) {
            throw new BadInputException(config + ": not a run's config (" + e.getMessage() + ")", e);
        }
        if (data == null || !data.has("name") || !data.has("images") || !data.has("crc32")) {
            return "unknown (the run did not record its data)";
        }
        CRC32 crc = new CRC32();
        crc.update(train.pixels());
        String sum = String.format(Locale.ROOT, "%08x", crc.getValue());
        int images = data.get("images").getAsInt();
        if (images != train.size() || !sum.equals(data.get("crc32").getAsString())) {
            throw new BadInputException(String.format(Locale.ROOT, "%s: trained on %s (%,d images, CRC-32 %s), but"
                    + " the training split of %s differs (%,d images, CRC-32 %s); name the run's dataset",
                    config.getParent(), data.get("name").getAsString(), images, data.get("crc32").getAsString(), dataset,
                    train.size(), sum));
        }
        return String.format(Locale.ROOT, "%s, %,d images, CRC-32 %s", data.get("name").getAsString(), images, sum);
    }

    private static long seed(Checkpoint ckpt) {
        try {
            JsonElement t = JsonParser.parseString(ckpt.trainingJson());
            return t.isJsonObject() && t.getAsJsonObject().has("seed") ? t.getAsJsonObject().get("seed").getAsLong() : -1;
        } catch (JsonParseException e) {
            return -1;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
