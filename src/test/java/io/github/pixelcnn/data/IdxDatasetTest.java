package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.pixelcnn.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
    @TempDir Path dir;

    private void writeSplit(String prefix, int n, byte[] labels, boolean gz) {
        byte[] pixels = new byte[n * 4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        String suffix = gz ? ".gz" : "";
        IdxFile.write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), new int[] {n, 4, 3}, pixels, gz);
        IdxFile.write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), new int[] {labels.length}, labels, gz);
    }

    @Test
    void loadsBothSplitsGzippedOrRaw() {
        writeSplit("train", 3, new byte[] {0, 9, 5}, true);
        writeSplit("t10k", 2, new byte[] {7, 1}, false);
        ImageDataset train = FashionMnist.load(dir, Split.TRAIN);
        assertThat(train.size()).isEqualTo(3);
        assertThat(train.channels()).isEqualTo(1);
        assertThat(train.height()).isEqualTo(4);
        assertThat(train.width()).isEqualTo(3);
        assertThat(train.label(1)).isEqualTo(9);
        assertThat(train.pixels()[13]).isEqualTo((byte) 13);
        assertThat(train.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        ImageDataset test = IdxDataset.load(dir, Split.TEST);
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.numClasses()).isEqualTo(10);
        assertThat(test.classNames().get(7)).isEqualTo("7");
    }

    @Test
    void countMismatchNamesBothFiles() {
        writeSplit("train", 3, new byte[] {0, 1}, true);
        assertThatThrownBy(() -> IdxDataset.load(dir, Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        dir.resolve("train-images-idx3-ubyte.gz") + " holds 3 images but "
                                + dir.resolve("train-labels-idx1-ubyte.gz") + " holds 2 labels");
    }

    @Test
    void labelOutOfRangeIsNamed() {
        writeSplit("train", 2, new byte[] {0, 10}, false);
        assertThatThrownBy(() -> IdxDataset.load(dir, Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        dir.resolve("train-labels-idx1-ubyte")
                                + ": label 10 of image 1 is out of range 0..9");
    }

    @Test
    void missingLabelFileIsNamed() throws Exception {
        writeSplit("t10k", 2, new byte[] {0, 1}, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThatThrownBy(() -> IdxDataset.load(dir, Split.TEST))
                .isInstanceOf(BadInputException.class)
                .hasMessage(dir + ": no t10k-labels-idx1-ubyte[.gz]");
    }

    @Test
    void emptyImageFileIsAnEmptyDataset() {
        writeSplit("train", 0, new byte[0], true);
        assertThatThrownBy(() -> IdxDataset.load(dir, Split.TRAIN))
                .isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("empty dataset");
    }

    @Test
    void realFashionMnistWhenInstalled() {
        Path real = FashionMnist.DEFAULT_DIR;
        assumeTrue(Files.exists(real.resolve("train-images-idx3-ubyte.gz")));
        ImageDataset train = FashionMnist.load(real, Split.TRAIN);
        ImageDataset test = FashionMnist.load(real, Split.TEST);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.height()).isEqualTo(28);
        assertThat(test.width()).isEqualTo(28);
        for (int i = 0; i < train.size(); i++) {
            assertThat(train.label(i)).isBetween(0, 9);
        }
    }
}
