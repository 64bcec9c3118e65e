package io.github.pixelcnn.spark;

import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.eval.Scorer;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.ConditionSource;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.ood.OodScorer;
import io.github.pixelcnn.request.ConditionSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition of image rows, {@code batch} at a time, with the library's {@link Scorer}:
 * the same forward pass and sums as {@code pixelcnn score}. Rows are read lazily, so a partition
 * of any size holds one batch in memory. A row that cannot be scored (bytes that are no image, the
 * wrong size, a label the model does not know) becomes a row with an {@code error}, or with
 * {@code strict} fails the task with a message naming its id.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelLoader loader;
    private final ModelLoader background;
    private final ScoreSettings settings;

    /** @param background the likelihood ratio's background model, or null */
    ScorePartition(ModelLoader loader, ModelLoader background, ScoreSettings settings) {
        this.loader = loader;
        this.background = background;
        this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Rows(rows);
    }

    /** The scored rows of one partition, a batch at a time. */
    private final class Rows implements Iterator<Row> {
        private final Iterator<Row> input;
        private final Deque<Row> ready = new ArrayDeque<>();
        private ModelLoader.Lease lease;
        private ModelLoader.Lease backgroundLease;

        Rows(Iterator<Row> input) {
            this.input = input;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && input.hasNext()) {
                scoreBatch();
            }
            if (ready.isEmpty()) {
                release();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void scoreBatch() {
            if (lease == null) {
                lease = loader.borrow();
                backgroundLease = background == null ? null : background.borrow();
                TaskContext task = TaskContext.get();
                if (task != null) {
                    task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> release());
                }
            }
            PixelModel model = lease.model();
            ModelConfig cfg = model.config();
            int dims = cfg.dims();
            List<Row> good = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            byte[] pixels = new byte[settings.batch() * dims];
            while (good.size() < settings.batch() && input.hasNext()) {
                Row row = input.next();
                long id = row.getLong(0);
                Integer label = row.isNullAt(1) ? null : row.getInt(1);
                String path = row.isNullAt(2) ? null : row.getString(2);
                try {
                    byte[] image = RowPixels.of(id, path, row.isNullAt(3) ? null : (byte[]) row.get(3), cfg);
                    labels.add(h(id, label, cfg));
                    System.arraycopy(image, 0, pixels, good.size() * dims, dims);
                    good.add(row);
                } catch (BadInputException e) {
                    if (settings.strict()) {
                        throw e;
                    }
                    ready.add(failed(id, label, path, e.getMessage()));
                }
            }
            if (good.isEmpty()) {
                return;
            }
            int n = good.size();
            ImageDataset batch = ImageDataset.unlabeled("partition " + partitionId(),
                    Arrays.copyOf(pixels, n * dims), n, cfg.imageChannels(), cfg.height(), cfg.width());
            try (NDManager manager = lease.newManager()) {
                Scorer.Scores scores = Scorer.score(model, batch, condition(model, batch, labels), n, n, manager);
                Scorer.Scores bg = backgroundLease == null ? null : OodScorer.background(backgroundLease.model(),
                        background.checkpoint().classPrior(), cfg, batch, n, n, manager);
                for (int i = 0; i < n; i++) {
                    Row row = good.get(i);
                    float[] nats = Arrays.copyOfRange(scores.nats(), i * dims, (i + 1) * dims);
                    double total = 0;
                    for (float v : nats) {
                        total += v;
                    }
                    ready.add(scored(row, scores.bitsPerDim()[i], total, nats,
                            bg == null ? Double.NaN : bg.bitsPerDim()[i]));
                }
            }
        }

        /** The label this row is scored with, or null when h does not come from labels; refuses bad ones. */
        private Integer h(long id, Integer label, ModelConfig cfg) {
            if (Conditioning.of(cfg) != Conditioning.CLASS || settings.marginal() || settings.classIndex() != null) {
                return null;
            }
            if (label == null) {
                throw new BadInputException("image id " + id + ": no label for this class-conditional model;"
                        + " give a class for every image or score by the marginal over classes");
            }
            if (label < 0 || label >= cfg.conditionSize()) {
                throw new BadInputException("image id " + id + ": label " + label + " is beyond the model's "
                        + cfg.conditionSize() + " classes");
            }
            return label;
        }

        private ConditionSource condition(PixelModel model, ImageDataset batch, List<Integer> labels) {
            ModelConfig cfg = model.config();
            if (Conditioning.of(cfg) != Conditioning.CLASS) {
                return ConditionSource.of(model, batch);
            }
            if (settings.marginal()) {
                return ConditionSpec.marginal().forImages(model, loader.checkpoint().classPrior(), batch);
            }
            if (settings.classIndex() != null) {
                return ConditionSpec.ofClass(settings.classIndex()).forImages(model, null, batch);
            }
            // Each row's label, checked above with the row's id, so one bad row fails alone.
            return ConditionSource.given(model, batch,
                    Condition.classes(labels.stream().mapToInt(Integer::intValue).toArray(), cfg.conditionSize()));
        }

        private Row scored(Row input, double bits, double nats, float[] perPixel, double backgroundBits) {
            Object label = input.isNullAt(1) ? null : input.getInt(1);
            Object path = input.isNullAt(2) ? null : input.getString(2);
            List<Object> values = new ArrayList<>(Arrays.asList(input.getLong(0), label, path, bits, nats));
            if (background != null) {
                values.add(backgroundBits);
                values.add(bits - backgroundBits);
            }
            if (settings.perPixel()) {
                values.add(perPixel);
            }
            values.add(null);
            return RowFactory.create(values.toArray());
        }

        private Row failed(long id, Integer label, String path, String error) {
            List<Object> values = new ArrayList<>(Arrays.asList(id, label, path, null, null));
            if (background != null) {
                values.add(null);
                values.add(null);
            }
            if (settings.perPixel()) {
                values.add(null);
            }
            values.add(error);
            return RowFactory.create(values.toArray());
        }

        private void release() {
            if (lease != null) {
                lease.close();
                lease = null;
            }
            if (backgroundLease != null) {
                backgroundLease.close();
                backgroundLease = null;
            }
        }
    }

    private static int partitionId() {
        TaskContext task = TaskContext.get();
        return task == null ? -1 : task.partitionId();
    }
}
