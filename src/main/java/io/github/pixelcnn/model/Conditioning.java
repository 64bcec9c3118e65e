package io.github.pixelcnn.model;

/** What the conditioning vector h of the paper's §2.3 holds. */
public enum Conditioning {
    /** No h: an unconditional model. */
    NONE,
    /** h = one-hot(class label); its size is the number of classes. */
    CLASS,
    /** h is any float vector given per image, such as an embedding. */
    VECTOR
}
