package io.github.pixelcnn.vq;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Completion;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.file.Path;

/**
 * A PixelCNN prior over a VQ-VAE's code maps with the VQ-VAE that decodes them: the paper's
 * two-stage generator (§3.2 of the VQ-VAE paper). The prior is an ordinary (Gated) PixelCNN over K
 * levels on the {@code h × w} grid, so its samplers, scores and checkpoints are the pixel model's;
 * this class only checks that the two fit and runs codes through the decoder.
 *
 * <pre>{@code
 * try (NDManager m = NDManager.newBaseManager();
 *         CodePrior gen = CodePrior.load(Path.of("prior/checkpoint.ckpt"), Path.of("vqvae/checkpoint.ckpt"), m)) {
 *     byte[] images = gen.sampleClass(3, 10, 1f, 42, m); // 10 dresses, uint8 (10, 1, 28, 28)
 * }
 * }</pre>
 */
public final class CodePrior implements AutoCloseable {
    private static final int DECODE_BATCH = 256;

    private final PixelModel prior;
    private final VqVae vqvae;

    /**
     * @throws io.github.pixelcnn.BadInputException when the prior's K or grid differ from the VQ-VAE's
     */
    public CodePrior(PixelModel prior, VqVae vqvae, String priorName, String vqvaeName) {
        ModelConfig p = prior.config();
        CodeMaps.requireFits(vqvae.config(), p.levels(), p.imageChannels(), p.height(), p.width(), priorName,
                vqvaeName);
        this.prior = prior;
        this.vqvae = vqvae;
    }

    /** Loads both from their checkpoints into {@code manager}, after checking that they fit. */
    public static CodePrior load(Path priorCheckpoint, Path vqvaeCheckpoint, NDManager manager) {
        Checkpoint p = Checkpoint.read(priorCheckpoint);
        VqCheckpoint v = VqCheckpoint.read(vqvaeCheckpoint);
        ModelConfig pc = p.config();
        CodeMaps.requireFits(v.config(), pc.levels(), pc.imageChannels(), pc.height(), pc.width(),
                priorCheckpoint.toString(), vqvaeCheckpoint.toString());
        return new CodePrior(p.restoreModel(manager), v.restore(manager), priorCheckpoint.toString(),
                vqvaeCheckpoint.toString());
    }

    public PixelModel prior() {
        return prior;
    }

    public VqVae vqvae() {
        return vqvae;
    }

    /**
     * Draws n code maps given h with {@code sampler} (null: the prior's cached sampler): uint8
     * (N, 1, h, w) flattened, each value a code.
     */
    public byte[] sampleCodes(Condition condition, int n, float temperature, long seed, Sampler sampler,
            NDManager manager) {
        Sampler chosen = sampler == null ? Sampler.forModel(prior) : sampler;
        return chosen.sample(prior, condition, n, temperature, seed, manager);
    }

    /** Decodes code maps (uint8 (N, 1, h, w) flattened) to images, uint8 (N, C, H, W) flattened. */
    public byte[] decode(byte[] codeMaps, NDManager manager) {
        int[] maps = new int[codeMaps.length];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = codeMaps[i] & 0xFF;
        }
        return CodeMaps.decode(vqvae, maps, DECODE_BATCH, manager);
    }

    /** n images given h: code maps drawn by the cached sampler, then decoded. */
    public byte[] sample(Condition condition, int n, float temperature, long seed, NDManager manager) {
        return decode(sampleCodes(condition, n, temperature, seed, null, manager), manager);
    }

    /** From class to images in one call: n images of class {@code label}, uint8 (N, C, H, W) flattened. */
    public byte[] sampleClass(int label, int n, float temperature, long seed, NDManager manager) {
        return sample(Condition.sameClass(label, n, prior.config().conditionSize()), n, temperature, seed, manager);
    }

    /**
     * Completion on code maps: the code rows above {@code keepRows} of each map are kept, the rest
     * are drawn by the prior ({@code completions} per input), and every map is decoded.
     *
     * @param maps count code maps, uint8 (N, 1, h, w) flattened, e.g. {@link #encode}'s of images
     * @param condition h of each input (e.g. its class), or none for an unconditional prior
     * @return the decoded completions, (count·completions, C, H, W), input-major
     */
    public byte[] complete(byte[] maps, int count, int keepRows, int completions, Condition condition,
            float temperature, long seed, Sampler sampler, NDManager manager) {
        ModelConfig p = prior.config();
        boolean[] keep = Completion.keepRows(keepRows, p.height(), p.width());
        Completion completion = new Completion(p, maps, count, keep, completions);
        Sampler chosen = sampler == null ? Sampler.forModel(prior) : sampler;
        return decode(completion.run(chosen, prior, condition, temperature, seed, manager), manager);
    }

    /** The code maps of count images, uint8 (N, 1, h, w) flattened. */
    public byte[] encode(byte[] images, int count, NDManager manager) {
        VqVaeConfig c = vqvae.config();
        int[] maps = CodeMaps.encode(vqvae, io.github.pixelcnn.data.ImageDataset.unlabeled("inputs",
                java.util.Arrays.copyOf(images, count * c.imageChannels() * c.height() * c.width()), count,
                c.imageChannels(), c.height(), c.width()), DECODE_BATCH, manager).maps();
        byte[] out = new byte[maps.length];
        for (int i = 0; i < maps.length; i++) {
            out[i] = (byte) maps[i];
        }
        return out;
    }

    @Override
    public void close() {
        vqvae.close();
    }
}
