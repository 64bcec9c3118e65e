package io.github.pixelcnn.request;

import com.google.gson.JsonObject;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a trained model comes from: a run directory (its checkpoint, read through {@link
 * RunDirectory}), a checkpoint file, or a pretrained model's name in a {@link ModelsFolder}. The
 * command line, the page and the Spark job all load a model through it.
 */
public final class ModelSource {
    /** An IDX directory's training split as a run's config.json names it: "DIR (train)". */
    private static final Pattern IDX_TRAIN = Pattern.compile("(.*) \\(train\\)");

    /** The three places a model can come from. */
    public enum Kind {
        RUN,
        CHECKPOINT,
        PRETRAINED
    }

    private final Kind kind;
    private final Path path;
    private final String name;
    private final ModelsFolder folder;

    private ModelSource(Kind kind, Path path, String name, ModelsFolder folder) {
        this.kind = kind;
        this.path = path;
        this.name = name;
        this.folder = folder;
    }

    /** The checkpoint of the run in {@code dir}. */
    public static ModelSource run(Path dir) {
        return new ModelSource(Kind.RUN, dir, null, null);
    }

    /** A checkpoint file. */
    public static ModelSource checkpoint(Path file) {
        return new ModelSource(Kind.CHECKPOINT, file, null, null);
    }

    /** The pretrained model {@code name} in {@code folder}. */
    public static ModelSource pretrained(String name, ModelsFolder folder) {
        return new ModelSource(Kind.PRETRAINED, null, name, folder);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The checkpoint file to load.
     *
     * @throws BadInputException when there is none, naming where it looked
     */
    public Path checkpointPath() {
        return switch (kind) {
            case PRETRAINED -> folder.checkpoint(name);
            case RUN -> {
                Path p = RunDirectory.of(path).checkpoint();
                if (!Files.exists(p)) {
                    throw new BadInputException(p + ": no checkpoint there; train first, or load a checkpoint file");
                }
                yield p;
            }
            case CHECKPOINT -> {
                if (!Files.exists(path)) {
                    throw new BadInputException(path + ": no checkpoint there; train first, or load a run directory");
                }
                yield path;
            }
        };
    }

    public Checkpoint read() {
        return Checkpoint.read(checkpointPath());
    }

    /** The run directory, for a model loaded from one: its config.json and metrics are there too. */
    public Optional<RunDirectory> run() {
        return kind == Kind.RUN ? Optional.of(RunDirectory.of(path)) : Optional.empty();
    }

    /**
     * The test images of the data the model was trained on, when they are on this machine: a
     * pretrained model's dataset (its card names it), or the IDX folder a run's config.json names;
     * empty for a bare checkpoint file, or when the data is not there (a page then offers uploads only).
     */
    public Optional<ImageDataset> testImages(ModelConfig mc) {
        try {
            return switch (kind) {
                case PRETRAINED -> Optional.of(ImageInput.fit(DataSource.parse(folder.card(name).dataset())
                        .expecting(mc.height(), mc.width()).load(Split.TEST), name, mc.imageChannels(), mc.height(),
                        mc.width()));
                case RUN -> runTestSplit(mc);
                case CHECKPOINT -> Optional.empty();
            };
        } catch (RuntimeException e) {
            return Optional.empty(); // not installed, moved, or of another size: nothing to offer
        }
    }

    /** The test split beside the IDX training split a run's config.json names as "DIR (train)". */
    private Optional<ImageDataset> runTestSplit(ModelConfig mc) {
        JsonObject data = RunDirectory.of(path).readConfig().map(c -> c.getAsJsonObject("data")).orElse(null);
        Matcher m = data == null ? null : IDX_TRAIN.matcher(data.get("name").getAsString());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        for (String file : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"}) {
            Path images = Path.of(m.group(1)).resolve(file);
            if (Files.isRegularFile(images)) {
                return Optional.of(ImageInput.read(images, mc.imageChannels(), mc.height(), mc.width()));
            }
        }
        return Optional.empty();
    }

    /** For messages: {@code run DIR}, {@code checkpoint FILE} or {@code pretrained NAME}. */
    @Override
    public String toString() {
        return switch (kind) {
            case RUN -> "run " + path;
            case CHECKPOINT -> "checkpoint " + path;
            case PRETRAINED -> "pretrained " + name;
        };
    }
}
