package io.github.pixelcnn.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.pixelcnn.nn.ConvEncoder;
import io.github.pixelcnn.nn.Precision;

/**
 * The PixelCNN auto-encoder of arXiv 1606.05328 §3.4: a convolutional encoder maps an image x to
 * a code h ∈ R^M, and a conditional Gated PixelCNN decoder models {@code p(x | h)}, with h entering
 * globally, through a spatial map, or both (the config's form). Trained end to end on the
 * decoder's negative log-likelihood.
 *
 * <p>The encoder sees the whole image, as an auto-encoder must; training's {@code logits(images,
 * Condition.ownCode())} is therefore not autoregressive in x. What stays autoregressive is the decoder given a
 * fixed code, which is what every other path uses: the code is computed once ({@link
 * Condition#encode}) and the decoder ({@link #autoregressive()}) draws or scores given it.
 */
public final class PixelCnnAutoEncoder extends PixelModel {
    private final ConvEncoder encoder;
    private final GatedPixelCNN decoder;

    public PixelCnnAutoEncoder(ModelConfig config) {
        super(config);
        if (config.type() != ModelType.AUTOENCODER) {
            throw new IllegalArgumentException("not an auto-encoder config: " + config.type());
        }
        encoder = addChildBlock("encoder", new ConvEncoder(
                config.imageChannels(), config.channels(), config.height(), config.width(), config.bottleneck()));
        decoder = addChildBlock("decoder", new GatedPixelCNN(config.decoder()));
    }

    public ConvEncoder encoder() {
        return encoder;
    }

    /** The Gated PixelCNN modelling p(x | h), conditioned on an M-vector. */
    public GatedPixelCNN decoder() {
        return decoder;
    }

    /** The code h of each image: (N, M) from intensities (N, C, H, W); joins images' manager. */
    public NDArray encode(NDArray images) {
        checkInputs(images, null);
        return encoder.apply(scaleInput(images), precision()); // (N, M)
    }

    /**
     * The decoder's logits given {@code condition}: with {@link Condition#ownCode()}, the images'
     * own codes computed inside the autograd graph (the end-to-end training path, where the
     * encoder learns from the decoder's loss); with codes, the fixed codes given. Every path but
     * training encodes once ({@link Condition#encode}) and passes the fixed code.
     */
    @Override
    public NDArray logits(NDArray images, Condition condition) {
        if (!condition.isOwnCode()) {
            return super.logits(images, condition);
        }
        checkInputs(images, null);
        NDArray h = encoder.apply(scaleInput(images), precision()); // (N, M)
        return decoder.logits(images, h); // (N, levels, C, H, W)
    }

    /** The decoder's logits given codes {@code cond} (N, M), which must be given. */
    @Override
    public NDArray logits(NDArray images, NDArray cond) {
        return decoder.logits(images, cond); // (N, levels, C, H, W)
    }

    /** DJL's forward: the images alone are scored given their own codes, as in training; with codes, given those. */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(inputs.size() > 1 ? logits(inputs.get(0), inputs.get(1))
                : logits(inputs.get(0), Condition.ownCode()));
    }

    /** Runs the encoder and the decoder (which the samplers also run alone) in {@code precision}. */
    @Override
    public void setPrecision(Precision precision) {
        super.setPrecision(precision);
        decoder.setPrecision(precision);
    }

    /** The decoder's input features (the encoder reads the scaled image instead). */
    @Override
    public NDArray features(NDArray images) {
        return decoder.features(images);
    }

    /** The decoder on given features; {@code cond} is the code and must not be null here. */
    @Override
    public NDArray logitsOf(NDArray features, NDArray cond) {
        return decoder.logitsOf(features, cond);
    }

    @Override
    public PixelModel autoregressive() {
        return decoder;
    }

    /** The decoder is a PixelModel of its own: it needs the data type to scale its input. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes[0]);
        decoder.initialize(manager, dataType);
    }
}
