package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pixelcnn encode}: the auto-encoder's codes of a dataset split as an (N, M) float32 .npy. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Auto-encoder: write the code of every image to a .npy file (readable by --conditional vector:).")
public final class EncodeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    @Option(names = "--dataset", required = true) String dataset;
    @Option(names = "--split", defaultValue = "test", description = "test | train (default: ${DEFAULT-VALUE})") String split;
    @Option(names = "--batch", defaultValue = "64") int batch;
    @Option(names = "--out", required = true, description = ".npy file") Path out;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new BadInputException("--batch must be at least 1");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = AutoEncoderInputs.dataset(dataset, split, mc);
        try (NDManager manager = common.newManager()) {
            PixelCnnAutoEncoder ae = AutoEncoderInputs.restore(ckpt, "encode", manager);
            float[] codes = Condition.encode(ae, data.pixels(), data.size(), batch, manager).values(); // (N·M)
            VectorFile.writeNpy(out, codes, data.size(), mc.bottleneck());
            System.out.printf(Locale.ROOT, "wrote %d codes of size %d to %s%n", data.size(), mc.bottleneck(), out);
        }
        return Main.OK;
    }
}
