package io.github.pixelcnn.model;

/** The network families this library builds. */
public enum ModelType {
    /** The original PixelCNN of van den Oord et al. 2016a: masked convolutions, with a blind spot. */
    PIXELCNN,
    /** The Gated PixelCNN of arXiv 1606.05328 §2.1–2.2: vertical and horizontal stacks. */
    GATED,
    /** A convolutional encoder and a Gated PixelCNN decoder conditioned on its code (§3.4). */
    AUTOENCODER
}
