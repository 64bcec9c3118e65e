package io.github.pixelcnn.repro;

import java.util.List;

/**
 * What one model of a reproduction reached, saved as {@code result.json} in its run directory once
 * trained and evaluated, so a reproduction run again does not repeat it.
 *
 * @param id the entry's id
 * @param model the entry's model name
 * @param conditioning the entry's h
 * @param rows the comparisons that use it
 * @param seed its seed
 * @param parameters parameter count
 * @param steps optimizer steps taken
 * @param epochs images seen divided by the training split's size
 * @param trainSeconds training time, summed over resumed sessions
 * @param trainBitsPerDim bits/dim on the first {@code trainImages} training images
 * @param trainImages training images evaluated
 * @param testBitsPerDim bits/dim on the first {@code testImages} test images
 * @param testImages test images evaluated
 */
public record ModelResult(
        String id,
        String model,
        String conditioning,
        List<String> rows,
        long seed,
        long parameters,
        long steps,
        double epochs,
        double trainSeconds,
        double trainBitsPerDim,
        int trainImages,
        double testBitsPerDim,
        int testImages) {}
