package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    @TempDir Path dir;

    /** {@code labels.length} records; pixel j of record r holds (r + j) mod 256. */
    private static byte[] records(int... labels) {
        byte[] b = new byte[labels.length * 3073];
        for (int r = 0; r < labels.length; r++) {
            b[r * 3073] = (byte) labels[r];
            for (int j = 0; j < 3072; j++) {
                b[r * 3073 + 1 + j] = (byte) (r + j);
            }
        }
        return b;
    }

    @Test
    void loadsPresentTrainingBatchesInOrder() throws Exception {
        Files.write(dir.resolve("data_batch_1.bin"), records(3, 9));
        Files.write(dir.resolve("data_batch_3.bin"), records(0));
        Files.write(dir.resolve("test_batch.bin"), records(6));
        ImageDataset train = Cifar10.load(dir, Split.TRAIN);
        assertThat(train.size()).isEqualTo(3);
        assertThat(train.channels()).isEqualTo(3);
        assertThat(train.height()).isEqualTo(32);
        assertThat(train.label(0)).isEqualTo(3);
        assertThat(train.label(2)).isEqualTo(0);
        // Image 1 is record 1 of batch 1: its green plane starts at pixel 1024.
        assertThat(train.pixels()[3072 + 1024]).isEqualTo((byte) (1 + 1024));
        assertThat(train.classNames().get(3)).isEqualTo("cat");
        assertThat(Cifar10.load(dir, Split.TEST).label(0)).isEqualTo(6);
    }

    @Test
    void truncatedRecordIsNamed() throws Exception {
        Path file = Files.write(dir.resolve("test_batch.bin"), new byte[3073 + 100]);
        assertThatThrownBy(() -> Cifar10.load(dir, Split.TEST))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(file + ": truncated record: 3173 bytes is not a multiple of 3073");
    }

    @Test
    void labelOutOfRangeIsNamed() throws Exception {
        Path file = Files.write(dir.resolve("data_batch_2.bin"), records(1, 10));
        assertThatThrownBy(() -> Cifar10.load(dir, Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage(file + ": label 10 in record 1 is out of range 0..9");
    }

    @Test
    void noBatchesNamesWhatIsMissing() {
        assertThatThrownBy(() -> Cifar10.load(dir, Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage(dir + ": no CIFAR-10 training batches (data_batch_1.bin .. data_batch_5.bin)");
        assertThatThrownBy(() -> Cifar10.load(dir, Split.TEST)).hasMessage(dir + ": no test_batch.bin");
    }

    @Test
    void emptyBatchIsAnEmptyDataset() throws Exception {
        Files.write(dir.resolve("test_batch.bin"), new byte[0]);
        assertThatThrownBy(() -> Cifar10.load(dir, Split.TEST)).hasMessageEndingWith("empty dataset");
    }
}
