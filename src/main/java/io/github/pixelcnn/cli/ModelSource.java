package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a command finds its trained model: a run directory, a checkpoint file or a pretrained model's name. */
public final class ModelSource {
    static final class Choice {
        @Option(names = "--run", description = "a run directory written by train (its checkpoint.ckpt)") Path run;
        @Option(names = "--checkpoint", description = "a checkpoint file, instead of --run") Path checkpoint;
        @Option(names = "--pretrained",
                description = "a pretrained model by name, e.g. fashion-mnist-class (see models/MODELS.md), instead of --run")
        String pretrained;
        @Option(names = "--prior", description = "a prior over a VQ-VAE's codes: its run directory, with --decoder")
        Path prior;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Choice choice;

    Path checkpointPath() {
        if (choice.pretrained != null) {
            return ModelsFolder.locate().checkpoint(choice.pretrained);
        }
        Path p = choice.checkpoint != null ? choice.checkpoint
                : (choice.prior != null ? choice.prior : choice.run).resolve("checkpoint.ckpt");
        if (!Files.exists(p)) {
            throw new BadInputException(p + ": no checkpoint there; train first or pass --checkpoint");
        }
        return p;
    }

    /** Whether the model was named with --prior: a PixelCNN over a VQ-VAE's codes. */
    boolean isPrior() {
        return choice.prior != null;
    }

    /** The run directory when one was given, else null. */
    Path runDirectory() {
        return choice.run != null ? choice.run : choice.prior;
    }

    Checkpoint read() {
        return Checkpoint.read(checkpointPath());
    }
}
