package io.github.pixelcnn.spark;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.Seeds;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.request.ConditionSpec;
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

    /** h of a batch: each id's class for every class (class-major ids), else the one h the settings ask for. */
    private Condition condition(ModelConfig cfg, Integer[] classes) {
        if (settings.allClasses()) {
            return Condition.classes(Arrays.stream(classes).mapToInt(Integer::intValue).toArray(), cfg.conditionSize());
        }
        return spec(settings).forSampling(cfg, classes.length);
    }

    /** What the settings ask h to be, checked against the model by {@link ConditionSpec}. */
    static ConditionSpec spec(SampleSettings s) {
        if (s.vector() != null) {
            return ConditionSpec.vectorRow(new VectorFile("the given vector", s.vector(), 1, s.vector().length), 0);
        }
        if (s.classIndex() != null) {
            return ConditionSpec.ofClass(s.classIndex());
        }
        return s.allClasses() ? ConditionSpec.everyClass() : ConditionSpec.none();
    }

    /** Refuses, on the driver, settings that do not fit the model's h, in the words of {@link ConditionSpec}. */
    static void check(ModelConfig cfg, SampleSettings s) {
        spec(s).forSampling(cfg, 1);
    }
}
