package io.github.pixelcnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One float array as the checkpoint files store it: its rank (int), each dimension (long), then
 * its values as big-endian floats. The pixel model's {@link Checkpoint} and the VQ-VAE's share it.
 */
public final class ArrayRecords {
    /** The most values one stored array may claim, so a corrupt header cannot ask for gigabytes. */
    private static final long MAX_VALUES = 1L << 28;

    private ArrayRecords() {}

    /** Writes {@code array}'s shape, then its values. */
    public static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        long[] dims = array.getShape().getShape();
        out.writeInt(dims.length);
        for (long d : dims) {
            out.writeLong(d);
        }
        writeFloats(out, array.toFloatArray());
    }

    /** Writes the values alone. */
    public static void writeFloats(DataOutputStream out, float[] data) throws IOException {
        byte[] bytes = new byte[data.length * 4];
        ByteBuffer.wrap(bytes).asFloatBuffer().put(data);
        out.write(bytes);
    }

    /**
     * Reads a shape written by {@link #writeArray}.
     *
     * @param what the file's kind for the message, e.g. "checkpoint"
     * @throws BadInputException naming {@code path} for a rank or size no writer makes
     */
    public static Shape readShape(DataInputStream in, Path path, String what) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
            throw new BadInputException(path + ": " + what + " is corrupt (rank " + rank + ")");
        }
        long[] dims = new long[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readLong();
            size *= dims[i];
            if (dims[i] < 0 || size > MAX_VALUES) {
                throw new BadInputException(path + ": " + what + " is corrupt (shape)");
            }
        }
        return new Shape(dims);
    }

    /** Reads an array written by {@link #writeArray} whose shape the reader does not need: its values. */
    public static float[] readValues(DataInputStream in, Path path, String what) throws IOException {
        return readFloats(in, Math.toIntExact(readShape(in, path, what).size()));
    }

    /** Reads {@code n} values. */
    public static float[] readFloats(DataInputStream in, int n) throws IOException {
        byte[] bytes = new byte[n * 4];
        in.readFully(bytes);
        float[] out = new float[n];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(out);
        return out;
    }
}
