package io.github.pixelcnn.pretrained;

import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import java.util.Locale;

/**
 * What a pretrained model's sidecar {@code NAME.json} records: where it came from and the figures
 * a user (and {@code PretrainedModelsTest}) can check it against.
 *
 * @param name the name {@code --pretrained} takes
 * @param dataset the data source it was trained and evaluated on, e.g. {@code fashion-mnist}
 * @param data the training images' name, count and CRC-32, as the run recorded them
 * @param command the command that trained it
 * @param model its architecture in words
 * @param parameters parameter count
 * @param steps optimizer steps trained
 * @param trainingSeconds training time, summed over resumed sessions
 * @param seed the run's seed
 * @param testBitsPerDim bits/dim on the whole test split
 * @param testImages images of the test split
 * @param checkBitsPerDim bits/dim on the first {@code checkImages} test images: the quick check
 * @param checkImages images of that check, 500 (fewer when the split is smaller)
 * @param cpu the CPU that exported it and measured these figures
 * @param decoder for a prior over a VQ-VAE's codes: the pretrained VQ-VAE that encodes its data and
 *     decodes its samples (its bits/dim are bits per code of that VQ-VAE's test code maps); null otherwise
 * @param testPsnr for a VQ-VAE: the reconstruction's PSNR in dB on the whole test split, its figure
 *     in place of bits/dim (which are then NaN); null otherwise
 * @param checkPsnr for a VQ-VAE: the PSNR on the first {@code checkImages} test images; null otherwise
 */
public record ModelCard(
        String name,
        String dataset,
        String data,
        String command,
        String model,
        long parameters,
        long steps,
        double trainingSeconds,
        long seed,
        double testBitsPerDim,
        int testImages,
        double checkBitsPerDim,
        int checkImages,
        String cpu,
        String decoder,
        Double testPsnr,
        Double checkPsnr) {
    /** The test images of the quick check that the card records and its test repeats. */
    public static final int CHECK_IMAGES = 500;

    /** "Gated PixelCNN, 15 layers × 64 channels, head 512, class-conditional". */
    public static String describe(ModelConfig c) {
        String type = switch (c.type()) {
            case GATED -> "Gated PixelCNN";
            case PIXELCNN -> "masked PixelCNN";
            case AUTOENCODER -> "PixelCNN auto-encoder (M = " + c.bottleneck() + ")";
        };
        String h = c.type() == ModelType.AUTOENCODER ? "its own code"
                : switch (c.conditioning()) {
                    case NONE -> "unconditional";
                    case CLASS -> "class-conditional (" + c.conditionSize() + " classes)";
                    case VECTOR, CODE -> "conditioned on " + c.conditionSize() + "-vectors";
                };
        String form = c.type() == ModelType.AUTOENCODER || c.isConditional()
                ? ", " + c.form().name().toLowerCase(Locale.ROOT) + " h" : "";
        return String.format(Locale.ROOT, "%s, %d layers × %d channels, head %d, %s%s", type, c.layers(), c.channels(),
                c.headChannels(), h, form);
    }
}
