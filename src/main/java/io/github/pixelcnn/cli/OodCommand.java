package io.github.pixelcnn.cli;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.AtomicFile;
import io.github.pixelcnn.data.DataSource;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.ImageInput;
import io.github.pixelcnn.data.OutputFiles;
import io.github.pixelcnn.data.Split;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.ood.OodCharts;
import io.github.pixelcnn.ood.OodEvaluation;
import io.github.pixelcnn.ood.OodReport;
import io.github.pixelcnn.ood.OodScore;
import io.github.pixelcnn.ood.OodScorer;
import io.github.pixelcnn.ood.OodScores;
import io.github.pixelcnn.ood.SyntheticSets;
import io.github.pixelcnn.ood.Threshold;
import io.github.pixelcnn.train.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pixelcnn ood}: out-of-distribution detection. Compares an in-distribution reference set
 * with candidate sets under the raw likelihood, the likelihood ratio against {@code --background}
 * and the complexity-corrected score (AUROC, AUPRC, FPR at 95% TPR, plots); calibrates a threshold
 * on in-distribution training images; or flags the images of {@code --input} with a threshold.
 */
@Command(name = "ood", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Out-of-distribution detection: likelihood ratio (Ren et al. 2019) and input complexity"
                + " (Serra et al. 2020) beside the raw likelihood.",
                "Evaluate: ood --pretrained fashion-mnist-class --background fashion-mnist-background --synthetic all"
                        + " --out DIR",
                "Flag:     ood --pretrained ... --background ... --threshold FILE --input DIR --out flags.csv"})
