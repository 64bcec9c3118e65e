package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** n 1x2x2 images; every pixel of image i holds i, and its label is i mod 3. */
    private static ImageDataset data(int n) {
        byte[] pixels = new byte[n * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i / 4);
        }
        int[] labels = IntStream.range(0, n).map(i -> i % 3).toArray();
        return ImageDataset.labeled("toy", pixels, n, 1, 2, 2, labels, List.of("a", "b", "c"));
    }

    private static List<Batch> all(Iterator<Batch> it) {
        List<Batch> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static int[] indices(List<Batch> batches) {
        return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void everyIndexOncePerEpochWithAShortLastBatch() {
        Batches batches = Batches.builder().setData(data(10)).setBatchSize(4).optShuffle(7).build();
        List<Batch> epoch = all(batches.epoch(0));
        assertThat(batches.batchesPerEpoch()).isEqualTo(3);
        assertThat(epoch).extracting(Batch::size).containsExactly(4, 4, 2);
        assertThat(indices(epoch)).containsExactlyInAnyOrder(IntStream.range(0, 10).toArray());
        for (Batch b : epoch) { // gathered pixels and labels belong to the indices
            for (int k = 0; k < b.size(); k++) {
                assertThat(b.pixels()[4 * k + 3]).isEqualTo((byte) b.indices()[k]);
                assertThat(b.labels()[k]).isEqualTo(b.indices()[k] % 3);
            }
        }
    }

    @Test
    void orderDependsOnSeedAndEpochOnly() {
        ImageDataset d = data(50);
        int[] a = indices(all(Batches.builder().setData(d).setBatchSize(8).optShuffle(1).build().epoch(3)));
        int[] again = indices(all(Batches.builder().setData(d).setBatchSize(8).optShuffle(1).build().epoch(3)));
        int[] nextEpoch = indices(all(Batches.builder().setData(d).setBatchSize(8).optShuffle(1).build().epoch(4)));
        int[] otherSeed = indices(all(Batches.builder().setData(d).setBatchSize(8).optShuffle(2).build().epoch(3)));
        assertThat(again).isEqualTo(a);
        assertThat(nextEpoch).isNotEqualTo(a);
        assertThat(otherSeed).isNotEqualTo(a);
        assertThat(Batches.builder().setData(d).setBatchSize(8).build().order(5))
                .isEqualTo(IntStream.range(0, 50).toArray());
    }

    @Test
    void skipBatchesResumesTheSameEpoch() {
        Batches batches = Batches.builder().setData(data(20)).setBatchSize(3).optShuffle(11).build();
        List<Batch> full = all(batches.epoch(2));
        List<Batch> resumed = all(batches.epoch(2, 4));
        assertThat(resumed).hasSize(full.size() - 4);
        assertThat(indices(resumed)).isEqualTo(indices(full.subList(4, full.size())));
        assertThat(batches.epoch(2, full.size()).hasNext()).isFalse();
        assertThatThrownBy(() -> batches.epoch(2, full.size() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dropLastDropsTheShortBatch() {
        Batches batches = Batches.builder().setData(data(10)).setBatchSize(4).optShuffle(0).optDropLast(true).build();
        assertThat(batches.batchesPerEpoch()).isEqualTo(2);
        assertThat(all(batches.epoch(0))).extracting(Batch::size).containsExactly(4, 4);
        assertThatThrownBy(() -> Batches.builder().setData(data(3)).setBatchSize(4).optShuffle(0).optDropLast(true)
                        .build())
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("toy: 3 images, fewer than one batch of 4");
        assertThatThrownBy(() -> Batches.builder().setData(data(3)).setBatchSize(0).optShuffle(0).build())
                .hasMessage("batch size 0: must be positive");
        assertThatThrownBy(() -> Batches.builder().setBatchSize(4).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setData");
    }

    @Test
    void ndArraysHaveBatchShapesAndTypes() {
        Batch batch = Batches.builder().setData(data(5)).setBatchSize(3).build().epoch(0).next();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = batch.images(manager);
            assertThat(images.getShape()).isEqualTo(new Shape(3, 1, 2, 2));
            assertThat(images.getDataType()).isEqualTo(DataType.UINT8);
            assertThat(images.toUint8Array()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2);
            NDArray labels = batch.labels(manager);
            assertThat(labels.getShape()).isEqualTo(new Shape(3));
            assertThat(labels.getDataType()).isEqualTo(DataType.INT32);
            assertThat(labels.toIntArray()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void unlabelledBatchesHaveNoLabels() {
        ImageDataset d = ImageDataset.unlabeled("u", new byte[8], 2, 1, 2, 2);
        Batch batch = Batches.builder().setData(d).setBatchSize(2).optShuffle(0).build().epoch(0).next();
        assertThat(batch.labels()).isNull();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(batch.labels(manager)).isNull();
        }
    }
}
