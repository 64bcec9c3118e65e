package io.github.pixelcnn.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.cli.Main;
import io.github.pixelcnn.cli.TinyIdx;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the serve tests share: a tiny class-conditional run trained through the CLI on 8×8 IDX
 * stripes, a server over it, and an SSE reader.
 */
final class ServeFixtures {
    private ServeFixtures() {}

    /** Writes train and t10k splits of 8×8 stripes, labels 0..2, into {@code dir}. */
    /** 48 training and 12 test images of 8x8 label-dependent stripes. */
    static Path dataset(Path dir) {
        return TinyIdx.write(dir, 48, 12);
    }

    /** A run trained for a few steps with {@code pixelcnn train} into {@code tmp/run}. */
    static Path trainedRun(Path tmp) {
        Path data = dataset(tmp.resolve("data"));
        Path run = tmp.resolve("run");
        int code = Main.run("train", "--dataset", "mnist:" + data, "--layers", "2", "--channels", "8", "--head", "16",
                "--batch", "16", "--lr", "0.01", "--seed", "3", "--steps", "4", "--out", run.toString());
        assertThat(code).as("train exit code").isZero();
        return run;
    }

    /** The run's model with its test split, as {@code serve --run} builds it. */
    static ServedModel served(Path run, NDManager manager) {
        Checkpoint ckpt = Checkpoint.read(run.resolve("checkpoint.ckpt"));
        PixelModel model = ckpt.restoreModel(manager);
        var tests = io.github.pixelcnn.data.ImageInput.read(run.resolveSibling("data").resolve("t10k-images-idx3-ubyte.gz"),
                1, 8, 8);
        return new ServedModel(model, manager, ckpt.classPrior(), tests, run);
    }

    /**
     * An untrained gray 28×28 model big enough that a 16-image run takes a while (about a
     * second on two cores), so a test can act while it draws.
     */
    static ServedModel slow(NDManager manager) {
        ModelConfig cfg = ModelConfig.builder().setImage(1, 28, 28).optLayers(4).optChannels(32).optKernels(5, 3)
                .optHeadChannels(64).optConditioning(Conditioning.NONE, 0).build();
        Engine.getInstance().setRandomSeed(5);
        PixelModel model = PixelModel.create(cfg);
        model.initialize(manager);
        return new ServedModel(model, manager, null, null, null);
    }

    /** One server-sent event. */
    record Event(String name, String data) {}

    /** Parses a whole text/event-stream body. */
    static List<Event> events(String body) {
        List<Event> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (name != null) {
                out.add(new Event(name, data.toString()));
            }
        }
        return out;
    }

    static HttpResponse<String> get(HttpClient client, URI uri) {
        return send(client, HttpRequest.newBuilder(uri).GET().build());
    }

    static HttpResponse<String> post(HttpClient client, URI uri, String type, byte[] body) {
        return send(client, HttpRequest.newBuilder(uri).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A PNG of a gray image. */
    static byte[] png(int width, int height) {
        var image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
