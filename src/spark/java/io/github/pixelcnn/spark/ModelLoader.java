package io.github.pixelcnn.spark;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A checkpoint shipped to Spark's executors inside the task: serializable (it holds the file's
 * bytes, read once on the driver), with the model created lazily where it runs.
 *
 * <p>Each executor JVM parses a checkpoint once and keeps its models in a pool: a task borrows
 * one for its partition and gives it back, so an executor holds one model per task slot, not one
 * per task. Models are read-only while scoring and sampling, but one per concurrent task keeps any
 * state a layer caches out of reach of another thread.
 */
public final class ModelLoader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Checkpoint> CHECKPOINTS = new ConcurrentHashMap<>();
    private static final Map<String, ConcurrentLinkedDeque<PixelModel>> IDLE = new ConcurrentHashMap<>();
    private static NDManager models;

    static {
        // Executors: libtorch computes with one thread per task (Spark runs a task per core) and DJL
        // never downloads: the native library comes from pytorch-native-cpu's jar. Kept if set.
        setDefault("ai.djl.pytorch.num_threads", "1");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        setDefault("ai.djl.offline", "true");
        setDefault("offline", "true");
    }

    private final byte[] bytes;
    private final String key;

    private ModelLoader(byte[] bytes) {
        this.bytes = bytes;
        this.key = sha256(bytes);
    }

    /**
     * Reads and verifies a checkpoint file on the driver.
     *
     * @throws io.github.pixelcnn.BadInputException for a missing or corrupt file
     */
    public static ModelLoader read(Path checkpoint) {
        Checkpoint parsed = Checkpoint.read(checkpoint);
        try {
            ModelLoader loader = new ModelLoader(Files.readAllBytes(checkpoint));
            CHECKPOINTS.putIfAbsent(loader.key, parsed);
            return loader;
        } catch (IOException e) {
            throw new UncheckedIOException(checkpoint + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The parsed checkpoint, once per JVM. */
    public Checkpoint checkpoint() {
        return CHECKPOINTS.computeIfAbsent(key, k -> parse());
    }

    public ModelConfig config() {
        return checkpoint().config();
    }

    /** A model of this checkpoint for the calling task alone; close the lease to give it back. */
    public Lease borrow() {
        PixelModel model = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).poll();
        return new Lease(model != null ? model : checkpoint().restoreModel(manager()));
    }

    /** A borrowed model and the manager that its steps' arrays should live in. */
    public final class Lease implements AutoCloseable {
        private final PixelModel model;

        private Lease(PixelModel model) {
            this.model = model;
        }

        public PixelModel model() {
            return model;
        }

        /** A manager for the task's own arrays, to be closed by the task. */
        public NDManager newManager() {
            return manager().newSubManager();
        }

        @Override
        public void close() {
            IDLE.get(key).push(model);
        }
    }

    private Checkpoint parse() {
        try {
            Path file = Files.createTempFile("pixelcnn-", ".ckpt");
            try {
                Files.write(file, bytes);
                return Checkpoint.read(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the checkpoint: " + e.getMessage(), e);
        }
    }

    // Models live as long as the executor's JVM; they are reused by every later task.
    private static synchronized NDManager manager() {
        if (models == null) {
            models = NDManager.newBaseManager();
        }
        return models;
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
