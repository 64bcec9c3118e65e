package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.ood.Detector;
import io.github.pixelcnn.ood.OodScorer;
import io.github.pixelcnn.ood.Threshold;
import io.github.pixelcnn.serve.PixelServer;
import io.github.pixelcnn.serve.ServedModel;
import io.github.pixelcnn.train.Checkpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pixelcnn serve}: a local web page to sample, complete and score live ({@link PixelServer}).
 * Runs until Ctrl-C (exit 130) or SIGTERM (143); a shutdown hook stops the server and removes
 * its upload folder.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a local web page that samples, completes and scores images live.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on; 0 picks a free one"
            + " (default: ${DEFAULT-VALUE})") int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on; anything but"
            + " loopback lets other machines use the page (default: ${DEFAULT-VALUE})") String host;
    @Option(names = "--images", description = "images to offer for completion (IDX, PNG or a folder; default:"
            + " the test split of the model's data when it is here: a pretrained model's dataset, or a run's IDX"
            + " folder; else none)") Path images;
    @Option(names = "--decoder", description = "with --prior: the VQ-VAE that turns the prior's code maps into images;"
            + " the page then samples only (default: none, the model draws images itself)") String decoder;
    @Option(names = "--background", paramLabel = "MODEL", description = "score view: a background model (train"
            + " --perturb; a pretrained name, run directory or checkpoint) for the likelihood ratio and its per-pixel"
            + " map (default: none)") String background;
    @Option(names = "--threshold", paramLabel = "FILE", description = "score view: flag uploads with this"
            + " threshold (from ood --calibrate) (default: none)") Path threshold;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be in 0..65535, got " + port);
        }
        InetAddress address = address(host);
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        Path runDir = source.runDirectory();
        ImageDataset tests = images != null
                ? ImageInput.read(images, mc.imageChannels(), mc.height(), mc.width())
                : source.source().testImages(mc).orElse(null);
        Checkpoint bg = background == null ? null : Checkpoint.read(BackgroundModel.checkpoint(background));
        Threshold rule = threshold == null ? null : Threshold.read(threshold);
        if (rule != null) {
            rule.requireModels(Threshold.crc32(source.checkpointPath()),
                    background == null ? null : Threshold.crc32(BackgroundModel.checkpoint(background)), threshold);
        }
        if (bg != null) {
            OodScorer.requireSameImages(mc, bg.config());
        }
        NDManager manager = common.newManager();
        PixelModel model = common.inPrecision(ckpt.restoreModel(manager));
        if ((decoder != null || source.isPrior()) && (bg != null || rule != null)) {
            throw new BadInputException("--background and --threshold score images; a prior over VQ-VAE codes only"
                    + " samples on the page: drop them or --decoder");
        }
        Detector detector = bg == null && rule == null ? null
                : new Detector(bg == null ? null : common.inPrecision(bg.restoreModel(manager)),
                        bg == null ? null : bg.classPrior(), rule);
        ServedModel served = decoder != null || source.isPrior()
                ? VqSample.served(model, source, decoder, manager, ckpt.classPrior(), runDir)
                : new ServedModel(model, manager, ckpt.classPrior(), tests, runDir, null, detector);
        PixelServer server = PixelServer.start(served, new InetSocketAddress(address, port), PixelServer.Limits.DEFAULT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-stop"));
        if (!address.isLoopbackAddress()) {
            System.err.println("pixelcnn: warning: listening on " + host
                    + ", so anyone who can reach this machine can use the page and its model");
        }
        System.out.println("serving " + mc.type().toString().toLowerCase(Locale.ROOT) + " model at "
                + server.uri() + " (Ctrl-C stops)");
        System.out.flush();
        stopped.await();
        return Main.OK;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new BadInputException("--host " + host + ": unknown host");
        }
    }
}
