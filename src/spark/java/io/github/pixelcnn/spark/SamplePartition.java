package io.github.pixelcnn.spark;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.sample.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Draws the images of one batch: batch k holds ids {@code k·batch … min((k+1)·batch, total) - 1},
 * each from its own stream seeded {@code Seeds.forImage(seed, id)} ({@link Sampler#sampleEach}),
 * so a batch's images depend on its ids alone, not on the task or machine that draws them.
 */
final class SamplePartition implements FlatMapFunction<Long, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelLoader loader;
    private final SampleSettings settings;
    private final long total;

    SamplePartition(ModelLoader loader, SampleSettings settings, long total) {
        this.loader = loader;
        this.settings = settings;
        this.total = total;
    }

    @Override
    public Iterator<Row> call(Long batchIndex) {
        long first = batchIndex * settings.batch();
        int n = (int) Math.min(settings.batch(), total - first);
        long[] seeds = new long[n];
        Integer[] classes = new Integer[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = Seeds.forImage(settings.seed(), first + i);
            classes[i] = classOf(first + i);
        }
        List<Row> rows = new ArrayList<>(n);
        try (ModelLoader.Lease lease = loader.borrow(); NDManager manager = lease.newManager()) {
            PixelModel model = lease.model();
            ModelConfig cfg = model.config();
            Sampler sampler = Sampler.named(settings.sampler(), model);
            byte[] images = sampler.sampleEach(model, condition(cfg, classes), seeds, settings.temperature(), manager);
            int dims = cfg.dims();
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create(first + i, classes[i], seeds[i],
                        Arrays.copyOfRange(images, i * dims, (i + 1) * dims)));
            }
        }
        return rows.iterator();
    }

    /** The class of image {@code id}, or null for a model without classes. */
    private Integer classOf(long id) {
        if (settings.classIndex() != null) {
            return settings.classIndex();
        }
        return settings.allClasses() ? (int) (id / settings.count()) : null;
    }

    private Condition condition(ModelConfig cfg, Integer[] classes) {
        int n = classes.length;
        return switch (Conditioning.of(cfg)) {
            case NONE -> Condition.none();
            case CLASS -> Condition.classes(Arrays.stream(classes).mapToInt(Integer::intValue).toArray(),
                    cfg.conditionSize());
            case VECTOR, CODE -> {
                float[] rows = new float[n * settings.vector().length];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(settings.vector(), 0, rows, i * settings.vector().length, settings.vector().length);
                }
                yield Conditioning.of(cfg) == Conditioning.CODE ? Condition.codes(rows, settings.vector().length)
                        : Condition.vectors(rows, settings.vector().length);
            }
        };
    }

    /**
     * Refuses, on the driver, settings that do not fit the model's h: a class for a model without
     * classes, no class for one with classes, a missing or wrong-sized vector.
     */
    static void check(ModelConfig cfg, SampleSettings s) {
        Conditioning kind = Conditioning.of(cfg);
        boolean classGiven = s.classIndex() != null || s.allClasses();
        if (kind != Conditioning.CLASS && classGiven) {
            throw new BadInputException("a class does not apply to a model conditioned on " + kind.describe());
        }
        if ((kind == Conditioning.NONE || kind == Conditioning.CLASS) && s.vector() != null) {
            throw new BadInputException("a vector does not apply to a model conditioned on " + kind.describe());
        }
        if (kind == Conditioning.CLASS) {
            int k = cfg.conditionSize();
            if (!classGiven) {
                throw new BadInputException("a class-conditional model of " + k + " classes: choose a class 0.."
                        + (k - 1) + " or all classes");
            }
            if (s.classIndex() != null && (s.classIndex() < 0 || s.classIndex() >= k)) {
                throw new BadInputException("class must be in 0.." + (k - 1) + ", got " + s.classIndex());
            }
        }
        if (kind == Conditioning.VECTOR || kind == Conditioning.CODE) {
            int k = kind == Conditioning.CODE ? cfg.bottleneck() : cfg.conditionSize();
            if (s.vector() == null) {
                throw new BadInputException("this model is conditioned on " + kind.describe() + "; give its h");
            }
            if (s.vector().length != k) {
                throw new BadInputException("vectors of size " + s.vector().length + ", the model takes " + k);
            }
        }
    }
}
