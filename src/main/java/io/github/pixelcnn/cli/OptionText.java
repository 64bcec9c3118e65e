package io.github.pixelcnn.cli;

/**
 * Descriptions of the options that several commands share, so that one idea reads the same in
 * every command's help; {@code ${DEFAULT-VALUE}} is picocli's placeholder for the default.
 */
final class OptionText {
    static final String TEMPERATURE = "divides the logits before each draw; 1 samples the model itself, lower is"
            + " more conservative (default: ${DEFAULT-VALUE})";
    static final String SEED = "seed of every random draw: the same seed gives the same images (default: ${DEFAULT-VALUE})";
    static final String GRID = "image grid to write: .png, or .jpg/.jpeg for JPEG; missing folders are created";
    static final String SAMPLER = "cached (every model) or naive (one full forward pass per sub-pixel, the reference);"
            + " both give the same images for the same seed (default: cached)";
    static final String BATCH = "images per forward pass: more is faster and takes more memory (default: ${DEFAULT-VALUE})";
    static final String LIMIT = "read only the first N input images, 0 = all (default: ${DEFAULT-VALUE})";
    static final String SPLIT = "test or train (default: ${DEFAULT-VALUE})";
    static final String DATASET = "fashion-mnist, fashion-mnist:DIR, mnist:DIR, cifar10:DIR or folder:DIR";
    static final String INPUT = "IDX image file (labels from the sibling labels file), PNG/JPEG, or a folder of them";
    static final String PER_INPUT = "samples drawn per input image (default: ${DEFAULT-VALUE})";

    private OptionText() {}
}
