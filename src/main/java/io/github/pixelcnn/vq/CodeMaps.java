package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.Batch;
import io.github.pixelcnn.data.Batches;
import io.github.pixelcnn.data.CodeMapFile;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Locale;

/** Whole datasets through a VQ-VAE: images to code maps, code maps to images. */
public final class CodeMaps {
    private CodeMaps() {}

    /** Every image's code map, {@code batch} images at a time, as a {@link CodeMapFile.Split} with its labels. */
    public static CodeMapFile.Split encode(VqVae model, ImageDataset data, int batch, NDManager manager) {
        VqVaeConfig c = model.config();
        ImageInput.requireSize(data, data.name(), c.imageChannels(), c.height(), c.width());
        int grid = c.gridHeight() * c.gridWidth();
        int[] maps = new int[data.size() * grid];
        Iterator<Batch> it = Batches.builder().setData(data).setBatchSize(batch).build().epoch(0);
        int at = 0;
        while (it.hasNext()) {
            Batch b = it.next();
            try (NDManager sub = manager.newSubManager()) {
                int[] codes = model.encode(b.images(sub)).toIntArray(); // (B·h·w)
                System.arraycopy(codes, 0, maps, at, codes.length);
                at += codes.length;
            }
        }
        int[] labels = null;
        if (data.hasLabels()) {
            labels = new int[data.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.label(i);
            }
        }
        return new CodeMapFile.Split(data.size(), maps, labels);
    }

    /**
     * The images of code maps {@code maps} (N·h·w values, N = maps.length / (h·w)) as uint8 NCHW
     * bytes, decoded {@code batch} maps at a time.
     *
     * @throws BadInputException for a code outside [0, K)
     */
    public static byte[] decode(VqVae model, int[] maps, int batch, NDManager manager) {
        VqVaeConfig c = model.config();
        int grid = c.gridHeight() * c.gridWidth();
        int n = maps.length / grid;
        int image = c.imageChannels() * c.height() * c.width();
        byte[] out = new byte[n * image];
        for (int start = 0; start < n; start += batch) {
            int count = Math.min(batch, n - start);
            try (NDManager sub = manager.newSubManager()) {
                int[] part = new int[count * grid];
                System.arraycopy(maps, start * grid, part, 0, part.length);
                NDArray codes = sub.create(part, new Shape(count, c.gridHeight(), c.gridWidth())); // (B, h, w)
                NDArray images = model.decode(codes); // (B, C, H, W) uint8
                ByteBuffer bytes = images.toType(DataType.UINT8, false).toByteBuffer();
                bytes.get(out, start * image, count * image);
            }
        }
        return out;
    }

    /**
     * Refuses a prior that cannot feed this decoder, in one line: a prior over another K or another
     * grid than the VQ-VAE's codebook and code grid.
     *
     * @param levels the prior's levels (its K)
     */
    public static void requireFits(VqVaeConfig decoder, int levels, int channels, int height, int width,
            String prior, String vqvae) {
        if (levels != decoder.codes()) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s is a prior over K=%d codes, but %s has a codebook of %d; train the prior on this VQ-VAE's"
                            + " codes (encode --codes)", prior, levels, vqvae, decoder.codes()));
        }
        if (channels != 1 || height != decoder.gridHeight() || width != decoder.gridWidth()) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s models %dx%d%s maps, but %s encodes to a %dx%d grid; train the prior on this VQ-VAE's codes"
                            + " (encode --codes)", prior, height, width, channels == 1 ? "" : "x" + channels, vqvae,
                    decoder.gridHeight(), decoder.gridWidth()));
        }
    }
}
