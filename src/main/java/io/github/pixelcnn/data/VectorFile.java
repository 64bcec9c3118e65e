package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One float vector per image, the h of the paper's §2.3 when it is not a class label: an N×K
 * table read from a NumPy {@code .npy} file (float32 or float64, little-endian, C order, 2-D) or
 * a CSV of N rows of K numbers. Row {@code i} belongs to image {@code i} of the dataset.
 *
 * <p>The {@code .npy} reader parses the header dictionary itself (format versions 1–3) rather
 * than pulling in a library: the format is a magic string, a length and a Python dict literal.
 */
public final class VectorFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final String name;
    private final float[] values;
    private final int rows;
    private final int columns;

    /** @param values row-major, {@code rows * columns} long */
    public VectorFile(String name, float[] values, int rows, int columns) {
        if (rows < 1 || columns < 1 || values.length != (long) rows * columns) {
            throw new BadInputException(
                    name + ": " + values.length + " values do not form " + rows + " vectors of " + columns);
        }
        // A NaN in h turns every likelihood into NaN and every sample white: refuse it where it is read.
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new BadInputException(String.format(Locale.ROOT, "%s: row %d, column %d is %s; vectors must be finite",
                        name, i / columns, i % columns, values[i]));
            }
        }
        this.name = name;
        this.values = values;
        this.rows = rows;
        this.columns = columns;
    }

    /** Reads {@code path} as {@code .npy} when it starts with the NumPy magic, else as CSV. */
    public static VectorFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
        String name = path.toString();
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy") || startsWithMagic(bytes)) {
            return parseNpy(name, bytes);
        }
        return parseCsv(name, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses the bytes of a {@code .npy} file. */
    public static VectorFile parseNpy(String name, byte[] bytes) {
        if (!startsWithMagic(bytes)) {
            throw new BadInputException(name + ": bad magic, not a .npy file (expected \\x93NUMPY)");
        }
        if (bytes.length < 10) {
            throw new BadInputException(name + ": truncated .npy header");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new BadInputException(name + ": truncated .npy header");
            }
            headerLength = buf.getInt(8);
            start = 12;
        } else {
            throw new BadInputException(name + ": .npy format version " + major + ", expected 1, 2 or 3");
        }
        if (headerLength < 0 || start + (long) headerLength > bytes.length) {
            throw new BadInputException(name + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLength, StandardCharsets.ISO_8859_1);
        String descr = field(name, header, DESCR, "descr");
        String fortran = field(name, header, FORTRAN, "fortran_order");
        String shapeText = field(name, header, SHAPE, "shape");
        if (fortran.equals("True")) {
            throw new BadInputException(name + ": Fortran-order array; save it in C order (np.ascontiguousarray)");
        }
        int width = switch (descr) {
            case "<f4", "|f4" -> 4;
            case "<f8", "|f8" -> 8;
            default -> throw new BadInputException(
                    name + ": dtype '" + descr + "', expected little-endian float32 '<f4' or float64 '<f8'");
        };
        long[] shape = parseShape(name, shapeText);
        if (shape.length != 2) {
            throw new BadInputException(name + ": " + shape.length + "-D array, expected 2-D (images, vector size)");
        }
        if (shape[0] < 1 || shape[1] < 1 || shape[0] * shape[1] > Integer.MAX_VALUE) {
            throw new BadInputException(name + ": shape (" + shape[0] + ", " + shape[1] + ") is empty or too large");
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        int count = rows * cols;
        int data = start + headerLength;
        if (bytes.length - (long) data < (long) count * width) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: truncated: %d data bytes, shape (%d, %d) needs %d", name, bytes.length - data, rows, cols,
                    (long) count * width));
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = width == 4 ? buf.getFloat(data + 4 * i) : (float) buf.getDouble(data + 8 * i);
        }
        return new VectorFile(name, values, rows, cols);
    }

    /** Parses a CSV: one vector per line, numbers separated by commas; blank lines are skipped. */
    public static VectorFile parseCsv(String name, String text) {
        List<float[]> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        int cols = -1;
        for (int line = 0; line < lines.length; line++) {
            String l = lines[line].strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] cells = l.split(",");
            if (cols < 0) {
                cols = cells.length;
            } else if (cells.length != cols) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: line %d has %d values, the first row has %d", name, line + 1, cells.length, cols));
            }
            float[] row = new float[cols];
            for (int k = 0; k < cols; k++) {
                try {
                    row[k] = Float.parseFloat(cells[k].strip());
                } catch (NumberFormatException e) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "%s: line %d, column %d: '%s' is not a number", name, line + 1, k + 1, cells[k].strip()));
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new BadInputException(name + ": no vectors (empty CSV)");
        }
        float[] values = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * cols, cols);
        }
        return new VectorFile(name, values, rows.size(), cols);
    }

    /** Writes an N×K float32 {@code .npy} (format 1.0, C order) atomically. */
    public static void writeNpy(Path path, float[] values, int rows, int columns) {
        if (values.length != (long) rows * columns) {
            throw new IllegalArgumentException(values.length + " values for shape (" + rows + ", " + columns + ")");
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        // Magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64.
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) {
            out.putFloat(v);
        }
        AtomicFile.write(path, o -> o.write(out.array()));
    }

    /** Where the vectors came from, for messages. */
    public String name() {
        return name;
    }

    /** N, one vector per image. */
    public int rows() {
        return rows;
    }

    /** K, the length of each vector. */
    public int columns() {
        return columns;
    }

    /** The table row-major (N·K), not a copy: read it, never write to it. */
    public float[] values() {
        return values;
    }

    /** Vector {@code i} as a new array. */
    public float[] row(int i) {
        float[] out = new float[columns];
        System.arraycopy(values, i * columns, out, 0, columns);
        return out;
    }

    private static boolean startsWithMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String field(String name, String header, Pattern pattern, String key) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new BadInputException(name + ": .npy header has no valid '" + key + "' entry");
        }
        return m.group(1);
    }

    private static long[] parseShape(String name, String text) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new BadInputException(name + ": .npy shape '(" + text + ")' is not a tuple of integers");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}
