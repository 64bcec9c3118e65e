package io.github.pixelcnn.ood;

import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.Seeds;
import java.util.SplittableRandom;

/**
 * The input perturbation that trains a background model (Ren et al. 2019, "Likelihood Ratios for
 * Out-of-Distribution Detection", Section 3): each sub-pixel is replaced, with probability μ, by a
 * level drawn uniformly from {@code 0 … levels-1}. Trained on such inputs, a model learns the
 * population's low-level statistics but not its semantics, so {@code log p(x) - log p_background(x)}
 * keeps what is specific to the data.
 *
 * <p>The draws of a batch depend on the seed and the step number only, so a resumed run perturbs
 * its remaining batches exactly as an uninterrupted one would.
 *
 * @param mu the replacement probability, in [0, 1); 0 = no perturbation
 */
public record Perturbation(double mu) {
    public Perturbation {
        if (!(mu >= 0 && mu < 1)) {
            throw new BadParameterException("perturb", "must be in [0, 1), got " + mu);
        }
    }

    /** Whether this perturbation changes anything. */
    public boolean active() {
        return mu > 0;
    }

    /**
     * A perturbed copy of {@code pixels} (uint8 levels, any layout) for optimizer step {@code step}
     * of a run with {@code seed}; the input is not modified.
     */
    public byte[] apply(byte[] pixels, int levels, long seed, long step) {
        byte[] out = pixels.clone();
        if (!active()) {
            return out;
        }
        // A stream of its own, apart from the batch order's: the same seed must not correlate them.
        SplittableRandom random = new SplittableRandom(Seeds.forImage(seed ^ 0x5045525455524245L, step));
        for (int i = 0; i < out.length; i++) {
            if (random.nextDouble() < mu) {
                out[i] = (byte) random.nextInt(levels);
            }
        }
        return out;
    }
}
