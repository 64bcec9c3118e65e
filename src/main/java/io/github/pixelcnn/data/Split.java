package io.github.pixelcnn.data;

/** Which half of a dataset to load: the images a model learns from, or the held-out ones it is scored on. */
public enum Split {
    TRAIN,
    TEST;

    /** Lower-case name for messages and file names, e.g. {@code "train"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
