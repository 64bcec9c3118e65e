package io.github.pixelcnn.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.model.Initialization;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A self-contained checkpoint: the model's config (so the file alone rebuilds the model), the
 * training state, every parameter and Adam's moments, closed by a CRC-32 of all that precedes it.
 *
 * <p>Written atomically (temporary file, fsync, rename), so a crash or {@code kill -9} leaves the
 * previous checkpoint intact. Loading checks the magic, the format version, the checksum, the
 * parameter names and every shape before anything is used.
 */
public final class Checkpoint {
    private static final String MAGIC = "PIXELCNN-JAVA-CHECKPOINT";
    // Version 2 adds the class prior p(y); version 1 files still load (without one).
    private static final int VERSION = 2;
    // NaN marks "not measured yet" (best test bits/dim before the first epoch ends).
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final ModelConfig config;
    private final TrainState state;
    private final String trainingJson;
    private final double[] classPrior;
    private final StoredParameters parameters;
    private final StoredMoments moments;

    private Checkpoint(
            ModelConfig config,
            TrainState state,
            String trainingJson,
            double[] classPrior,
            StoredParameters parameters,
            StoredMoments moments) {
        this.config = config;
        this.state = state;
        this.trainingJson = trainingJson;
        this.classPrior = classPrior;
        this.parameters = parameters;
        this.moments = moments;
    }

    public ModelConfig config() {
        return config;
    }

    public TrainState state() {
        return state;
    }

    /**
     * How the run drew its parameters when it began; {@link Initialization#HE} for runs from
     * before the choice was recorded, since that was the only way then.
     */
    public Initialization init() {
        JsonElement t = JsonParser.parseString(trainingJson);
        if (t.isJsonObject() && t.getAsJsonObject().has("init")) {
            Initialization init = GSON.fromJson(t.getAsJsonObject().get("init"), Initialization.class);
            if (init != null) {
                return init;
            }
        }
        return Initialization.HE;
    }

    /**
     * The side of the square the run scaled its training images to (0: kept as they were); empty
     * for runs from before it was recorded.
     */
    public OptionalInt resize() {
        JsonElement t = JsonParser.parseString(trainingJson);
        if (t.isJsonObject() && t.getAsJsonObject().has("resize")) {
            return OptionalInt.of(t.getAsJsonObject().get("resize").getAsInt());
        }
        return OptionalInt.empty();
    }

    /** The training options of the run that wrote it, as JSON (may be "{}"). */
    public String trainingJson() {
        return trainingJson;
    }

    /**
     * p(y), the class frequencies of the training split, for a class-conditional model's marginal
     * likelihood; null when the model has no classes or the checkpoint predates them.
     */
    public double[] classPrior() {
        return classPrior == null ? null : classPrior.clone();
    }

    /** Writes a checkpoint without a class prior. */
    public static void save(
            Path path, PixelModel model, Adam adam, TrainState state, String trainingJson) {
        save(path, model, adam, state, trainingJson, null);
    }

    /**
     * Writes model, state, optimizer and class prior (may be null) to {@code path} atomically; on
     * failure (disk full, a vanished directory) the previous checkpoint is untouched and the error
     * says so.
     */
    public static void save(
            Path path, PixelModel model, Adam adam, TrainState state, String trainingJson, double[] classPrior) {
        try {
            write(path, model, adam, state, trainingJson, classPrior);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(
                    e.getMessage() + "; the previous checkpoint, if any, is intact", e.getCause());
        }
    }

    private static void write(
            Path path, PixelModel model, Adam adam, TrainState state, String trainingJson, double[] classPrior) {
        List<Pair<String, Parameter>> params = model.namedParameters();
        AtomicFile.write(
                path,
                raw -> {
                    CRC32 crc = new CRC32();
                    DataOutputStream out =
                            new DataOutputStream(
                                    new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
                    out.writeUTF(MAGIC);
                    out.writeInt(VERSION);
                    out.writeUTF(model.config().toJson());
                    out.writeUTF(GSON.toJson(state));
                    out.writeUTF(trainingJson == null ? "{}" : trainingJson);
                    out.writeUTF(GSON.toJson(classPrior));
                    StoredParameters.write(out, params);
                    StoredMoments.write(out, adam, params.size());
                    out.flush();
                    long sum = crc.getValue();
                    out.writeLong(sum);
                    out.flush();
                });
    }

    /** Reads and verifies a checkpoint file. */
    public static Checkpoint read(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                throw new BadInputException(path + ": not a pixelcnn-java checkpoint");
            }
            if (!MAGIC.equals(magic)) {
                throw new BadInputException(path + ": not a pixelcnn-java checkpoint");
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new BadInputException(
                        path + ": checkpoint format version " + version + ", this build reads 1 to " + VERSION);
            }
            ModelConfig config = ModelConfig.fromJson(in.readUTF());
            TrainState state = GSON.fromJson(in.readUTF(), TrainState.class);
            String training = in.readUTF();
            double[] prior = version >= 2 ? GSON.fromJson(in.readUTF(), double[].class) : null;
            StoredParameters parameters = StoredParameters.read(in, path, "checkpoint");
            StoredMoments moments = StoredMoments.read(in, parameters.count(), path, "checkpoint");
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) {
                throw new BadInputException(path + ": checkpoint is corrupt (checksum mismatch)");
            }
            return new Checkpoint(config, state, training, prior, parameters, moments);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": no such checkpoint");
        } catch (EOFException e) {
            throw new BadInputException(path + ": checkpoint is truncated");
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    /** Builds the model this checkpoint describes, with its parameters, in {@code manager}. */
    public PixelModel restoreModel(NDManager manager) {
        PixelModel model = PixelModel.create(config);
        model.initialize(manager);
        loadInto(model, manager);
        return model;
    }

    /** Copies the parameters into {@code model} after checking names and shapes. */
    public void loadInto(PixelModel model, NDManager manager) {
        parameters.loadInto(model.namedParameters(), manager, "checkpoint");
    }

    /** Restores Adam's moments; false when the checkpoint has none. */
    public boolean loadOptimizer(Adam adam) {
        return moments.loadInto(adam);
    }
}
