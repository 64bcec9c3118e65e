package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.BATCH;
import static io.github.pixelcnn.cli.OptionText.DATASET;
import static io.github.pixelcnn.cli.OptionText.SPLIT;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.data.Split;
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

/** {@code pixelcnn encode}: the auto-encoder's codes of a dataset split as an (N, M) float32 .npy or CSV. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Auto-encoder: write the code of every image to a .npy or .csv file (readable by --conditional vector:).")
public final class EncodeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    @Option(names = "--dataset", required = true, description = DATASET) String dataset;
    @Option(names = "--split", defaultValue = "test", description = SPLIT) Split split;
    @Option(names = "--batch", defaultValue = "64", description = BATCH) int batch;
    @Option(names = "--out", required = true, description = "codes to write, (N, M): .npy (float32) or .csv") Path out;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new BadInputException("--batch must be at least 1");
        }
        VectorFile.isCsv(out); // refuses other extensions before the work
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = AutoEncoderInputs.dataset(dataset, split, mc);
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = common.newManager()) {
            Path staged = outputs.stage(out);
            PixelCnnAutoEncoder ae = common.inPrecision(AutoEncoderInputs.restore(source, ckpt, "encode", manager));
            float[] codes = Condition.encode(ae, data.pixels(), data.size(), batch, manager).values(); // (N·M)
            VectorFile.write(staged, codes, data.size(), mc.bottleneck());
            outputs.commit();
            System.out.printf(Locale.ROOT, "wrote %d codes of size %d to %s%n", data.size(), mc.bottleneck(), out);
        }
        return Main.OK;
    }
}
