package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.pretrained.ModelsFolder;
import io.github.pixelcnn.sample.Completion;
import io.github.pixelcnn.sample.Sampler;
import io.github.pixelcnn.serve.ServedModel;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.vq.CodeMaps;
import io.github.pixelcnn.vq.CodePrior;
import io.github.pixelcnn.vq.VqCheckpoint;
import io.github.pixelcnn.vq.VqVaeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code sample} and {@code complete} with {@code --prior RUN --decoder RUN}: codes drawn by the prior, images by the VQ-VAE. */
final class VqSample {
    private VqSample() {}

    static int sample(SampleCommand cmd) {
        if (cmd.n < 1) {
            throw new BadInputException("--n must be at least 1");
        }
        Checkpoint priorCk = priorCheckpoint(cmd.source, cmd.decoder);
        Path decoderPath = decoderCheckpoint(cmd.decoder);
        VqCheckpoint vq = VqCheckpoint.read(decoderPath);
        ModelConfig pc = priorCk.config();
        CodeMaps.requireFits(vq.config(), pc.levels(), pc.imageChannels(), pc.height(), pc.width(),
                cmd.source.checkpointPath().toString(), decoderPath.toString());
        ConditionOptions.Draw draw = cmd.condition.forSampling(pc, cmd.n);
        VqVaeConfig vc = vq.config();
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = cmd.common.newManager()) {
            Path grid = Outputs.image(outputs, cmd.out);
            Seeds.seedEngine(cmd.seed);
            PixelModel prior = cmd.common.inPrecision(priorCk.restoreModel(manager));
            try (CodePrior generator = new CodePrior(prior, vq.restore(manager), cmd.source.checkpointPath().toString(),
                    decoderPath.toString())) {
                Sampler sampler = cmd.sampler == null ? Sampler.forModel(prior) : Sampler.named(cmd.sampler, prior);
                long start = System.nanoTime();
                byte[] codes = generator.sampleCodes(draw.condition(), draw.count(), cmd.temperature, cmd.seed, sampler,
                        manager);
                long drawn = System.nanoTime();
                byte[] images = generator.decode(codes, manager);
                long decoded = System.nanoTime();
                ImageGrid.write(grid, images, draw.count(), vc.imageChannels(), vc.height(), vc.width(), draw.columns(),
                        2);
                outputs.commit();
                System.out.printf(Locale.ROOT, "wrote %d samples (%s) to %s: %dx%d code maps drawn in %.2f s,"
                        + " decoded in %.2f s (%.2f s in all)%n", draw.count(), draw.given(), cmd.out, pc.height(),
                        pc.width(), (drawn - start) / 1e9, (decoded - drawn) / 1e9, (decoded - start) / 1e9);
            }
        }
        return Main.OK;
    }

    static int complete(CompleteCommand cmd) {
        cmd.applyOldNames();
        if (cmd.completions < 1 || cmd.limit < 1) {
            throw new BadInputException("--per-input and --limit must be at least 1");
        }
        if (cmd.mask != null) {
            throw new BadInputException("--mask does not apply to code maps; give --keep-rows (code rows kept)");
        }
        Checkpoint priorCk = priorCheckpoint(cmd.source, cmd.decoder);
        Path decoderPath = decoderCheckpoint(cmd.decoder);
        VqCheckpoint vq = VqCheckpoint.read(decoderPath);
        ModelConfig pc = priorCk.config();
        VqVaeConfig vc = vq.config();
        CodeMaps.requireFits(vc, pc.levels(), pc.imageChannels(), pc.height(), pc.width(),
                cmd.source.checkpointPath().toString(), decoderPath.toString());
        ImageDataset data = ImageInput.read(cmd.input, vc.imageChannels(), vc.height(), vc.width(),
                cmd.resize.forSize(vc.height(), vc.width()).scales());
        int inputs = Math.min(cmd.limit, data.size());
        int keepRows = cmd.keepRows == null ? pc.height() / 2 : cmd.keepRows;
        Completion.keepRows(keepRows, pc.height(), pc.width()); // refuses a count outside the grid before any work
        try (OutputFiles outputs = new OutputFiles(); NDManager manager = cmd.common.newManager()) {
            Path grid = Outputs.image(outputs, cmd.out);
            Seeds.seedEngine(cmd.seed);
            PixelModel prior = cmd.common.inPrecision(priorCk.restoreModel(manager));
            try (CodePrior generator = new CodePrior(prior, vq.restore(manager), cmd.source.checkpointPath().toString(),
                    decoderPath.toString())) {
                byte[] maps = generator.encode(data.pixels(), inputs, manager);
                Condition h = cmd.condition.forCompletion(prior, data, cmd.input, maps, inputs, manager);
                Sampler sampler = cmd.sampler == null ? Sampler.forModel(prior) : Sampler.named(cmd.sampler, prior);
                long start = System.nanoTime();
                byte[] filled = generator.complete(maps, inputs, keepRows, cmd.completions, h,
                        cmd.temperature, cmd.seed, sampler, manager);
                double seconds = (System.nanoTime() - start) / 1e9;
                int dims = vc.imageChannels() * vc.height() * vc.width();
                int cols = cmd.completions + 2;
                byte[] rows = new byte[inputs * cols * dims];
                byte[] reconstructed = generator.decode(maps, manager);
                int hiddenFrom = keepRows * (vc.height() / pc.height()) * vc.width();
                for (int i = 0; i < inputs; i++) {
                    int row = i * cols * dims;
                    System.arraycopy(data.pixels(), i * dims, rows, row, dims);
                    System.arraycopy(reconstructed, i * dims, rows, row + dims, dims);
                    for (int c = 0; c < vc.imageChannels(); c++) {
                        int plane = vc.height() * vc.width();
                        java.util.Arrays.fill(rows, row + dims + c * plane + hiddenFrom, row + dims + (c + 1) * plane,
                                Completion.HIDDEN);
                    }
                    System.arraycopy(filled, i * cmd.completions * dims, rows, row + 2 * dims, cmd.completions * dims);
                }
                ImageGrid.write(grid, rows, inputs * cols, vc.imageChannels(), vc.height(), vc.width(), cols, 2);
                outputs.commit();
                System.out.printf(Locale.ROOT, "wrote %d inputs x %d completions to %s (%.1f s): per row the input,"
                        + " its reconstruction from the kept %d of %d code rows (the rest gray), then the completions%n",
                        inputs, cmd.completions, cmd.out, seconds, keepRows, pc.height());
            }
        }
        return Main.OK;
    }

    /** What {@code serve --prior --decoder} serves: the prior with its decoder, no test images (the page only samples). */
    static ServedModel served(PixelModel prior, ModelSource source, String decoder, NDManager manager,
            double[] classPrior, Path runDir) {
        priorCheckpoint(source, decoder);
        Path decoderPath = decoderCheckpoint(decoder);
        VqCheckpoint vq = VqCheckpoint.read(decoderPath);
        ModelConfig pc = prior.config();
        CodeMaps.requireFits(vq.config(), pc.levels(), pc.imageChannels(), pc.height(), pc.width(),
                source.checkpointPath().toString(), decoderPath.toString());
        return new ServedModel(prior, manager, classPrior, null, runDir, vq.restore(manager), null);
    }

    private static Checkpoint priorCheckpoint(ModelSource source, String decoder) {
        if (decoder == null) {
            throw new BadInputException("--prior needs --decoder: the VQ-VAE that turns its codes into images");
        }
        Path path = source.checkpointPath();
        if (VqCheckpoint.isVqCheckpoint(path)) {
            throw new BadInputException(path + " is a VQ-VAE, not a prior over its codes; give it as --decoder and"
                    + " the prior as --prior");
        }
        return Checkpoint.read(path);
    }

    /** --decoder names a run directory, a checkpoint file or a pretrained model. */
    private static Path decoderCheckpoint(String decoder) {
        Path given = Path.of(decoder);
        if (Files.isDirectory(given)) {
            Path p = given.resolve("checkpoint.ckpt");
            if (!Files.exists(p)) {
                throw new BadInputException(p + ": no checkpoint there; train the VQ-VAE first (train --model vqvae)");
            }
            return p;
        }
        if (Files.isRegularFile(given)) {
            return given;
        }
        return ModelsFolder.locate().checkpoint(decoder);
    }
}
