package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The code maps of a VQ-VAE for both splits of a dataset: each image's {@code h × w} grid of code
 * indices in [0, K), with the images' labels, in one compact file that {@code codes:FILE} reads as
 * a dataset of 1-channel "images" over K levels, so a PixelCNN prior trains on it like on pixels.
 *
 * <p>Layout (big-endian), closed by a CRC-32 of every byte before it:
 * <pre>
 *   "PXCODES1"  magic (8 bytes, ASCII)
 *   u32 K       codes in the codebook
 *   u16 h, w    the grid
 *   u8  bytes   1 (uint8 codes, K ≤ 256) or 2 (uint16)
 *   UTF source  where the codes came from (the VQ-VAE's checkpoint), for provenance
 *   u16 C       classes (0: unlabelled), then C class names as UTF
 *   per split, train then test: u32 N, N·h·w codes, then N u8 labels when C &gt; 0
 *   u64 CRC-32
 * </pre>
 * About 49 bytes per 28×28 image at 7×7 codes and K ≤ 256: 16× smaller than the pixels.
 *
 * @param codes K
 * @param source the VQ-VAE the maps came from
 * @param classNames empty when unlabelled
 */
public record CodeMapFile(int codes, int height, int width, String source, List<String> classNames,
        Split train, Split test) {
    private static final String MAGIC = "PXCODES1";

    /**
     * One split's maps, image-major, row-major inside an image.
     *
     * @param maps N·h·w code indices
     * @param labels N labels, or null when unlabelled
     */
    public record Split(int size, int[] maps, int[] labels) {}

    public CodeMapFile {
        classNames = List.copyOf(classNames);
        if (codes < 2 || codes > 65_536) {
            throw new IllegalArgumentException("K must be in 2..65536, got " + codes);
        }
        for (Split s : new Split[] {train, test}) {
            if (s.maps().length != s.size() * height * width) {
                throw new IllegalArgumentException(s.maps().length + " codes for " + s.size() + " maps of " + height
                        + "x" + width);
            }
            if (!classNames.isEmpty() && (s.labels() == null || s.labels().length != s.size())) {
                throw new IllegalArgumentException("labelled code maps need one label per map");
            }
        }
    }

    /** Writes the file atomically: readers see the old file or the whole new one. */
    public void write(Path path) {
        AtomicFile.write(path, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16),
                    crc));
            out.writeBytes(MAGIC);
            out.writeInt(codes);
            out.writeShort(height);
            out.writeShort(width);
            int bytes = codes <= 256 ? 1 : 2;
            out.writeByte(bytes);
            out.writeUTF(source);
            out.writeShort(classNames.size());
            for (String name : classNames) {
                out.writeUTF(name);
            }
            for (Split s : new Split[] {train, test}) {
                out.writeInt(s.size());
                for (int c : s.maps()) {
                    if (bytes == 1) {
                        out.writeByte(c);
                    } else {
                        out.writeShort(c);
                    }
                }
                if (!classNames.isEmpty()) {
                    for (int label : s.labels()) {
                        out.writeByte(label);
                    }
                }
            }
            out.flush();
            out.writeLong(crc.getValue());
            out.flush();
        });
    }

    /**
     * Reads and checks a code-map file; any problem is one line naming the file.
     *
     * @throws BadInputException for a file that is missing, of another format, truncated, corrupt,
     *     or holding a code ≥ K or a label outside its classes
     */
    public static CodeMapFile read(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            byte[] magic = new byte[MAGIC.length()];
            int got = in.readNBytes(magic, 0, magic.length);
            if (got != magic.length || !MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new BadInputException(path + ": not a code-map file (expected magic " + MAGIC
                        + "; write one with encode --codes)");
            }
            int codes = in.readInt();
            int height = in.readUnsignedShort();
            int width = in.readUnsignedShort();
            int bytes = in.readUnsignedByte();
            if (codes < 2 || codes > 65_536 || height < 1 || width < 1 || (bytes != 1 && bytes != 2)
                    || (bytes == 1) != (codes <= 256)) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: code-map header is corrupt (K=%d, grid %dx%d, %d bytes per code)", path, codes, height,
                        width, bytes));
            }
            String source = in.readUTF();
            int classes = in.readUnsignedShort();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                names.add(in.readUTF());
            }
            Split train = readSplit(in, path, "train", codes, height * width, bytes, classes);
            Split test = readSplit(in, path, "test", codes, height * width, bytes, classes);
            long expected = crc.getValue();
            if (new DataInputStream(raw).readLong() != expected) {
                throw new BadInputException(path + ": code-map file is corrupt (checksum mismatch)");
            }
            return new CodeMapFile(codes, height, width, source, names, train, test);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": no such code-map file; write one with encode --codes");
        } catch (EOFException e) {
            throw new BadInputException(path + ": code-map file is truncated");
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read code-map file: " + AtomicFile.reason(e), e);
        }
    }

    private static Split readSplit(DataInputStream in, Path path, String split, int codes, int grid, int bytes,
            int classes) throws IOException {
        int size = in.readInt();
        if (size < 1 || (long) size * grid > Integer.MAX_VALUE - 8) {
            throw new BadInputException(path + ": code-map file is corrupt (" + Integer.toUnsignedString(size) + " "
                    + split + " maps)");
        }
        int[] maps = new int[size * grid];
        for (int i = 0; i < maps.length; i++) {
            int c = bytes == 1 ? in.readUnsignedByte() : in.readUnsignedShort();
            if (c >= codes) {
                throw new BadInputException(String.format(Locale.ROOT,
                        "%s: code %d in %s map %d is not below K=%d; the file is corrupt or not from this codebook",
                        path, c, split, i / grid, codes));
            }
            maps[i] = c;
        }
        int[] labels = null;
        if (classes > 0) {
            labels = new int[size];
            for (int i = 0; i < size; i++) {
                labels[i] = in.readUnsignedByte();
                if (labels[i] >= classes) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "%s: label %d of %s map %d is outside its %d classes", path, labels[i], split, i, classes));
                }
            }
        }
        return new Split(size, maps, labels);
    }

    /**
     * One split as a dataset of 1-channel {@code h × w} images whose intensities are codes in [0, K),
     * named {@code "FILE (train)"}; K ≤ 256, since a PixelCNN models at most 256 levels.
     */
    public ImageDataset dataset(Path path, io.github.pixelcnn.data.Split which) {
        if (codes > 256) {
            throw new BadInputException(path + ": K=" + codes + " codes; a PixelCNN prior models at most 256 levels");
        }
        Split s = which == io.github.pixelcnn.data.Split.TRAIN ? train : test;
        byte[] pixels = new byte[s.maps().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) s.maps()[i];
        }
        String name = path + " (" + which.label() + ")";
        ImageDataset data = classNames.isEmpty()
                ? ImageDataset.unlabeled(name, pixels, s.size(), 1, height, width)
                : ImageDataset.labeled(name, pixels, s.size(), 1, height, width, s.labels(), classNames);
        return data.withLevels(codes);
    }
}
