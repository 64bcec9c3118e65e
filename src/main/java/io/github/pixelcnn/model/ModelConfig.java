package io.github.pixelcnn.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.github.pixelcnn.BadInputException;

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
        int bottleneck) {

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

    /** A config with global conditioning only, as before spatial maps existed. */
    public ModelConfig(
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
            int conditionSize) {
        this(type, layers, channels, firstKernel, kernel, headChannels, levels, imageChannels, height, width,
                conditioning, conditionSize, ConditioningForm.GLOBAL, 0, 0);
    }

    /** The paper's gated model with its default kernels (7×7 first, 3×3 after) and a 256-level head. */
    public static ModelConfig gated(
            int layers, int channels, int headChannels, int imageChannels, int height, int width) {
        return new ModelConfig(
                ModelType.GATED,
                layers,
                channels,
                7,
                3,
                headChannels,
                256,
                imageChannels,
                height,
                width,
                Conditioning.NONE,
                0);
    }

    /** The reference architecture R: 15 gated layers, 64 channels, head 512, 28×28 gray. */
    public static ModelConfig reference() {
        return gated(15, 64, 512, 1, 28, 28);
    }

    public ModelConfig withType(ModelType t) {
        return new ModelConfig(
                t, layers, channels, firstKernel, kernel, headChannels, levels, imageChannels, height,
                width, conditioning, conditionSize, form, mapChannels, bottleneck);
    }

    public ModelConfig withKernels(int first, int later) {
        return new ModelConfig(
                type, layers, channels, first, later, headChannels, levels, imageChannels, height,
                width, conditioning, conditionSize, form, mapChannels, bottleneck);
    }

    public ModelConfig withConditioning(Conditioning kind, int size) {
        return new ModelConfig(
                type, layers, channels, firstKernel, kernel, headChannels, levels, imageChannels,
                height, width, kind, size, form, mapChannels, bottleneck);
    }

    /** The same model with h entering as {@code form}, with an S-channel map when spatial. */
    public ModelConfig withForm(ConditioningForm f, int channelsOfMap) {
        return new ModelConfig(
                type, layers, channels, firstKernel, kernel, headChannels, levels, imageChannels,
                height, width, conditioning, conditionSize, f, channelsOfMap, bottleneck);
    }

    /** A PixelCNN auto-encoder (§3.4) with an M-dimensional code and this config's decoder. */
    public ModelConfig asAutoEncoder(int m) {
        return new ModelConfig(
                ModelType.AUTOENCODER, layers, channels, firstKernel, kernel, headChannels, levels,
                imageChannels, height, width, Conditioning.NONE, 0, form, mapChannels, m);
    }

    /** An auto-encoder's decoder: the gated model conditioned on the M-vector code. */
    public ModelConfig decoder() {
        if (type != ModelType.AUTOENCODER) {
            throw new IllegalStateException("not an auto-encoder config: " + type);
        }
        return new ModelConfig(
                ModelType.GATED, layers, channels, firstKernel, kernel, headChannels, levels,
                imageChannels, height, width, Conditioning.VECTOR, bottleneck, form, mapChannels, 0);
    }

    public boolean isConditional() {
        return conditioning != Conditioning.NONE;
    }

    /** Sub-pixels per image, C·H·W: the "dim" in bits/dim. */
    public int dims() {
        return imageChannels * height * width;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static ModelConfig fromJson(String json) {
        try {
            ModelConfig c = GSON.fromJson(json, ModelConfig.class);
            if (c == null) {
                throw new BadInputException("model config: empty JSON");
            }
            return c;
        } catch (RuntimeException e) {
            // Gson wraps the compact constructor's own BadInputException; surface that one.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BadInputException bad) {
                    throw bad;
                }
            }
            if (!(e instanceof JsonParseException)) {
                throw e;
            }
            throw new BadInputException("model config: not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException("model config: " + message);
        }
    }
}
