package io.github.pixelcnn.data;

import io.github.pixelcnn.BadInputException;
import java.util.Arrays;
import java.util.List;

/**
 * A set of same-sized 8-bit images, with or without class labels.
 *
 * <p>Pixels stay uint8 in one NCHW {@code byte[]} (N images, C channels, H rows, W columns): a
 * PixelCNN models the 256 discrete intensities, so the raw bytes are both the input and the
 * target, and a float copy of a whole set would take four times the memory. {@link Batches}
 * gathers mini-batches from this array.
 *
 * <p>Immutable: the constructor copies nothing, so callers hand over arrays they no longer touch;
 * {@link #pixels()} exposes the backing array without a copy for speed and must not be modified.
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final List<String> classNames;
    private final VectorFile vectors;
    private final int levels;

    private ImageDataset(
            String name,
            byte[] pixels,
            int size,
            int channels,
            int height,
            int width,
            int[] labels,
            List<String> classNames,
            VectorFile vectors,
            int levels) {
        this.name = name;
        this.pixels = pixels;
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.vectors = vectors;
        this.levels = levels;
        validate();
    }

    /** A dataset without labels; {@code name} says where it came from, for messages. */
    public static ImageDataset unlabeled(
            String name, byte[] pixels, int size, int channels, int height, int width) {
        return new ImageDataset(name, pixels, size, channels, height, width, null, List.of(), null, 256);
    }

    /**
     * A labelled dataset; {@code classNames.get(k)} names label {@code k}, so the number of classes
     * is {@code classNames.size()} and every label must lie in {@code [0, classNames.size())}.
     */
    public static ImageDataset labeled(
            String name,
            byte[] pixels,
            int size,
            int channels,
            int height,
            int width,
            int[] labels,
            List<String> classNames) {
        if (labels == null) {
            throw new IllegalArgumentException(name + ": labels are null; use unlabeled()");
        }
        return new ImageDataset(name, pixels, size, channels, height, width, labels, classNames, null, 256);
    }

    private void validate() {
        if (size <= 0) {
            throw new BadInputException(name + ": empty dataset");
        }
        if (channels != 1 && channels != 3) {
            throw new BadInputException(
                    name + ": " + channels + " channels, expected 1 (gray) or 3 (RGB)");
        }
        if (height <= 0 || width <= 0) {
            throw new BadInputException(name + ": image size " + width + "x" + height + " is empty");
        }
        long expected = (long) size * channels * height * width;
        if (pixels.length != expected) {
            throw new BadInputException(
                    String.format(
                            "%s: %d pixel bytes, expected %d = %d images x %d x %d x %d",
                            name, pixels.length, expected, size, channels, height, width));
        }
        if (vectors != null && vectors.rows() != size) {
            throw new BadInputException(
                    vectors.name() + ": " + vectors.rows() + " vectors, the dataset has " + size + " images");
        }
        if (labels == null) {
            return;
        }
        if (labels.length != size) {
            throw new BadInputException(
                    name + ": " + labels.length + " labels for " + size + " images");
        }
        if (classNames.isEmpty()) {
            throw new BadInputException(name + ": labelled dataset without class names");
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new BadInputException(
                        String.format(
                                "%s: label %d of image %d is out of range 0..%d",
                                name, labels[i], i, classNames.size() - 1));
            }
        }
    }

    /** Where the images came from, e.g. {@code "/data/fashion-mnist (train)"}. */
    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Bytes per image, {@code C * H * W}; image {@code i} starts at {@code i * imageSize()}. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The backing NCHW array, not a copy: read it, never write to it. */
    public byte[] pixels() {
        return pixels;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** The class of image {@code i}; only for labelled datasets. */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException(name + ": has no labels");
        }
        return labels[i];
    }

    /** Number of classes, 0 when unlabelled. */
    public int numClasses() {
        return labels == null ? 0 : classNames.size();
    }

    /** Names of the classes by label, empty when unlabelled. */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * This dataset with one conditioning vector per image (§2.3's h), row {@code i} for image
     * {@code i}; the counts must match.
     */
    public ImageDataset withVectors(VectorFile table) {
        return new ImageDataset(name, pixels, size, channels, height, width, labels, classNames, table, levels);
    }

    /**
     * This dataset with intensities in [0, levels) instead of [0, 256): the code maps of a VQ-VAE
     * with K = levels codes ({@link CodeMapFile}), which a PixelCNN over K levels models.
     */
    public ImageDataset withLevels(int levels) {
        if (levels < 2 || levels > 256) {
            throw new IllegalArgumentException(name + ": levels must be in 2..256, got " + levels);
        }
        for (byte b : pixels) {
            if ((b & 0xFF) >= levels) {
                throw new BadInputException(name + ": value " + (b & 0xFF) + " is not below its " + levels + " levels");
            }
        }
        return new ImageDataset(name, pixels, size, channels, height, width, labels, classNames, vectors, levels);
    }

    /** The intensity levels: 256 for 8-bit images, K for a VQ-VAE's code maps. */
    public int levels() {
        return levels;
    }

    public boolean hasVectors() {
        return vectors != null;
    }

    /** The per-image vectors, or null when there are none. */
    public VectorFile vectors() {
        return vectors;
    }

    /** A new dataset of the images at {@code indices}, in that order (repeats allowed). */
    public ImageDataset subset(int[] indices) {
        int stride = imageSize();
        byte[] out = new byte[Math.multiplyExact(indices.length, stride)];
        int[] outLabels = labels == null ? null : new int[indices.length];
        int k0 = vectors == null ? 0 : vectors.columns();
        float[] outVectors = vectors == null ? null : new float[indices.length * k0];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(
                        name + ": index " + i + " outside 0.." + (size - 1));
            }
            System.arraycopy(pixels, i * stride, out, k * stride, stride);
            if (outLabels != null) {
                outLabels[k] = labels[i];
            }
            if (outVectors != null) {
                System.arraycopy(vectors.values(), i * k0, outVectors, k * k0, k0);
            }
        }
        VectorFile outTable = vectors == null ? null : new VectorFile(vectors.name(), outVectors, indices.length, k0);
        return new ImageDataset(
                name, out, indices.length, channels, height, width, outLabels, classNames, outTable, levels);
    }

    /** The first {@code n} images, or all of them when there are fewer. */
    public ImageDataset head(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + ": head(" + n + ") must be positive");
        }
        if (n >= size) {
            return this;
        }
        int[] indices = new int[n];
        Arrays.setAll(indices, i -> i);
        return subset(indices);
    }

    @Override
    public String toString() {
        return String.format(
                "%s: %d images %dx%dx%d, %s",
                name, size, channels, height, width,
                labels == null ? "unlabelled" : classNames.size() + " classes");
    }
}