public final class OodCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModelSource source;

    @Option(names = "--background", paramLabel = "MODEL",
            description = "the background model of the likelihood ratio, trained with train --perturb: a pretrained name"
                    + " (fashion-mnist-background), a run directory or a checkpoint (default: none, no ratio)")
    String background;
    @Option(names = "--reference", defaultValue = "fashion-mnist", paramLabel = "DATASET",
            description = "in-distribution data: its test split is the reference, its training split calibrates; "
                    + OptionText.DATASET + " (default: ${DEFAULT-VALUE})")
    String reference;
    @Option(names = "--synthetic", paramLabel = "SETS",
            description = "candidate sets made here: all, or some of noise,constant,flip,invert,digits (default: all"
                    + " when no --candidates are given, else none)")
    String synthetic;
    @Option(names = "--candidates", paramLabel = "NAME=PATH",
            description = "a candidate set: " + OptionText.INPUT + "; repeatable (default: none)")
    Map<String, Path> candidates = new LinkedHashMap<>();
    @Mixin ResizeOption resize;
    @Option(names = "--limit", defaultValue = "0", description = "images per set, 0 = all (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--calibrate", paramLabel = "FILE",
            description = "also write a threshold JSON calibrated on the reference's training split (default: none)")
    Path calibrate;
    @Option(names = "--false-alarm", defaultValue = "0.05",
            description = "calibrate: fraction of in-distribution images the threshold may flag (default: ${DEFAULT-VALUE})")
    double falseAlarm;
    @Option(names = "--calibration-limit", defaultValue = "2000",
            description = "calibrate: training images used, 0 = all (default: ${DEFAULT-VALUE})")
    int calibrationLimit;
    @Option(names = "--score", description = "calibrate: the score to threshold (default: likelihood_ratio with"
            + " --background, else complexity_score)")
    String score;
    @Option(names = "--threshold", paramLabel = "FILE", description = "flag the images of --input with this threshold"
            + " file instead of evaluating (default: none, evaluate)")
    Path threshold;
    @Option(names = "--input", description = "flag: the images to flag; " + OptionText.INPUT
            + " (default: none; required with --threshold)") Path input;
    @Option(names = "--out", required = true, description = "evaluate: a folder for scores.csv, ood.md, ood.json,"
            + " roc.png, histogram.png; flag: the CSV to write")
    Path out;
    @Option(names = "--json", description = "print the measures as JSON instead of the table (default: off)")
    boolean json;
    @Option(names = "--batch", defaultValue = "64", description = OptionText.BATCH) int batch;
    @Option(names = "--seed", defaultValue = "42", description = OptionText.SEED) long seed;

    @Override
    public Integer call() {
        if (batch < 1 || limit < 0 || calibrationLimit < 0) {
            throw new BadInputException("--batch must be >= 1, --limit and --calibration-limit >= 0");
        }
        if (threshold != null) {
            return flag();
        }
        if (input != null) {
            throw new BadInputException("--input is for flagging with --threshold FILE; to evaluate a set give"
                    + " --candidates NAME=" + input);
        }
        return evaluate();
    }

    private int evaluate() {
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        Checkpoint bg = background == null ? null : Checkpoint.read(BackgroundModel.checkpoint(background));
        if (bg != null) {
            OodScorer.requireSameImages(mc, bg.config());
        }
        boolean scales = resize.forModel(ckpt).scales(); // the candidates'; the reference set is the model's own data
        DataSource data = DataSource.parse(reference);
        ImageDataset ref = data.load(Split.TEST);
        ImageInput.requireSize(ref, reference, mc.imageChannels(), mc.height(), mc.width());
        Map<String, ImageDataset> sets = new LinkedHashMap<>();
        int count = limit == 0 ? ref.size() : Math.min(limit, ref.size());
        String made = synthetic != null ? synthetic : candidates.isEmpty() ? "all" : null;
        for (String name : made == null ? List.<String>of() : SyntheticSets.parse(made)) {
            sets.put(name, SyntheticSets.make(name, ref, mc.levels(), count, seed));
        }
        for (Map.Entry<String, Path> c : candidates.entrySet()) {
            if (sets.containsKey(c.getKey())) {
                throw new BadInputException("--candidates " + c.getKey() + ": that name is taken; name it otherwise");
            }
            sets.put(c.getKey(), ImageInput.read(c.getValue(), mc.imageChannels(), mc.height(), mc.width(), scales));
        }
        OodScore calibrated = calibrate == null ? null : chosenScore(bg != null);
        try (OutputFiles outputs = new OutputFiles()) {
            Path csv = outputs.stage(out.resolve("scores.csv"));
            Path md = outputs.stage(out.resolve("ood.md"));
            Path js = outputs.stage(out.resolve("ood.json"));
            Path roc = outputs.stage(out.resolve("roc.png"));
            Path hist = outputs.stage(out.resolve("histogram.png"));
            Path thresholdFile = calibrate == null ? null : outputs.stage(calibrate);
            OodReport report;
            Threshold t = null;
            try (NDManager manager = common.newManager(); Bars bars = new Bars()) {
                OodScorer scorer = scorer(ckpt, bg, manager);
                report = OodEvaluation.run(scorer, ref, sets, limit, manager, bars::progress);
                if (calibrate != null) {
                    ImageDataset train = data.load(Split.TRAIN);
                    ImageDataset sample = train.subset(Threshold.sample(train.size(), calibrationLimit, seed));
                    OodScores s = scorer.score(sample, sample.size(), manager,
                            done -> bars.progress("calibration", done, sample.size()));
                    t = Threshold.calibrate(s.of(calibrated), calibrated, falseAlarm,
                            data.describe() + " training split, " + sample.size() + " images (seed " + seed + ")",
                            sourceName(), Threshold.crc32(source.checkpointPath()), background,
                            bg == null ? null : Threshold.crc32(BackgroundModel.checkpoint(background)));
                }
            }
            report.writeCsv(csv);
            String table = report.markdown();
            AtomicFile.write(md, o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
            String measures = report.json();
            AtomicFile.write(js, o -> o.write(measures.getBytes(StandardCharsets.UTF_8)));
            OodCharts.roc(report, roc);
            OodCharts.histogram(report, hist);
            if (t != null) {
                t.write(thresholdFile);
            }
            outputs.commit();
            System.out.print(json ? measures : table);
            if (t != null) {
                System.out.printf(Locale.ROOT, "threshold: flag when %s > %.6f (%.2f%% of %d calibration images"
                                + " flagged; %.2f%% of the reference test images) -> %s%n", t.score().column(), t.value(),
                        100 * t.flaggedInCalibration(), t.calibrationImages(),
                        100 * Threshold.flaggedFraction(report.reference().scores().of(t.score()), t.value()), calibrate);
            }
            System.out.println("wrote " + out.resolve("scores.csv") + ", ood.md, ood.json, roc.png, histogram.png");
        }
        return Main.OK;
    }

    private int flag() {
        if (input == null) {
            throw new BadInputException("--threshold needs --input: the images to flag");
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new BadInputException(out + ": flags are written as CSV; name the file .csv");
        }
        Threshold t = Threshold.read(threshold);
        Checkpoint ckpt = source.read();
        ModelConfig mc = ckpt.config();
        Path bgPath = background == null ? null : BackgroundModel.checkpoint(background);
        t.requireModels(Threshold.crc32(source.checkpointPath()), bgPath == null ? null : Threshold.crc32(bgPath),
                threshold);
        Checkpoint bg = t.score() == OodScore.RATIO ? Checkpoint.read(bgPath) : null;
        ImageDataset data = ImageInput.read(input, mc.imageChannels(), mc.height(), mc.width(), resize.forModel(ckpt).scales());
        int n = limit == 0 ? data.size() : Math.min(limit, data.size());
        try (OutputFiles outputs = new OutputFiles()) {
            Path csv = outputs.stage(out);
            OodScores s;
            try (NDManager manager = common.newManager(); Bars bars = new Bars()) {
                s = scorer(ckpt, bg, manager).score(data, n, manager, done -> bars.progress("flag", done, n));
            }
            StringBuilder text = new StringBuilder("index,label,bits_per_dim,score,value,threshold,flagged\n");
            int flagged = 0;
            for (int i = 0; i < n; i++) {
                double v = s.of(t.score(), i);
                boolean f = t.flags(v);
                flagged += f ? 1 : 0;
                text.append(String.format(Locale.ROOT, "%d,%s,%.6f,%s,%.6f,%.6f,%d%n", i,
                        data.hasLabels() ? data.label(i) : "", s.bitsPerDim()[i], t.score().column(), v, t.value(),
                        f ? 1 : 0));
            }
            AtomicFile.write(csv, o -> o.write(text.toString().getBytes(StandardCharsets.UTF_8)));
            outputs.commit();
            System.out.printf(Locale.ROOT, "flagged %d of %d images (%s > %.6f, calibrated to flag %.1f%% of"
                    + " in-distribution images) -> %s%n", flagged, n, t.score().column(), t.value(),
                    100 * t.falseAlarmRate(), out);
        }
        return Main.OK;
    }

    private OodScorer scorer(Checkpoint ckpt, Checkpoint bg, NDManager manager) {
        PixelModel model = common.inPrecision(ckpt.restoreModel(manager));
        OodScorer.Builder b = OodScorer.builder().setModel(model, ckpt.classPrior()).optBatch(batch);
        if (bg != null) {
            b.optBackground(common.inPrecision(bg.restoreModel(manager)), bg.classPrior());
        }
        return b.build();
    }

    private OodScore chosenScore(boolean hasBackground) {
        OodScore s = score != null ? OodScore.parse(score) : hasBackground ? OodScore.RATIO : OodScore.COMPLEXITY;
        if (s == OodScore.RATIO && !hasBackground) {
            throw new BadInputException("--score likelihood_ratio needs --background");
        }
        return s;
    }

    private String sourceName() {
        return source.choice.pretrained != null ? source.choice.pretrained : source.checkpointPath().toString();
    }

    /** One progress bar per set on stderr. */
    private static final class Bars implements AutoCloseable {
        private String set;
        private ProgressBar bar;

        void progress(String name, int done, int total) {
            if (!name.equals(set)) {
                close();
                set = name;
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(1000).build();
            }
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
