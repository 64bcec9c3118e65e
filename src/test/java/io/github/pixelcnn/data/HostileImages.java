package io.github.pixelcnn.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Hostile image files made in the test, never checked in: decompression bombs whose headers claim
 * far more pixels than the file holds, headers without data, a JPEG with a huge frame header,
 * truncated and empty images. Also measures what a refusal costs the calling thread.
 */
public final class HostileImages {
    private HostileImages() {}

    /**
     * A PNG whose IHDR claims {@code width × height} 8-bit gray or RGB pixels, followed by a real
     * zlib stream of zero rows ({@code rows} of them, filter byte included): a few hundred kB that
     * a decoder without a header check inflates into a raster of the claimed size.
     */
    public static Path pngBomb(Path file, int width, int height, boolean colour, int rows) {
        int rowBytes = 1 + width * (colour ? 3 : 1);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
            byte[] row = new byte[rowBytes];
            for (int r = 0; r < rows; r++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png(file, width, height, colour ? 2 : 0, idat.toByteArray());
    }

    /** A PNG header claiming {@code width × height} gray pixels with no image data at all. */
    public static Path pngHeaderOnly(Path file, int width, int height) {
        return png(file, width, height, 0, null);
    }

    /** A JPEG whose SOF frame header claims {@code width × height} (each at most 65535), the rest a real 8x8 image. */
    public static Path jpegHugeFrame(Path file, int width, int height) {
        BufferedImage small = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(small, "jpeg", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = bytes.toByteArray();
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && ((jpeg[i + 1] & 0xff) == 0xc0 || (jpeg[i + 1] & 0xff) == 0xc2)) {
                // FFC0, length (2), precision (1), height (2), width (2)
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return write(file, jpeg);
            }
        }
        throw new IllegalStateException("no SOF marker in the JPEG ImageIO wrote");
    }

    /** A real {@code side × side} RGB PNG cut to half its bytes. */
    public static Path truncatedPng(Path file, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = bytes.toByteArray();
        return write(file, Arrays.copyOf(png, png.length / 2));
    }

    /** Text saved under an image's name. */
    public static Path notAnImage(Path file) {
        return write(file, "this is not an image\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code action} (which must throw) and returns the bytes the calling thread allocated on
     * the heap meanwhile: HotSpot counts them exactly, so the bound does not depend on the GC.
     */
    public static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        try {
            action.run();
        } catch (RuntimeException expected) {
            // the refusal itself is asserted by the caller
        }
        return threads.getThreadAllocatedBytes(id) - before;
    }

    private static Path png(Path file, int width, int height, int colourType, byte[] idat) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {8, (byte) colourType, 0, 0, 0}); // depth 8, deflate, no filter, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            if (idat != null) {
                chunk(out, "IDAT", idat);
            }
            chunk(out, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(file, bytes.toByteArray());
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
