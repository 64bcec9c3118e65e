package io.github.pixelcnn.spark;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.IdxFile;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.TrainState;
import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

/** Tiny models saved as checkpoints, generated 8x8 images, and a local Spark session. */
final class SparkFixtures {
    static final int CLASSES = 3;

    private SparkFixtures() {}

    /** A local session of {@code master}, quiet, with few shuffle partitions. */
    static SparkSession spark(String master) {
        SparkSession spark = SparkSession.builder().master(master).appName("pixelcnn-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * A randomly initialised Gated PixelCNN for 8x8 gray images, saved as a checkpoint: scores and
     * samples need any fixed weights, not trained ones.
     */
    static Path checkpoint(Path dir, String name, boolean classes, long seed) {
        ModelConfig cfg = ModelConfig.builder().setImage(1, 8, 8).optLayers(3).optChannels(16).optKernels(3, 3)
                .optHeadChannels(32).optConditioning(classes ? Conditioning.CLASS : Conditioning.NONE,
                        classes ? CLASSES : 0).build();
        Path file = dir.resolve(name);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            PixelModel model = PixelModel.create(cfg);
            model.initialize(manager);
            Checkpoint.save(file, model, null, TrainState.start(), "{}",
                    classes ? new double[] {0.5, 0.3, 0.2} : null);
        }
        return file;
    }

    /** n structured 8x8 gray images with labels 0..2 as an IDX pair; returns the images file. */
    static Path idx(Path dir, int n, long seed) {
        Random random = new Random(seed);
        byte[] images = new byte[n * 64];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % CLASSES);
            for (int p = 0; p < 64; p++) {
                boolean on = (p / 8 + p % 8 * labels[i]) % 3 == 0;
                images[i * 64 + p] = (byte) ((on ? 200 : 30) + random.nextInt(40));
            }
        }
        Path file = dir.resolve("t10k-images-idx3-ubyte");
        IdxFile.write(file, new int[] {n, 8, 8}, images, false);
        IdxFile.write(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {n}, labels, false);
        return file;
    }
}
