package io.github.pixelcnn.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.ConfigJson;

/**
 * The hyperparameters of a model: everything needed to rebuild it, saved beside each checkpoint.
 *
 * @param type the network family
 * @param layers gated layers (Gated PixelCNN) or residual blocks (PixelCNN) after the first layer
 *     counts as one of them
 * @param channels feature maps per stack, {@code p} in the paper's Figure 2
 * @param firstKernel the first layer's kernel size (7 in the paper), odd
 * @param kernel later layers' kernel size (3 in the paper), odd
 * @param headChannels width of the output head's hidden 1×1 layer
 * @param levels intensity levels per sub-pixel, 256 for 8-bit images
 * @param imageChannels 1 (gray) or 3 (RGB, predicted in R→G→B order)
 * @param height image height
 * @param width image width
 * @param conditioning what h holds
 * @param conditionSize the length K of h (the class count for {@link Conditioning#CLASS}); 0 when
 *     unconditional
 * @param form how h enters the gates; missing in older JSON, which means {@link
 *     ConditioningForm#GLOBAL}
 * @param mapChannels channels S of the spatial map {@code s = m(h)}; 0 without one
 * @param bottleneck the code size M of an {@link ModelType#AUTOENCODER}; 0 for other types
 * @param input how levels enter the first layer; missing in older JSON, which means {@link
 *     InputEncoding#FLOAT} (the builder's default for new models is {@link InputEncoding#EMBED})
 */
