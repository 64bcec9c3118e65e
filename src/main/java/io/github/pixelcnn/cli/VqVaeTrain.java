package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.nn.Precision;
import io.github.pixelcnn.train.TrainConfig;
import io.github.pixelcnn.train.TrainState;
import io.github.pixelcnn.vq.VqEvaluation;
import io.github.pixelcnn.vq.VqListener;
import io.github.pixelcnn.vq.VqTraining;
import io.github.pixelcnn.vq.VqVaeConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code train --model vqvae}: the same run-directory flags as every model, the VQ-VAE's own
 * options, one {@link VqTraining}, progress lines and a summary out.
 */
final class VqVaeTrain {
    /** Seconds between progress lines. */
    private static final double PRINT_EVERY = 30;

    private VqVaeTrain() {}

    static int run(TrainCommand cmd, TrainConfig asked, VqOptions options) {
        cmd.common.requireFp32("the VQ-VAE trains in fp32");
        // --precision auto means bf16 for PixelCNNs on this CPU; the VQ-VAE's convolutions run in fp32,
        // and its config.json says so.
        TrainConfig config = asked.toBuilder().optPrecision(Precision.FP32).build();
        DataSource source = DataSource.parse(cmd.dataset).withResize(cmd.resize.forNewModel());
        ImageDataset train = source.load(Split.TRAIN);
        ImageDataset test = source.load(Split.TEST);
        VqVaeConfig model = cmd.resume && !options.anyGiven() ? null : options.config(train);
        try (NDManager manager = cmd.common.newManager();
                VqTraining run = VqTraining.builder().setDirectory(cmd.out).setData(train, test)
                        .setTrainConfig(config).optModel(model).optResume(cmd.resume).optOverwrite(cmd.overwrite)
                        .optListener(new Progress(System.out)).build(manager)) {
            TrainState at = run.state();
            if (run.resumed()) {
                System.out.printf(Locale.ROOT, "resuming %s at step %d (epoch %d)%n", run.directory().checkpoint(),
                        at.step(), at.epoch());
            }
            VqVaeConfig mc = run.model().config();
            System.out.printf(Locale.ROOT, "%s: %d train / %d test images %dx%dx%d; VQ-VAE with K=%d codes of D=%d"
                    + " on a %dx%d grid, %,d parameters; loss: MSE + %.2f x commitment, EMA codebook (decay %.3f)%n",
                    source.describe(), train.size(), test.size(), train.channels(), train.height(), train.width(),
                    mc.codes(), mc.codeDim(), mc.gridHeight(), mc.gridWidth(), run.model().parameterCount(), mc.beta(),
                    mc.decay());
            VqEvaluation end = run.train();
            TrainState state = run.state();
            System.out.printf(Locale.ROOT, "stopped at step %d, epoch %d; %s%n", state.step(), state.epoch(),
                    describe(end));
            System.out.println("run directory: " + Path.of(cmd.out.toString()).toAbsolutePath());
            return Main.OK;
        } finally {
            System.out.flush();
        }
    }

    static String describe(VqEvaluation e) {
        if (e == null) {
            return "stopped before an evaluation (resume to continue)";
        }
        return String.format(Locale.ROOT, "test reconstruction of %d images: PSNR %.2f dB (MSE %.2f on 0..255),"
                + " codebook perplexity %.1f, %d codes used", e.images(), e.psnr(), e.meanSquaredError(),
                e.perplexity(), e.codesUsed());
    }

    /** A line every {@link #PRINT_EVERY} seconds and one per evaluation. */
    private static final class Progress implements VqListener {
        private final PrintStream out;
        private long lastPrint = System.nanoTime();
        private double error;
        private double commitment;
        private double perplexity;
        private int restarted;
        private int steps;

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onStep(long step, int epoch, double reconstructionError, double commitmentLoss,
                double stepPerplexity, int stepRestarted, double imagesPerSecond) {
            error += reconstructionError;
            commitment += commitmentLoss;
            perplexity += stepPerplexity;
            restarted += stepRestarted;
            steps++;
            if ((System.nanoTime() - lastPrint) / 1e9 >= PRINT_EVERY || step == 1) {
                out.printf(Locale.ROOT, "step %d (epoch %d): reconstruction MSE %.4f (PSNR %.2f dB), commitment %.4f,"
                        + " perplexity %.1f, %d codes restarted, %.0f images/s%n", step, epoch, error / steps,
                        VqEvaluation.psnr(error / steps * 127.5 * 127.5), commitment / steps, perplexity / steps,
                        restarted, imagesPerSecond);
                out.flush();
                error = 0;
                commitment = 0;
                perplexity = 0;
                restarted = 0;
                steps = 0;
                lastPrint = System.nanoTime();
            }
        }

        @Override
        public void onEvaluation(long step, int epoch, VqEvaluation evaluation) {
            out.printf(Locale.ROOT, "epoch %d, step %d: %s%n", epoch, step, describe(evaluation));
            out.flush();
        }
    }
}
