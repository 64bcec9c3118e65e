package io.github.pixelcnn.ood;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * An image's complexity L(x) (Serrà et al. 2020, "Input complexity and out-of-distribution
 * detection with likelihood-based generative models", Section 3): the length in bits of the image
 * under a generic lossless compressor, here the JDK's PNG encoder at its strongest deflate level.
 * A simple image (a constant, a digit on black) compresses to few bits and a generative model
 * gives it a high likelihood for the same reason; {@code S(x) = -log2 p(x) - L(x)} removes that
 * shared part. PNG's fixed headers add the same number of bits to every image of one size, which
 * shifts every score equally and changes no ranking.
 */
public final class Complexity {
    private Complexity() {}

    /**
     * L(x) per sub-pixel, in bits: the PNG's length over {@code channels · height · width}.
     *
     * @param pixels one image, uint8 (C, H, W); levels are written as they are (0 … 255)
     */
    public static double bitsPerDim(byte[] pixels, int offset, int channels, int height, int width) {
        return 8.0 * pngBytes(pixels, offset, channels, height, width) / ((double) channels * height * width);
    }

    /** The PNG's size in bytes. */
    static int pngBytes(byte[] pixels, int offset, int channels, int height, int width) {
        int plane = height * width;
        BufferedImage image = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        if (channels == 1) {
            image.getRaster().setDataElements(0, 0, width, height, Arrays.copyOfRange(pixels, offset, offset + plane));
        } else {
            int[] rgb = new int[3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[c] = pixels[offset + c * plane + y * width + x] & 0xff;
                    }
                    image.getRaster().setPixel(x, y, rgb);
                }
            }
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f); // deflate level 9, as Serrà et al. use PNG's strongest setting
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding in memory failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.size();
    }
}
