package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a command finds its trained model: a run directory or a checkpoint file. */
public final class ModelSource {
    static final class Choice {
        @Option(names = "--run", description = "a run directory written by train (its checkpoint.ckpt)") Path run;
        @Option(names = "--checkpoint", description = "a checkpoint file, instead of --run") Path checkpoint;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Choice choice;

    Path checkpointPath() {
        Path p = choice.checkpoint != null ? choice.checkpoint : choice.run.resolve("checkpoint.ckpt");
        if (!Files.exists(p)) {
            throw new BadInputException(p + ": no checkpoint there; train first or pass --checkpoint");
        }
        return p;
    }

    /** The run directory when one was given, else null. */
    Path runDirectory() {
        return choice.run;
    }

    Checkpoint read() {
        return Checkpoint.read(checkpointPath());
    }
}
