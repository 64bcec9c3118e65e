package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.CodeMapFile;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.vq.CodeMaps;
import io.github.pixelcnn.vq.VqCheckpoint;
import io.github.pixelcnn.vq.VqEvaluation;
import io.github.pixelcnn.vq.VqVae;
import io.github.pixelcnn.vq.VqVaeConfig;
import java.nio.file.Path;
import java.util.Locale;

/** {@code encode --codes}: a VQ-VAE's code maps of both splits of a dataset, in one code-map file. */
final class VqEncode {
    private VqEncode() {}

    static int run(EncodeCommand cmd) {
        if (cmd.batch < 1) {
            throw new BadInputException("--batch must be at least 1");
        }
        cmd.common.requireFp32("the VQ-VAE encodes in fp32");
        Path checkpoint = cmd.source.checkpointPath();
        VqCheckpoint ck = VqCheckpoint.read(checkpoint);
        VqVaeConfig c = ck.config();
        DataSource data = DataSource.parse(cmd.dataset);
        ImageDataset train = data.load(Split.TRAIN);
        ImageDataset test = data.load(Split.TEST);
        try (NDManager manager = cmd.common.newManager(); VqVae model = ck.restore(manager)) {
            CodeMapFile.Split trainMaps = CodeMaps.encode(model, train, cmd.batch, manager);
            CodeMapFile.Split testMaps = CodeMaps.encode(model, test, cmd.batch, manager);
            new CodeMapFile(c.codes(), c.gridHeight(), c.gridWidth(), checkpoint.toString(), train.classNames(),
                    trainMaps, testMaps).write(cmd.out);
            System.out.printf(Locale.ROOT, "wrote the %dx%d code maps (K=%d) of %d train and %d test images of %s to %s;"
                    + " codebook perplexity %.1f on the train maps%n", c.gridHeight(), c.gridWidth(), c.codes(),
                    train.size(), test.size(), data.describe(), cmd.out, perplexity(trainMaps.maps(), c.codes()));
            System.out.println("train a prior on them: pixelcnn train --dataset codes:" + cmd.out + " --out RUN");
        }
        return Main.OK;
    }

    private static double perplexity(int[] maps, int k) {
        long[] counts = new long[k];
        for (int m : maps) {
            counts[m]++;
        }
        return VqEvaluation.perplexity(counts);
    }
}
