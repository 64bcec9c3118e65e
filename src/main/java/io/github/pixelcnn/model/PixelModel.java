package io.github.pixelcnn.model;

import io.github.pixelcnn.NativeAllocator;
import io.github.pixelcnn.nn.InputEmbedding;
import io.github.pixelcnn.nn.Precision;

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
import java.util.ArrayList;
import java.util.List;

/**
 * An autoregressive image model: {@code p(x|h) = Π_i p(x_i | x_<i, h)} over sub-pixels in raster
 * order, R→G→B inside a pixel (eq. 1 and 4 of arXiv 1606.05328).
 *
 * <p>Inputs to {@link #logits} are images with integer intensities in {@code [0, levels)} as
 * (N, C, H, W) and, for conditional models, h as (N, K). The output is one categorical
 * distribution per sub-pixel: logits (N, levels, C, H, W).
 */
public abstract class PixelModel extends AbstractBlock {
    private static final byte VERSION = 1;

    protected final ModelConfig config;
    private DataType dataType = DataType.FLOAT32;
    private Precision precision = Precision.FP32;

    protected PixelModel(ModelConfig config) {
        super(VERSION);
        this.config = config;
    }

    /** Builds the model a config names; parameters still need {@link #initialize(NDManager)}. */
    public static PixelModel create(ModelConfig config) {
        NativeAllocator.warnIfUntuned();
        return switch (config.type()) {
            case GATED -> new GatedPixelCNN(config);
            case PIXELCNN -> new PixelCNN(config);
            case AUTOENCODER -> new PixelCnnAutoEncoder(config);
        };
    }

    public ModelConfig config() {
        return config;
    }

    /** Allocates and randomly initialises every parameter in {@code manager}, in float32. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32);
    }

    /**
     * Allocates parameters of the given type. Training and sampling use float32; float64 serves
     * exact checks such as the causality tests.
     */
    public void initialize(NDManager manager, DataType type) {
        this.dataType = type;
        initialize(manager, type, inputShapes(1));
    }

    /** The floating-point type of the parameters and activations. */
    public DataType dataType() {
        return dataType;
    }

    /**
     * Runs the model in {@code precision} from now on. It changes how the model computes, not
     * what it is: the parameters stay as they are, and a checkpoint does not record it. The model
     * passes it to each layer it runs; no layer holds a precision of its own.
     */
    public void setPrecision(Precision precision) {
        this.precision = precision;
    }

    /** How the model runs its convolutions: {@link Precision#FP32} unless set. */
    public Precision precision() {
        return precision;
    }

    /**
     * Logits of every sub-pixel given all earlier ones and h.
     *
     * @param images intensities (N, C, H, W), any numeric type
     * @param condition h for the N images, of the kind the model was trained on (for the
     *     auto-encoder: codes, e.g. {@link Condition#encode}); not the class marginal
     * @return (N, levels, C, H, W); joins the manager of {@code images}
     * @throws io.github.pixelcnn.BadInputException for an h of another kind, size or row count
     */
    public NDArray logits(NDArray images, Condition condition) {
        condition.requireFits(config, Math.toIntExact(images.getShape().get(0)));
        condition.requirePerImage("logits");
        NDArray h = condition.toArray(images.getManager()); // (N, K) or null
        return autoregressive().logits(images, h == null ? null : h.toType(dataType, false));
    }

    /**
     * The same on h as an array: what the samplers and the float64 gradient check run once h is
     * built. (The auto-encoder's own code has no array: it is {@link Condition#ownCode()}.)
     *
     * @param cond h (N, K) as float, or null for an unconditional model
     * @return (N, levels, C, H, W); joins the manager of {@code images}
     */
    public NDArray logits(NDArray images, NDArray cond) {
        checkInputs(images, cond);
        return logitsOf(features(images), cond);
    }

