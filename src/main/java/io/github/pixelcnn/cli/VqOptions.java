package io.github.pixelcnn.cli;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.vq.VqVaeConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The VQ-VAE's options of {@code train --model vqvae}, turned into a {@link VqVaeConfig}. */
final class VqOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--codebook", defaultValue = "128", paramLabel = "K",
            description = "--model vqvae: codes K in the codebook, 2..256 (default: ${DEFAULT-VALUE})")
    int codes;

    @Option(names = "--code-dim", defaultValue = "32", paramLabel = "D",
            description = "--model vqvae: length D of each code vector (default: ${DEFAULT-VALUE})")
    int codeDim;

    @Option(names = "--downsamples", defaultValue = "2",
            description = "--model vqvae: stride-2 convolutions; codes form an H/2^d x W/2^d grid (default: ${DEFAULT-VALUE})")
    int downsamples;

    @Option(names = "--hidden", defaultValue = "64",
            description = "--model vqvae: channels of the encoder and decoder (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--res-blocks", defaultValue = "2",
            description = "--model vqvae: residual blocks in the encoder and in the decoder (default: ${DEFAULT-VALUE})")
    int residualBlocks;

    @Option(names = "--beta", defaultValue = "0.25",
            description = "--model vqvae: weight of the commitment loss (default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--ema-decay", defaultValue = "0.99",
            description = "--model vqvae: decay of the codebook's moving averages (default: ${DEFAULT-VALUE})")
    double decay;

    @Option(names = "--restart-below", defaultValue = "1",
            description = "--model vqvae: restart a code whose moving-average use per batch falls below this"
                    + " (default: ${DEFAULT-VALUE})")
    double restartBelow;

    /** The VQ-VAE these options describe for {@code train}'s images. */
    VqVaeConfig config(ImageDataset train) {
        return new VqVaeConfig(train.channels(), train.height(), train.width(), hidden, residualBlocks, downsamples,
                codes, codeDim, beta, decay, restartBelow);
    }

    private static final String[] OWN = {"--codebook", "--code-dim", "--downsamples", "--hidden", "--res-blocks",
        "--beta", "--ema-decay", "--restart-below"};
    /** The PixelCNN's options of {@code train}, which a VQ-VAE has no use for. */
    private static final String[] PIXELCNN = {"--layers", "--channels", "--kernel", "--head", "--conditional",
        "--test-vectors", "--form", "--map-channels", "--bottleneck", "--input-encoding", "--grad-check-every"};

    /** Whether any of these options was given: when resuming, the run's model is compared with them. */
    boolean anyGiven() {
        return firstGiven(OWN) != null;
    }

    /** Refuses, in one line, options of the other kind of model than the one trained: none is ignored silently. */
    void refuseOthers(boolean vqvae) {
        String other = firstGiven(vqvae ? PIXELCNN : OWN);
        if (other != null) {
            throw new BadInputException(other + " does not apply to " + (vqvae ? "--model vqvae" : "a PixelCNN; it is"
                    + " an option of --model vqvae"));
        }
    }

    private String firstGiven(String[] names) {
        for (String name : names) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                return name;
            }
        }
        return null;
    }
}
