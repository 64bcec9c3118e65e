package io.github.pixelcnn.cli;

import static io.github.pixelcnn.cli.OptionText.BATCH;
import static io.github.pixelcnn.cli.OptionText.INPUT;
import static io.github.pixelcnn.cli.OptionText.LIMIT;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.eval.Heatmaps;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.ood.OodScorer;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    @Option(names = "--input", required = true, description = INPUT) Path input;
    @Mixin ResizeOption resize;
    @Option(names = "--out", required = true, description = "CSV to write: index,label,bits_per_dim (named .csv)")
    Path out;
    @Option(names = "--heatmaps", description = "folder for heatmaps.png, each image beside its per-pixel NLL;"
            + " past " + Heatmaps.PER_PAGE + " images, pages heatmaps-001.png, … (default: none)")
    Path heatmaps;
    @Option(names = "--per-pixel", description = "raw little-endian float32 NLL in nats, (N, C, H, W), + FILE.json"
            + " (default: none)")
    Path perPixel;
    @Option(names = "--background", paramLabel = "MODEL", description = "a background model (train --perturb; a"
            + " pretrained name, run directory or checkpoint): adds its bits/dim and the likelihood ratio to the CSV,"
            + " and --heatmaps then map the per-pixel ratio, where the image is off (default: none)")
    String background;
    @Option(names = "--batch", defaultValue = "64", description = BATCH) int batch;
    @Option(names = "--limit", defaultValue = "0", description = LIMIT) int limit;

    @Override
    public Integer call() {
        if (batch < 1 || limit < 0) {
            throw new BadInputException("--batch must be >= 1 and --limit >= 0");
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new BadInputException(out + ": scores are written as CSV; name the file .csv");
        }
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        ImageDataset data = ImageInput.read(input, mc.imageChannels(), mc.height(), mc.width(), resize.forModel(ckpt).scales());
        int n = limit == 0 ? data.size() : Math.min(limit, data.size());
        try (OutputFiles outputs = new OutputFiles()) {
            Path csv = outputs.stage(out);
            Path raw = perPixel == null ? null : outputs.stage(perPixel);
            Path sidecar = perPixel == null ? null : outputs.stage(Path.of(perPixel + ".json"));
            int pages = heatmaps == null ? 0 : Heatmaps.pages(n);
            Path[] pagePaths = new Path[pages];
            for (int p = 0; p < pages; p++) {
                pagePaths[p] = Outputs.image(outputs, heatmaps.resolve(Heatmaps.fileName(p, pages)));
            }
            Scorer.Scores scores;
            Scorer.Scores bg = null;
            Checkpoint bgCkpt = background == null ? null : Checkpoint.read(BackgroundModel.checkpoint(background));
            try (NDManager manager = common.newManager()) {
                PixelModel model = common.inPrecision(ckpt.restoreModel(manager));
                ConditionSource h = condition.forScoring("score", ckpt, model, data, input.toString());
                if (bgCkpt != null) {
                    OodScorer.requireSameImages(mc, bgCkpt.config());
                }
                scores = Scorer.score(model, data, h, n, batch, manager);
                if (bgCkpt != null) {
                    bg = OodScorer.background(common.inPrecision(bgCkpt.restoreModel(manager)), bgCkpt.classPrior(), mc,
                            data, n, batch, manager);
                }
            }
            writeCsv(csv, data, n, scores, bg);
            if (raw != null) {
                writePerPixel(raw, sidecar, n, mc, scores.nats());
            }
            if (pages > 0) {
                float[] mapped = bg == null ? scores.nats() : OodScorer.ratioNats(scores.nats(), bg.nats());
                Heatmaps maps = new Heatmaps(data.pixels(), mapped, n, mc.imageChannels(), mc.height(), mc.width());
                for (int p = 0; p < pages; p++) {
                    maps.write(p, pagePaths[p]);
                }
            }
            outputs.commit();
            double mean = 0;
            for (double b : scores.bitsPerDim()) {
                mean += b / n;
            }
            System.out.printf(Locale.ROOT, "scored %d images: mean %.4f bits/dim (%s; %.1f images/s) -> %s%s%n",
                    n, mean, condition.describeScoring(ckpt, mc, data), scores.imagesPerSecond(), out,
                    pages > 1 ? String.format(Locale.ROOT, "; heatmaps on %d pages of %d images in %s", pages,
                            Heatmaps.PER_PAGE, heatmaps) : "");
            if (pages > 0 && bg != null) {
                System.out.println("heatmaps map the likelihood ratio per pixel: bright where the model finds the image"
                        + " more surprising than the background model does; black where it finds it less");
            }
        }
        return Main.OK;
    }

    private static void writeCsv(Path csv, ImageDataset data, int n, Scorer.Scores scores, Scorer.Scores bg) {
        StringBuilder text = new StringBuilder("index,label,bits_per_dim"
                + (bg == null ? "" : ",background_bits_per_dim,likelihood_ratio") + "\n");
        for (int i = 0; i < n; i++) {
            text.append(String.format(Locale.ROOT, "%d,%s,%.6f", i, data.hasLabels() ? data.label(i) : "",
                    scores.bitsPerDim()[i]));
            if (bg != null) {
                text.append(String.format(Locale.ROOT, ",%.6f,%.6f", bg.bitsPerDim()[i],
                        scores.bitsPerDim()[i] - bg.bitsPerDim()[i]));
            }
            text.append('\n');
        }
        AtomicFile.write(csv, s -> s.write(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void writePerPixel(Path raw, Path sidecar, int n, ModelConfig mc, float[] nats) {
        ByteBuffer bytes = ByteBuffer.allocate(nats.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(nats);
        AtomicFile.write(raw, s -> s.write(bytes.array()));
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("shape", new int[] {n, mc.imageChannels(), mc.height(), mc.width()});
        shape.put("dtype", "float32");
        shape.put("order", "NCHW");
        shape.put("byte_order", "little");
        shape.put("unit", "nats");
        String json = new Gson().toJson(shape) + "\n";
        AtomicFile.write(sidecar, s -> s.write(json.getBytes(StandardCharsets.UTF_8)));
    }
}
