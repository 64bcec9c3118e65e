package io.github.pixelcnn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.pixelcnn.BadInputException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's named parameters as a checkpoint stores them (a count, then each name and array), read
 * back and put into a model of the same shape. The pixel model's and the VQ-VAE's checkpoints both
 * keep their parameters this way, each inside its own file layout.
 */
public record StoredParameters(List<String> names, List<Shape> shapes, List<float[]> values) {
    /** More than any model here has: a corrupt count is refused before anything is allocated. */
    private static final int MAX_PARAMETERS = 10_000;

    public StoredParameters {
        names = List.copyOf(names);
        shapes = List.copyOf(shapes);
        values = List.copyOf(values);
    }

    /** Writes the count, then each parameter's name and array. */
    public static void write(DataOutputStream out, List<Pair<String, Parameter>> params) throws IOException {
        out.writeInt(params.size());
        for (Pair<String, Parameter> p : params) {
            out.writeUTF(p.getKey());
            ArrayRecords.writeArray(out, p.getValue().getArray());
        }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param what the file's kind for messages, e.g. "checkpoint"
     */
    public static StoredParameters read(DataInputStream in, Path path, String what) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_PARAMETERS) {
            throw new BadInputException(path + ": " + what + " is corrupt (" + count + " parameters)");
        }
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
            Shape s = ArrayRecords.readShape(in, path, what);
            shapes.add(s);
            values.add(ArrayRecords.readFloats(in, Math.toIntExact(s.size())));
        }
        return new StoredParameters(names, shapes, values);
    }

    public int count() {
        return names.size();
    }

    /**
     * Copies the values into {@code params} after checking every name and shape first, so a model
     * that does not fit is left as it was.
     *
     * @param what the file's kind for messages, e.g. "checkpoint"
     */
    public void loadInto(List<Pair<String, Parameter>> params, NDManager manager, String what) {
        if (params.size() != names.size()) {
            throw new BadInputException(what + " holds " + names.size() + " parameters, the model has " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).getKey();
            Shape shape = params.get(i).getValue().getArray().getShape();
            if (!name.equals(names.get(i)) || !shape.equals(shapes.get(i))) {
                throw new BadInputException(what + " parameter " + names.get(i) + " " + shapes.get(i)
                        + " does not fit the model's " + name + " " + shape);
            }
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray array = params.get(i).getValue().getArray();
            // Swap the native tensor under the parameter's NDArray, which DJL will not replace.
            array.intern(Tensors.copyOf(manager, values.get(i), shapes.get(i)));
            array.setRequiresGradient(true);
        }
    }
}
