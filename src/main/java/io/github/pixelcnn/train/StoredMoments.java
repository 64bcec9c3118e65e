package io.github.pixelcnn.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam's state as a checkpoint stores it: the step count, whether moments follow, then each
 * parameter's first and second moment. Empty for a checkpoint written without an optimizer (an
 * exported model), which then resumes with fresh moments.
 */
public record StoredMoments(long steps, List<float[]> means, List<float[]> variances) {
    public StoredMoments {
        means = List.copyOf(means);
        variances = List.copyOf(variances);
    }

    /** Writes {@code adam}'s state (null: none) for its {@code count} parameters. */
    public static void write(DataOutputStream out, Adam adam, int count) throws IOException {
        out.writeLong(adam == null ? 0 : adam.steps());
        out.writeBoolean(adam != null);
        if (adam != null) {
            for (int i = 0; i < count; i++) {
                ArrayRecords.writeArray(out, adam.means().get(i));
                ArrayRecords.writeArray(out, adam.variances().get(i));
            }
        }
    }

    /**
     * Reads what {@link #write} wrote for {@code count} parameters.
     *
     * @param what the file's kind for messages, e.g. "checkpoint"
     */
    public static StoredMoments read(DataInputStream in, int count, Path path, String what) throws IOException {
        long steps = in.readLong();
        boolean present = in.readBoolean();
        List<float[]> means = new ArrayList<>();
        List<float[]> variances = new ArrayList<>();
        if (present) {
            for (int i = 0; i < count; i++) {
                means.add(ArrayRecords.readValues(in, path, what));
                variances.add(ArrayRecords.readValues(in, path, what));
            }
        }
        return new StoredMoments(steps, means, variances);
    }

    /** Restores the moments into {@code adam}; false when none were stored. */
    public boolean loadInto(Adam adam) {
        if (means.isEmpty()) {
            return false;
        }
        adam.restore(steps, means, variances);
        return true;
    }
}
