package io.github.pixelcnn.model;

/**
 * Where h enters the gates (§2.3): as one bias per channel for the whole image (eq. 4), as a
 * location-dependent map {@code s = m(h)} through 1×1 convolutions (eq. 5), or both summed.
 */
public enum ConditioningForm {
    /** {@code V^T h}, the same at every position (eq. 4). */
    GLOBAL,
    /** {@code V * m(h)}, a spatial map from a deconvolutional network (eq. 5). */
    SPATIAL,
    /** Both terms added to each gate. */
    BOTH;

    public boolean global() {
        return this != SPATIAL;
    }

    public boolean spatial() {
        return this != GLOBAL;
    }
}
