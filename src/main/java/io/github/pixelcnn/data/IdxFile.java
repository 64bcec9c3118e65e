package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * An IDX file, the format of MNIST and Fashion-MNIST: a big-endian magic {@code 0x0000TTDD}
 * (TT the element type, DD the number of dimensions), DD big-endian int sizes, then the elements
 * in row-major order. Only unsigned bytes ({@code TT = 0x08}) are supported, which is all that
 * image and label files use.
 *
 * <p>Gzip is recognised by content (bytes {@code 1f 8b}), not by name, so a renamed file still
 * reads. The header is never trusted for allocation: a raw file's claim is checked against the
 * file size before the array is made, and gzip data is inflated in growing chunks, so a header
 * claiming a billion images fails as "truncated" instead of exhausting memory. Bytes after the
 * claimed data are rejected, since they mean the header and the data disagree.
 */
public final class IdxFile {
    /** Element type code of unsigned bytes. */
    private static final int UBYTE = 0x08;
    /** The element type codes IDX defines (ubyte, byte, short, int, float, double). */
    private static final Set<Integer> IDX_TYPES = Set.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E);
    /** Largest Java array, which also caps the data an IDX file may hold. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** First read size for gzip data; grown by doubling up to the claimed size. */
    private static final int FIRST_CHUNK = 1 << 20;

    private final int[] dims;
    private final byte[] data;

    private IdxFile(int[] dims, byte[] data) {
        this.dims = dims;
        this.data = data;
    }

    /** The sizes of the dimensions, e.g. {@code [60000, 28, 28]} for an image file. */
    public int[] dims() {
        return dims.clone();
    }

    /** The elements in row-major order; the array itself, owned by the caller after a read. */
    public byte[] data() {
        return data;
    }

    /**
     * Reads an unsigned-byte IDX file with exactly {@code expectedDims} dimensions (3 for images,
     * 1 for labels), raw or gzipped.
     *
     * @throws BadInputException naming the file and the fault, when the file is missing or
     *     malformed
     */
    public static IdxFile read(Path file, int expectedDims) {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return parse(name, raw, expectedDims, Files.size(file), false);
            }
            InputStream in;
            try {
                in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16));
            } catch (ZipException | EOFException e) {
                throw corrupt(name, e);
            }
            return parse(name, in, expectedDims, -1, true);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": no such file", e);
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses header and data. {@code fileSize} is the raw file's length, or -1 for gzip whose
     * inflated length is only known by reading it.
     */
    private static IdxFile parse(
            String name, InputStream in, int expectedDims, long fileSize, boolean gzip)
            throws IOException {
        int expectedMagic = (UBYTE << 8) | expectedDims;
        String kind = String.format(
                "expected 0x%08X (IDX unsigned byte, %d dims)", expectedMagic, expectedDims);
        byte[] head = readUpTo(name, in, 4, gzip);
        if (head.length < 4) {
            throw new BadInputException(
                    name + ": " + head.length + " bytes, too short for an IDX header; " + kind);
        }
        int magic = toInt(head, 0);
        int type = (magic >>> 8) & 0xff;
        int ndims = magic & 0xff;
        if ((magic >>> 16) != 0 || !IDX_TYPES.contains(type)) {
            throw new BadInputException(
                    String.format("%s: bad magic 0x%08X, %s", name, magic, kind));
        }
        if (type != UBYTE) {
            throw new BadInputException(
                    String.format(
                            "%s: unsupported IDX element type 0x%02X, only unsigned byte (0x08)"
                                    + " is supported",
                            name, type));
        }
        if (ndims != expectedDims) {
            throw new BadInputException(
                    String.format(
                            "%s: %d dimensions, expected %d (magic 0x%08X, %s)",
                            name, ndims, expectedDims, magic, kind));
        }
        byte[] dimBytes = readUpTo(name, in, 4 * ndims, gzip);
        if (dimBytes.length < 4 * ndims) {
            throw new BadInputException(
                    name + ": truncated header, " + ndims + " dimension sizes announced");
        }
        int[] dims = new int[ndims];
        long total = 1;
        for (int d = 0; d < ndims; d++) {
            dims[d] = toInt(dimBytes, 4 * d);
            if (dims[d] < 0) {
                throw new BadInputException(
                        String.format(
                                "%s: dimension %d has size %d, too large",
                                name, d, dims[d] & 0xffffffffL));
            }
            total *= dims[d];
            if (total > MAX_BYTES) {
                throw new BadInputException(
                        String.format(
                                "%s: header claims dimensions %s, more than %d bytes",
                                name, Arrays.toString(Arrays.copyOf(dims, d + 1)), MAX_BYTES));
            }
        }
        long headerBytes = 4 + 4L * ndims;
        if (fileSize >= 0) {
            long held = fileSize - headerBytes;
            if (total > held) {
                throw truncated(name, total, held);
            }
            if (total < held) {
                throw trailing(name, total, held);
            }
        }
        byte[] data = readUpTo(name, in, (int) total, gzip);
        if (data.length < total) {
            throw truncated(name, total, data.length);
        }
        if (readOrCorrupt(name, in, gzip) >= 0) {
            throw new BadInputException(
                    String.format(
                            "%s: trailing data: header claims %d bytes, file holds more",
                            name, total));
        }
        return new IdxFile(dims, data);
    }

    /**
     * Reads up to {@code n} bytes, fewer only at end of stream. The buffer grows by doubling from
     * a small first chunk, so memory follows the bytes actually present, not the header's claim.
     */
    private static byte[] readUpTo(String name, InputStream in, int n, boolean gzip)
            throws IOException {
        byte[] buf = new byte[Math.min(n, FIRST_CHUNK)];
        int filled = 0;
        while (true) {
            int got;
            try {
                got = in.readNBytes(buf, filled, buf.length - filled);
            } catch (ZipException | EOFException e) {
                if (!gzip) {
                    throw e;
                }
                throw corrupt(name, e);
            }
            filled += got;
            if (filled < buf.length) {
                return Arrays.copyOf(buf, filled);
            }
            if (filled == n) {
                return buf;
            }
            buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
        }
    }

    private static int readOrCorrupt(String name, InputStream in, boolean gzip) throws IOException {
        try {
            return in.read();
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw e;
            }
            throw corrupt(name, e);
        }
    }

    private static int toInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24)
                | ((b[at + 1] & 0xff) << 16)
                | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    private static BadInputException corrupt(String name, IOException cause) {
        return new BadInputException(
                name + ": corrupt gzip data (" + cause.getMessage() + ")", cause);
    }

    private static BadInputException truncated(String name, long claimed, long held) {
        return new BadInputException(
                String.format(
                        "%s: truncated: header claims %d bytes, file holds %d",
                        name, claimed, Math.max(held, 0)));
    }

    private static BadInputException trailing(String name, long claimed, long held) {
        return new BadInputException(
                String.format(
                        "%s: trailing data: header claims %d bytes, file holds %d",
                        name, claimed, held));
    }

    /**
     * Writes an unsigned-byte IDX file atomically (see {@link AtomicFile}), gzipped if asked.
     *
     * @param dims sizes of the dimensions; their product must equal {@code data.length}
     */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) {
        if (dims.length < 1 || dims.length > 255) {
            throw new IllegalArgumentException(
                    file + ": " + dims.length + " dimensions, IDX allows 1..255");
        }
        long total = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(file + ": negative dimension " + d);
            }
            total *= d;
        }
        if (total != data.length) {
            throw new IllegalArgumentException(
                    String.format(
                            "%s: dimensions %s hold %d bytes, data has %d",
                            file, Arrays.toString(dims), total, data.length));
        }
        AtomicFile.write(
                file,
                sink -> {
                    OutputStream target = gzip ? new GZIPOutputStream(sink, 1 << 16) : sink;
                    DataOutputStream out =
                            new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
                    out.writeInt((UBYTE << 8) | dims.length);
                    for (int d : dims) {
                        out.writeInt(d);
                    }
                    out.write(data);
                    out.flush();
                    if (target instanceof GZIPOutputStream z) {
                        z.finish();
                    }
                });
    }
}
