package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.train.ArrayRecords;
import io.github.pixelcnn.train.Adam;
import io.github.pixelcnn.train.StoredMoments;
import io.github.pixelcnn.train.StoredParameters;
import io.github.pixelcnn.train.TrainState;
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
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A VQ-VAE's self-contained checkpoint: its config (so the file alone rebuilds it), the training
 * state, the encoder's and decoder's parameters, the codebook with its moving averages, and Adam's
 * moments, closed by a CRC-32 of all that precedes it. The layout follows the PixelCNN checkpoint's
 * (magic, version, config JSON, …), under its own magic, so neither is read as the other. Written
 * atomically: a crash leaves the previous file intact.
 */
public final class VqCheckpoint {
    static final String MAGIC = "PIXELCNN-JAVA-VQVAE";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final VqVaeConfig config;
    private final TrainState state;
    private final String trainingJson;
    private final StoredParameters parameters;
    private final float[] embeddings;
    private final double[] counts;
    private final double[] sums;
    private final StoredMoments moments;

    private VqCheckpoint(VqVaeConfig config, TrainState state, String trainingJson, StoredParameters parameters,
            float[] embeddings, double[] counts, double[] sums, StoredMoments moments) {
        this.config = config;
        this.state = state;
        this.trainingJson = trainingJson;
        this.parameters = parameters;
        this.embeddings = embeddings;
        this.counts = counts;
        this.sums = sums;
        this.moments = moments;
    }

    public VqVaeConfig config() {
        return config;
    }

    public TrainState state() {
        return state;
    }

    /** The training options of the run that wrote it, as JSON. */
    public String trainingJson() {
        return trainingJson;
    }

    /** Whether {@code path} starts with this format's magic; false for anything unreadable. */
    public static boolean isVqCheckpoint(Path path) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            return MAGIC.equals(in.readUTF());
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the model, the state and (when not null) Adam's moments to {@code path} atomically. */
    public static void save(Path path, VqVae model, Adam adam, TrainState state, String trainingJson) {
        List<Pair<String, Parameter>> params = model.namedParameters();
        Codebook codebook = model.codebook();
        try {
            AtomicFile.write(path, raw -> {
                CRC32 crc = new CRC32();
                DataOutputStream out = new DataOutputStream(
                        new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
                out.writeUTF(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(model.config().toJson());
                out.writeUTF(GSON.toJson(state));
                out.writeUTF(trainingJson == null ? "{}" : trainingJson);
                StoredParameters.write(out, params);
                ArrayRecords.writeFloats(out, codebook.embeddings());
                for (double n : codebook.counts()) {
                    out.writeDouble(n);
                }
                for (double m : codebook.sums()) {
                    out.writeDouble(m);
                }
                StoredMoments.write(out, adam, params.size());
                out.flush();
                out.writeLong(crc.getValue());
                out.flush();
            });
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(e.getMessage() + "; the previous checkpoint, if any, is intact",
                    e.getCause());
        }
    }

    /** Reads and verifies a checkpoint; one line says what is wrong with a bad file. */
    public static VqCheckpoint read(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!MAGIC.equals(magic)) {
                throw new BadInputException(path + ": not a VQ-VAE checkpoint (train one with train --model vqvae)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new BadInputException(path + ": VQ-VAE checkpoint format " + version + ", this build reads "
                        + VERSION);
            }
            VqVaeConfig config = VqVaeConfig.fromJson(in.readUTF());
            TrainState state = GSON.fromJson(in.readUTF(), TrainState.class);
            String training = in.readUTF();
            StoredParameters parameters = StoredParameters.read(in, path, "VQ-VAE checkpoint");
            int k = config.codes();
            int d = config.codeDim();
            float[] embeddings = ArrayRecords.readFloats(in, k * d);
            double[] counts = new double[k];
            for (int i = 0; i < k; i++) {
                counts[i] = in.readDouble();
            }
            double[] sums = new double[k * d];
            for (int i = 0; i < k * d; i++) {
                sums[i] = in.readDouble();
            }
            StoredMoments moments = StoredMoments.read(in, parameters.count(), path, "VQ-VAE checkpoint");
            long expected = crc.getValue();
            if (new DataInputStream(raw).readLong() != expected) {
                throw new BadInputException(path + ": VQ-VAE checkpoint is corrupt (checksum mismatch)");
            }
            return new VqCheckpoint(config, state, training, parameters, embeddings, counts, sums, moments);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": no such VQ-VAE checkpoint");
        } catch (EOFException e) {
            throw new BadInputException(path + ": VQ-VAE checkpoint is truncated");
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read VQ-VAE checkpoint: " + e.getMessage(), e);
        }
    }

    /** Builds the VQ-VAE this checkpoint describes, parameters and codebook restored, in {@code manager}. */
    public VqVae restore(NDManager manager) {
        VqVae model = new VqVae(config);
        model.initialize(manager);
        parameters.loadInto(model.namedParameters(), manager, "VQ-VAE checkpoint");
        model.codebook().restore(embeddings, counts, sums);
        return model;
    }

    /** Restores Adam's moments; false when the checkpoint has none. */
    public boolean loadOptimizer(Adam adam) {
        return moments.loadInto(adam);
    }
}
