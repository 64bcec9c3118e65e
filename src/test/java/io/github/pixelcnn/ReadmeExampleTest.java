package io.github.pixelcnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.FashionMnist;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.eval.Conditioner;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.Likelihood;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's Java example, kept compiling and running. */
class ReadmeExampleTest {
    @Test
    void readmeExampleComputesBitsPerDim() {
        assumeTrue(Files.exists(FashionMnist.DEFAULT_DIR.resolve("t10k-images-idx3-ubyte.gz")));
        double bitsPerDim;
        // --- as in README.md ---
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageDataset test = FashionMnist.load(FashionMnist.DEFAULT_DIR, Split.TEST);
            ModelConfig config = ModelConfig.builder().setImage(1, 28, 28)
                    .optConditioning(Conditioning.CLASS, 10).build();
            PixelModel model = PixelModel.create(config);
            model.initialize(manager);
            Batch batch = Batches.builder().setData(test).setBatchSize(32).build().epoch(0).next();
            NDArray images = batch.images(manager); // (32, 1, 28, 28) uint8
            NDArray h = Conditioner.oneHot(batch.labels(manager), 10); // (32, 10)
            NDArray logits = model.logits(images, h); // (32, 256, 1, 28, 28)
            double nats = Likelihood.natsPerImage(logits, images).mean().getFloat();
            bitsPerDim = Likelihood.bitsPerDim(nats, config.dims());
        }
        // Untrained, so only its form is checked: a finite, positive number of bits per sub-pixel.
        assertThat(bitsPerDim).isFinite().isPositive();
    }
}
