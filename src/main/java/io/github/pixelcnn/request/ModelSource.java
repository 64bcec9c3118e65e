package io.github.pixelcnn.request;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a trained model comes from: a run directory (its checkpoint, read through {@link
 * RunDirectory}), a checkpoint file, or a pretrained model's name in a {@link ModelsFolder}. The
 * command line, the page and the Spark job all load a model through it.
 */
public final class ModelSource {
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
