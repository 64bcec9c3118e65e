package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.github.pixelcnn.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * The VQ-VAE of van den Oord, Vinyals and Kavukcuoglu (NIPS 2017): an encoder to a grid of
 * D-vectors z_e(x), each replaced by its nearest of K codebook vectors (eq. 1-2), and a decoder
 * back to the image.
 *
 * <p>Training loss (eq. 3 with the codebook term replaced by the EMA update of {@link Codebook}):
 * {@code ||x − D(z_q)||² + β ||z_e − sg[e]||²}, the reconstruction error as the mean squared error
 * of images scaled to [-1, 1] (a Gaussian decoder of fixed variance, as in the paper), and the
 * commitment loss with β from the config. The gradient passes the quantisation unchanged (the
 * straight-through estimator): {@code z_q = z_e + sg[e − z_e]} equals e forwards and has z_e's
 * gradient backwards.
 *
 * <p>Once trained, the encoder gives each image a {@code h × w} map of code indices, and a PixelCNN
 * over K levels models those maps ({@code VqPrior}); {@link #decode} turns a map back into an image.
 */
public final class VqVae extends AbstractBlock implements AutoCloseable {
    private static final byte VERSION = 1;

    private final VqVaeConfig config;
    private final VqEncoder encoder;
    private final VqDecoder decoder;
    private Codebook codebook;

    /** What one training forward pass computed: the loss terms and each vector's code. */
    public record Forward(NDArray loss, NDArray reconstructionError, NDArray commitment, NDArray encoded,
            NDArray codes) {}

    public VqVae(VqVaeConfig config) {
        super(VERSION);
        this.config = config;
        encoder = addChildBlock("encoder", new VqEncoder(config));
        decoder = addChildBlock("decoder", new VqDecoder(config));
    }

    /** Allocates the encoder's and decoder's parameters (random) and a fresh codebook in {@code manager}. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, config.imageChannels(), config.height(), config.width()));
        codebook = new Codebook(config.codes(), config.codeDim(), config.decay(), config.restartBelow(), manager);
    }

    public VqVaeConfig config() {
        return config;
    }

    public Codebook codebook() {
        return codebook;
    }

    /** The parameters that gradients train (encoder and decoder; not the codebook), in a stable order. */
    public List<Pair<String, Parameter>> namedParameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : getParameters()) {
            out.add(p);
        }
        return out;
    }

    public long parameterCount() {
        long n = (long) config.codes() * config.codeDim();
        for (Pair<String, Parameter> p : getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /**
     * The training pass on a batch of intensities (N, C, H, W) uint8: loss terms inside the
     * autograd graph and, outside it, the encoder outputs and their codes for the EMA update.
     * Everything joins the images' manager.
     */
    public Forward forward(NDArray images) {
        checkImages(images);
        NDManager m = images.getManager();
        NDArray x = scale(images); // (N, C, H, W) in [-1, 1]
        NDArray ze = encoder.apply(x); // (N, D, h, w)
        NDArray flat = flatten(ze); // (N·h·w, D)
        NDArray codes = codebook.nearest(flat.stopGradient()); // (N·h·w)
        NDArray e = codebook.lookup(codes); // (N·h·w, D), no gradient: the codebook is not a parameter
        NDArray zq = flat.add(e.sub(flat).stopGradient()); // (N·h·w, D): e forwards, identity backwards
        NDArray recon = decoder.apply(unflatten(zq, images.getShape().get(0))); // (N, C, H, W)
        NDArray reconstructionError = recon.sub(x).square().mean(); // ()
        NDArray commitment = flat.sub(e.stopGradient()).square().mean(); // ()
        NDArray beta = m.create((float) config.beta());
        NDArray loss = reconstructionError.add(commitment.mul(beta)); // ()
        return new Forward(loss, reconstructionError, commitment, flat.stopGradient(), codes);
    }

    /**
     * Places a fresh codebook on encoder outputs of {@code images} (N, C, H, W) uint8, drawn by
     * {@code random}; a codebook that has been trained is left alone. Training calls this before its
     * first step, so that the first quantisation does not send every vector to one code.
     */
    public void placeCodebook(NDArray images, java.util.SplittableRandom random) {
        if (!codebook.isFresh()) {
            return;
        }
        checkImages(images);
        float[] z = flatten(encoder.apply(scale(images))).toFloatArray(); // N·h·w rows of D
        codebook.placeAll(z, z.length / config.codeDim(), random);
    }

    /**
     * The code map of each image: (N, h, w) int32 indices in [0, K) from intensities (N, C, H, W);
     * joins the images' manager.
     */
    public NDArray encode(NDArray images) {
        checkImages(images);
        long n = images.getShape().get(0);
        NDArray flat = flatten(encoder.apply(scale(images))); // (N·h·w, D)
        return codebook.nearest(flat).toType(DataType.INT32, false)
                .reshape(n, config.gridHeight(), config.gridWidth()); // (N, h, w)
    }

    /**
     * Images from code maps: (N, C, H, W) uint8 intensities from indices (N, h, w) of any integer
     * type; joins the codes' manager.
     *
     * @throws BadInputException for a map of another grid, or a code outside [0, K)
     */
    public NDArray decode(NDArray codes) {
        Shape s = codes.getShape();
        if (s.dimension() != 3 || s.get(1) != config.gridHeight() || s.get(2) != config.gridWidth()) {
            throw new BadInputException("code maps of shape " + s + " do not fit this VQ-VAE's "
                    + config.gridHeight() + "x" + config.gridWidth() + " grid");
        }
        NDArray asLong = codes.toType(DataType.INT64, false);
        long min = asLong.min().getLong();
        long max = asLong.max().getLong();
        if (min < 0 || max >= config.codes()) {
            throw new BadInputException("code " + (min < 0 ? min : max) + " is outside this VQ-VAE's codebook 0.."
                    + (config.codes() - 1));
        }
        NDArray e = codebook.lookup(asLong); // (N, h, w, D)
        NDArray recon = decoder.apply(e.transpose(0, 3, 1, 2)); // (N, C, H, W)
        return toIntensities(recon); // (N, C, H, W) uint8
    }

    /** [-1, 1] back to intensities 0..255, rounded and clipped: (N, C, H, W) uint8. */
    static NDArray toIntensities(NDArray scaled) {
        NDManager m = scaled.getManager();
        NDArray half = m.create(127.5f);
        return scaled.add(m.create(1f)).mul(half).round().clip(0, 255).toType(DataType.UINT8, false);
    }

    /**
     * Intensities 0..255 to [-1, 1]. The scalars are arrays on purpose: DJL's {@code mul(Number)}
     * frees its temporary scalar while autograd still needs it.
     */
    static NDArray scale(NDArray images) {
        NDManager m = images.getManager();
        return images.toType(DataType.FLOAT32, false).div(m.create(127.5f)).sub(m.create(1f)); // (N, C, H, W)
    }

    /** (N, D, h, w) → (N·h·w, D), row {@code (n·h + i)·w + j} holding position (i, j) of image n. */
    private NDArray flatten(NDArray z) {
        return z.transpose(0, 2, 3, 1).reshape(-1, config.codeDim()); // (N·h·w, D)
    }

    /** The inverse of {@link #flatten}. */
    private NDArray unflatten(NDArray flat, long n) {
        return flat.reshape(n, config.gridHeight(), config.gridWidth(), config.codeDim())
                .transpose(0, 3, 1, 2); // (N, D, h, w)
    }

    private void checkImages(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != config.imageChannels() || s.get(2) != config.height()
                || s.get(3) != config.width()) {
            throw new BadInputException("images of shape " + s + " do not fit a VQ-VAE of " + config.imageChannels()
                    + "x" + config.height() + "x" + config.width());
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(decode(encode(inputs.singletonOrThrow())));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        decoder.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Frees the codebook's arrays; the parameters live in the manager given to {@link #initialize}. */
    @Override
    public void close() {
        if (codebook != null) {
            codebook.close();
        }
    }
}
