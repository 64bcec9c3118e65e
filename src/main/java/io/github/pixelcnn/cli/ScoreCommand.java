package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageGrid;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.train.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pixelcnn score}: bits/dim per image as CSV, and optionally per-pixel NLL as heatmaps
 * and as raw float32 (N, C, H, W) with a JSON sidecar naming the shape.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score images: bits/dim per image, per-pixel negative log-likelihood.")
public final class ScoreCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;
    @Mixin ConditionOptions condition;

    @Option(names = "--input", required = true, description = "IDX image file, PNG/JPEG, or a folder of them") Path input;
    @Option(names = "--out", required = true, description = "CSV: index,label,bits_per_dim") Path out;
    @Option(names = "--heatmaps", description = "folder for heatmaps.png: each image beside its per-pixel NLL")
    Path heatmaps;
    @Option(names = "--per-pixel", description = "raw little-endian float32 NLL in nats, (N, C, H, W), + FILE.json")
    Path perPixel;
    @Option(names = "--batch", defaultValue = "64") int batch;
    @Option(names = "--limit", defaultValue = "0", description = "first N images only, 0 = all") int limit;

    @Override
    public Integer call() {
        if (batch < 1 || limit < 0) {
            throw new BadInputException("--batch must be >= 1 and --limit >= 0");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = ImageInput.read(input, mc.imageChannels(), mc.height(), mc.width());
        int n = limit == 0 ? data.size() : Math.min(limit, data.size());
        Scorer.Scores scores;
        try (NDManager manager = common.newManager()) {
            PixelModel model = ckpt.restoreModel(manager);
            ConditionSource h = condition.forScoring("score", ckpt, model, data, input.toString());
            scores = Scorer.score(model, data, h, n, batch, manager);
        }
        StringBuilder csv = new StringBuilder("index,label,bits_per_dim\n");
        for (int i = 0; i < n; i++) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%.6f%n", i, data.hasLabels() ? data.label(i) : "",
                    scores.bitsPerDim()[i]));
        }
        AtomicFile.write(out, s -> s.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
        if (perPixel != null) {
            ByteBuffer raw = ByteBuffer.allocate(scores.nats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(scores.nats());
            AtomicFile.write(perPixel, s -> s.write(raw.array()));
            String json = String.format(Locale.ROOT,
                    "{\"shape\": [%d, %d, %d, %d], \"dtype\": \"float32\", \"order\": \"NCHW\", \"byte_order\":"
                            + " \"little\", \"unit\": \"nats\"}%n",
                    n, mc.imageChannels(), mc.height(), mc.width());
            AtomicFile.write(Path.of(perPixel + ".json"), s -> s.write(json.getBytes(StandardCharsets.UTF_8)));
        }
        if (heatmaps != null) {
            writeHeatmaps(data, n, mc, scores.nats());
        }
        double mean = 0;
        for (double b : scores.bitsPerDim()) {
            mean += b / n;
        }
        System.out.printf(Locale.ROOT, "scored %d images: mean %.4f bits/dim (%s; %.1f images/s) -> %s%n",
                n, mean, condition.describeScoring(ckpt, mc, data), scores.imagesPerSecond(), out);
        return Main.OK;
    }

    /** Each image (as RGB) beside its NLL summed over channels, on one colour scale for all images. */
    private void writeHeatmaps(ImageDataset data, int n, ModelConfig mc, float[] nats) {
        try {
            Files.createDirectories(heatmaps);
        } catch (IOException e) {
            throw new UncheckedIOException(heatmaps + ": cannot create: " + e.getMessage(), e);
        }
        int plane = mc.height() * mc.width();
        int c = mc.imageChannels();
        float[] perPixel = new float[n * plane];
        float max = 1e-6f;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    perPixel[i * plane + p] += nats[(i * c + ch) * plane + p];
                }
            }
        }
        for (float v : perPixel) {
            max = Math.max(max, v);
        }
        byte[] grid = new byte[2 * n * 3 * plane];
        for (int i = 0; i < n; i++) {
            int image = 2 * i * 3 * plane;
            int map = image + 3 * plane;
            for (int ch = 0; ch < 3; ch++) {
                System.arraycopy(data.pixels(), (i * c + (c == 1 ? 0 : ch)) * plane, grid, image + ch * plane, plane);
            }
            for (int p = 0; p < plane; p++) {
                int rgb = heat(perPixel[i * plane + p] / max);
                grid[map + p] = (byte) (rgb >> 16);
                grid[map + plane + p] = (byte) (rgb >> 8);
                grid[map + 2 * plane + p] = (byte) rgb;
            }
        }
        ImageGrid.write(heatmaps.resolve("heatmaps.png"), grid, 2 * n, 3, mc.height(), mc.width(), 8, 4);
    }

    /** Black → red → yellow → white for 0 … 1: the NLL's anomaly colour scale. */
    static int heat(float t) {
        float v = Math.max(0, Math.min(1, t)) * 3;
        int r = (int) (255 * Math.min(1, v));
        int g = (int) (255 * Math.max(0, Math.min(1, v - 1)));
        int b = (int) (255 * Math.max(0, Math.min(1, v - 2)));
        return (r << 16) | (g << 8) | b;
    }
}