public record ModelConfig(
        ModelType type,
        int layers,
        int channels,
        int firstKernel,
        int kernel,
        int headChannels,
        int levels,
        int imageChannels,
        int height,
        int width,
        Conditioning conditioning,
        int conditionSize,
        ConditioningForm form,
        int mapChannels,
        int bottleneck,
        InputEncoding input) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public ModelConfig {
        if (type == null) {
            throw new BadInputException("model config: type is missing");
        }
        if (conditioning == null) {
            conditioning = Conditioning.NONE;
        }
        if (form == null) {
            form = ConditioningForm.GLOBAL;
        }
        if (input == null) {
            input = InputEncoding.FLOAT;
        }
        require(conditioning != Conditioning.CODE, "conditioning CODE names an auto-encoder's h; use the AUTOENCODER type");
        require(layers >= 1, "layers must be at least 1, got " + layers);
        require(channels >= 1, "channels must be positive, got " + channels);
        require(headChannels >= 1, "head channels must be positive, got " + headChannels);
        require(firstKernel >= 1 && firstKernel % 2 == 1, "first kernel must be odd, got " + firstKernel);
        require(kernel >= 1 && kernel % 2 == 1, "kernel must be odd, got " + kernel);
        require(type == ModelType.PIXELCNN || firstKernel >= 3, "the gated first kernel must be at least 3");
        require(levels >= 2 && levels <= 256, "levels must be in 2..256, got " + levels);
        require(
                imageChannels == 1 || imageChannels == 3,
                "image channels must be 1 or 3, got " + imageChannels);
        require(height >= 1 && width >= 1, "image size must be positive, got " + height + "x" + width);
        if (imageChannels == 3) {
            // Colour groups are channel index mod 3; both gate halves must split the same way.
            require(
                    channels % 3 == 0 && headChannels % 3 == 0,
                    "RGB models need channels and head channels divisible by 3, got "
                            + channels
                            + " and "
                            + headChannels);
        }
        if (conditioning == Conditioning.NONE) {
            require(conditionSize == 0, "an unconditional model has condition size 0");
        } else {
            require(conditionSize >= 1, "conditioning " + conditioning + " needs a size of at least 1");
        }
        if (type == ModelType.AUTOENCODER) {
            require(bottleneck >= 1, "the auto-encoder's bottleneck must be at least 1, got " + bottleneck);
            require(conditioning == Conditioning.NONE, "the auto-encoder makes its own h; conditioning must be NONE");
        } else {
            require(bottleneck == 0, "only the auto-encoder has a bottleneck");
        }
        if (form.spatial()) {
            require(type != ModelType.PIXELCNN, "spatial conditioning needs the gated model");
            require(
                    conditioning != Conditioning.NONE || type == ModelType.AUTOENCODER,
                    "spatial conditioning needs an h (conditioning or the auto-encoder)");
            require(mapChannels >= 1, "a spatial map needs at least 1 channel, got " + mapChannels);
        } else {
            require(mapChannels == 0, "map channels are for spatial conditioning only");
        }
    }

    /**
     * A builder for an image of {@code imageChannels × height × width}, with the paper's defaults
     * for the rest: the Gated PixelCNN of the reference architecture R (15 layers, 64 channels, a
     * 7×7 first and 3×3 later kernels, head 512, 256 levels), unconditional, h entering globally.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from every value of {@code base}. */
    public static Builder builder(ModelConfig base) {
        return new Builder(base);
    }

    /** A builder that starts from every value of this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The reference architecture R: 15 gated layers, 64 channels, head 512, 28×28 gray. */
    public static ModelConfig reference() {
        return builder().setImage(1, 28, 28).build();
    }

    /** An auto-encoder's decoder: the gated model conditioned on the M-vector code. */
    public ModelConfig decoder() {
        if (type != ModelType.AUTOENCODER) {
            throw new IllegalStateException("not an auto-encoder config: " + type);
        }
        return toBuilder().optType(ModelType.GATED).optConditioning(Conditioning.VECTOR, bottleneck).optBottleneck(0)
                .build();
    }

    public boolean isConditional() {
        return conditioning != Conditioning.NONE;
    }

    /**
     * Channels of the first layer's input: one per colour for {@link InputEncoding#FLOAT}; for
     * {@link InputEncoding#EMBED} {@code channels / colours} per colour, interleaved so that channel
     * {@code e·colours + c} belongs to colour c, the group {@link io.github.pixelcnn.nn.ConvMask}
     * gives it ({@code channel % colours}).
     */
    public int inputChannels() {
        return input == InputEncoding.EMBED ? embeddingWidth() * imageChannels : imageChannels;
    }

    /** The embedding's width per colour, {@code channels / colours}; 0 for float input. */
    public int embeddingWidth() {
        return input == InputEncoding.EMBED ? channels / imageChannels : 0;
    }

    /** Sub-pixels per image, C·H·W: the "dim" in bits/dim. */
    public int dims() {
        return imageChannels * height * width;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ModelConfig fromJson(String json) {
        return ConfigJson.parse(GSON, json, ModelConfig.class, "model config");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException("model config: " + message);
        }
    }

    /**
     * Named construction, DJL style: {@link #setImage} is required, every {@code opt…} has the
     * default named in {@link ModelConfig#builder()}; {@link #build()} checks the whole.
     */
    public static final class Builder {
        private ModelType type = ModelType.GATED;
        private int layers = 15;
        private int channels = 64;
        private int firstKernel = 7;
        private int kernel = 3;
        private int headChannels = 512;
        private int levels = 256;
        private int imageChannels;
        private int height;
        private int width;
        private Conditioning conditioning = Conditioning.NONE;
        private int conditionSize;
        private ConditioningForm form = ConditioningForm.GLOBAL;
        private int mapChannels;
        private int bottleneck;
        private InputEncoding input = InputEncoding.EMBED;

        private Builder() {}

        private Builder(ModelConfig c) {
            type = c.type;
            layers = c.layers;
            channels = c.channels;
            firstKernel = c.firstKernel;
            kernel = c.kernel;
            headChannels = c.headChannels;
            levels = c.levels;
            imageChannels = c.imageChannels;
            height = c.height;
            width = c.width;
            conditioning = c.conditioning;
            conditionSize = c.conditionSize;
            form = c.form;
            mapChannels = c.mapChannels;
            bottleneck = c.bottleneck;
            input = c.input;
        }

        /** The images modelled: 1 (gray) or 3 (RGB) channels of {@code height × width}. */
        public Builder setImage(int imageChannels, int height, int width) {
            this.imageChannels = imageChannels;
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder optType(ModelType type) {
            this.type = type;
            return this;
        }

        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /** The first layer's kernel and the later layers' kernel, both odd. */
        public Builder optKernels(int firstKernel, int kernel) {
            this.firstKernel = firstKernel;
            this.kernel = kernel;
            return this;
        }

        public Builder optHeadChannels(int headChannels) {
            this.headChannels = headChannels;
            return this;
        }

        public Builder optLevels(int levels) {
            this.levels = levels;
            return this;
        }

        /** What h holds and its length K ({@link Conditioning#NONE} takes 0). */
        public Builder optConditioning(Conditioning conditioning, int conditionSize) {
            this.conditioning = conditioning;
            this.conditionSize = conditionSize;
            return this;
        }

        /** How h enters the gates, with an S-channel map m(h) when spatial (0 otherwise). */
        public Builder optForm(ConditioningForm form, int mapChannels) {
            this.form = form;
            this.mapChannels = mapChannels;
            return this;
        }

        /**
         * A PixelCNN auto-encoder (§3.4) with an M-dimensional code: sets the type and leaves
         * conditioning to the code.
         */
        public Builder optAutoEncoder(int bottleneck) {
            this.type = ModelType.AUTOENCODER;
            this.conditioning = Conditioning.NONE;
            this.conditionSize = 0;
            this.bottleneck = bottleneck;
            return this;
        }

        /** The code size M; 0 for every type but the auto-encoder. */
        public Builder optBottleneck(int bottleneck) {
            this.bottleneck = bottleneck;
            return this;
        }

        /** How levels enter the first layer: {@link InputEncoding#EMBED} unless set. */
        public Builder optInput(InputEncoding input) {
            this.input = input;
            return this;
        }

        public ModelConfig build() {
            require(imageChannels != 0 || height != 0 || width != 0, "the image shape is required (setImage)");
            return new ModelConfig(type, layers, channels, firstKernel, kernel, headChannels, levels, imageChannels,
                    height, width, conditioning, conditionSize, form, mapChannels, bottleneck, input);
        }
    }
}