    /**
     * The network on input features already made by {@link #features}: what {@link #logits}
     * runs, and what a test differentiates to see which sub-pixels each output depends on (the
     * levels themselves are integers, so no gradient reaches them through the embedding).
     *
     * @param features (N, Cin, H, W) float, in the model's data type
     * @param cond h (N, K) as float, or null for an unconditional model
     * @return (N, levels, C, H, W) float; joins the manager of {@code features}
     */
    public abstract NDArray logitsOf(NDArray features, NDArray cond);

    /**
     * The autoregressive network that draws pixels given h: the model itself, or the auto-encoder's
     * decoder (whose h is the code, fixed while an image is drawn).
     */
    public PixelModel autoregressive() {
        return this;
    }

    /**
     * The first layer's input for intensities (N, C, H', W') of any integer type, at any size (the
     * cached samplers pass single rows and positions): the learned embedding of each level, (N,
     * E·C, H', W') with colour c on channels {@code e·C + c}, or for {@link InputEncoding#FLOAT}
     * the levels scaled to [-1, 1], (N, C, H', W'). Float in the model's data type, contiguous;
     * joins images' manager.
     */
    public NDArray features(NDArray images) {
        // A Java byte[] becomes INT8, whose levels above 127 read as negative: levels are unsigned.
        NDArray levels = images.getDataType() == DataType.INT8 ? images.toType(DataType.UINT8, false) : images;
        InputEmbedding table = embedding();
        return table == null ? scaleInput(levels) : table.apply(levels);
    }

    /** The learned input embedding, or null for a model whose input is the scaled float. */
    protected InputEmbedding embedding() {
        return null;
    }

    /** The embedding a model of {@code config} needs, or null for float input. */
    protected static InputEmbedding embeddingFor(ModelConfig config) {
        return config.input() == InputEncoding.EMBED
                ? new InputEmbedding(config.imageChannels(), config.levels(), config.embeddingWidth())
                : null;
    }

    /**
     * Maps intensities 0…levels-1 to [-1, 1], as the network's input.
     *
     * <p>The scalars are arrays in the input's manager on purpose: DJL's {@code mul(Number)} wraps
     * the number in a temporary tensor over a Java buffer and frees it at once, while autograd
     * keeps it for the backward pass, which then reads freed memory (NaN input gradients).
     */
    protected NDArray scaleInput(NDArray images) {
        NDManager m = images.getManager();
        NDArray scale = m.create(2f / (config.levels() - 1));
        NDArray one = m.create(1f);
        return images.toType(dataType, false).mul(scale.toType(dataType, false)).sub(one.toType(dataType, false));
    }

    protected void checkInputs(NDArray images, NDArray cond) {
        Shape s = images.getShape();
        if (s.dimension() != 4
                || s.get(1) != config.imageChannels()
                || s.get(2) != config.height()
                || s.get(3) != config.width()) {
            throw new IllegalArgumentException(
                    "images of shape "
                            + s
                            + " do not fit a model of "
                            + config.imageChannels()
                            + "x"
                            + config.height()
                            + "x"
                            + config.width());
        }
        if (config.isConditional()) {
            if (cond == null
                    || cond.getShape().dimension() != 2
                    || cond.getShape().get(0) != s.get(0)
                    || cond.getShape().get(1) != config.conditionSize()) {
                throw new IllegalArgumentException(
                        "the model needs h of shape ("
                                + s.get(0)
                                + ", "
                                + config.conditionSize()
                                + "), got "
                                + (cond == null ? "none" : cond.getShape()));
            }
        } else if (cond != null) {
            throw new IllegalArgumentException("an unconditional model takes no h");
        }
    }

    /** The parameters in a stable order, named by their path in the block tree. */
    public List<Pair<String, Parameter>> namedParameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : getParameters()) {
            out.add(p);
        }
        return out;
    }

    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private Shape[] inputShapes(long batch) {
        Shape images = new Shape(batch, config.imageChannels(), config.height(), config.width());
        return config.isConditional()
                ? new Shape[] {images, new Shape(batch, config.conditionSize())}
                : new Shape[] {images};
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray cond = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(logits(inputs.get(0), cond));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {
            new Shape(in.get(0), config.levels(), config.imageChannels(), in.get(2), in.get(3))
        };
    }
}
