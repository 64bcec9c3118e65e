package io.github.pixelcnn.model;

/** What the conditioning vector h of the paper's §2.3 holds. */
public enum Conditioning {
    /** No h: an unconditional model. */
    NONE,
    /** h = one-hot(class label); its size is the number of classes. */
    CLASS,
    /** h is any float vector given per image, such as an embedding. */
    VECTOR,
    /**
     * h is an auto-encoder's code (§3.4), computed by its encoder. Only a {@link Condition} has this
     * kind: a model config names the auto-encoder by its type, not by a conditioning.
     */
    CODE;

    /** The kind of h a model of this config takes. */
    public static Conditioning of(ModelConfig config) {
        return config.type() == ModelType.AUTOENCODER ? CODE : config.conditioning();
    }

    /** How messages name the kind, e.g. "class labels". */
    public String describe() {
        return switch (this) {
            case NONE -> "no h";
            case CLASS -> "class labels";
            case VECTOR -> "vectors";
            case CODE -> "auto-encoder codes";
        };
    }
}
