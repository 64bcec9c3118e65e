package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The flags that say where a command finds its trained model (a run directory, a checkpoint file
 * or a pretrained model's name), turned into the library's {@link io.github.pixelcnn.request.ModelSource}.
 */
public final class ModelSource {
    static final class Choice {
        @Option(names = "--run", description = "a run directory written by train (its checkpoint.ckpt)") Path run;
        @Option(names = "--checkpoint", description = "a checkpoint file, instead of --run") Path checkpoint;
        @Option(names = "--pretrained",
                description = "a pretrained model by name, e.g. fashion-mnist-class (see models/MODELS.md), instead of --run")
        String pretrained;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Choice choice;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "where --pretrained looks, e.g. a folder written by export --models-dir (default: models)")
    Path modelsDir;

    /** The library's model source for the flags given. */
    io.github.pixelcnn.request.ModelSource source() {
        if (choice.pretrained != null) {
            return io.github.pixelcnn.request.ModelSource.pretrained(choice.pretrained,
                    modelsDir != null ? new ModelsFolder(modelsDir) : ModelsFolder.locate());
        }
        if (modelsDir != null) {
            throw new BadInputException("--models-dir applies to --pretrained only");
        }
        return choice.checkpoint != null ? io.github.pixelcnn.request.ModelSource.checkpoint(choice.checkpoint)
                : io.github.pixelcnn.request.ModelSource.run(choice.run);
    }

    Path checkpointPath() {
        return source().checkpointPath();
    }

    /** The run directory when one was given, else null. */
    Path runDirectory() {
        return choice.run;
    }

    Checkpoint read() {
        return source().read();
    }

    /** How the model was named on the command line, for messages: {@code --run DIR}, {@code --pretrained NAME}. */
    String flag() {
        return choice.pretrained != null ? "--pretrained " + choice.pretrained
                : choice.checkpoint != null ? "--checkpoint " + choice.checkpoint : "--run " + choice.run;
    }
}
