package io.github.pixelcnn.serve;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelCnnAutoEncoder;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.ood.Detector;
import io.github.pixelcnn.vq.VqVae;
import io.github.pixelcnn.vq.VqVaeConfig;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the page works on: a trained model, the class prior its checkpoint carries, a few test
 * images to pick from (or none), and the run directory to watch (or none).
 *
 * @param classPrior p(y) of the training split for a class model's marginal; null = uniform
 * @param testImages images offered to complete and, for the auto-encoder, to take a code from; null = none
 * @param runDir the run directory whose learning curve the training view shows; null = none
 * @param decoder for a prior over a VQ-VAE's codes, the VQ-VAE that turns its code maps into the
 *     images the page shows (sampling only); null = the model draws images itself
 * @param detector the score view's out-of-distribution verdict: background model and threshold;
 *     null = bits/dim only
 */
public record ServedModel(PixelModel model, NDManager manager, double[] classPrior, ImageDataset testImages,
        Path runDir, VqVae decoder, Detector detector) {

    /** Test images the page lists at most. */
    static final int MAX_TEST_IMAGES = 32;

    public ServedModel {
        if (testImages != null) {
            ModelConfig cfg = model.config();
            ImageInput.requireSize(testImages, testImages.name(), cfg.imageChannels(),
                    cfg.height(), cfg.width());
            testImages = testImages.head(Math.min(MAX_TEST_IMAGES, testImages.size()));
        }
    }

    /** A model that draws images itself, without an out-of-distribution detector. */
    public ServedModel(PixelModel model, NDManager manager, double[] classPrior, ImageDataset testImages,
            Path runDir) {
        this(model, manager, classPrior, testImages, runDir, null, null);
    }

    ModelConfig config() {
        return model.config();
    }

    /** The (C, H, W) of the images the page shows: the decoder's for a prior over codes, else the model's. */
    int[] imageShape() {
        if (decoder != null) {
            VqVaeConfig c = decoder.config();
            return new int[] {c.imageChannels(), c.height(), c.width()};
        }
        ModelConfig c = config();
        return new int[] {c.imageChannels(), c.height(), c.width()};
    }

    /** 400 for what a prior over codes cannot do on the page: it only samples. */
    void requireImageModel(String what, String command) {
        if (decoder != null) {
            throw new HttpError(400, "this is a prior over VQ-VAE codes: the page only samples it; for " + what
                    + " use " + command);
        }
    }

    Conditioning kind() {
        return Conditioning.of(config());
    }

    int classes() {
        return kind() == Conditioning.CLASS ? config().conditionSize() : 0;
    }

    /**
     * h for n images: the label for a class model, the code of {@code image} for the auto-encoder
     * (the code of one image, for all n), nothing for an unconditional model. Runs the encoder, so
     * call it with the model to oneself.
     *
     * @param label the class, or null
     * @param image one image, uint8 (C, H, W), or null
     */
    Condition condition(Integer label, byte[] image, int n) {
        Conditioning kind = kind();
        switch (kind) {
            case NONE -> {
                if (label != null) {
                    throw new HttpError(400, "this model is unconditional: it takes no class");
                }
                return Condition.none();
            }
            case CLASS -> {
                int k = classes();
                if (label == null || label < 0 || label >= k) {
                    throw new HttpError(400, "choose a class 0.." + (k - 1) + (label == null ? "" : ", got " + label));
                }
                return Condition.sameClass(label, n, k);
            }
            case CODE -> {
                if (image == null) {
                    throw new HttpError(400, "this auto-encoder draws from the code of an image: pick one");
                }
                return Condition.encode((PixelCnnAutoEncoder) model, image, 1, 1, manager).repeat(n);
            }
            default -> throw new HttpError(400, "this model is conditioned on " + kind.describe()
                    + ", which the page cannot give; use pixelcnn sample --vector-from");
        }
    }

    /** Test image i, uint8 (C, H, W), or 400. */
    byte[] testImage(int i) {
        if (testImages == null || i < 0 || i >= testImages.size()) {
            throw new HttpError(400, "no test image " + i + (testImages == null ? ": this server has none"
                    : "; there are " + testImages.size()));
        }
        int dims = config().dims();
        return Arrays.copyOfRange(testImages.pixels(), i * dims, (i + 1) * dims);
    }
}
