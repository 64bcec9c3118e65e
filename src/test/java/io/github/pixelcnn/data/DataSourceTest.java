package io.github.pixelcnn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSourceTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "mnist", "mnist:", "imagenet:/data", ":/data", "fashion"})
    void badSpecListsTheValidForms(String spec) {
        assertThatThrownBy(() -> DataSource.parse(spec))
                .isInstanceOf(BadInputException.class)
                .hasMessage(
                        "bad dataset '" + spec + "': expected fashion-mnist, fashion-mnist:DIR,"
                                + " mnist:DIR, cifar10:DIR, folder:DIR or codes:FILE");
    }

    @Test
    void namedDatasetsKnowTheirClasses() {
        assertThat(DataSource.parse("fashion-mnist").classNames()).hasSize(10).contains("Ankle boot");
        assertThat(DataSource.parse("fashion-mnist").describe()).contains(FashionMnist.DEFAULT_DIR.toString());
        assertThat(DataSource.parse("cifar10:/x").classNames()).contains("truck");
        assertThat(DataSource.parse("mnist:/x").classNames()).first().isEqualTo("0");
    }

    @Test
    void mnistSpecLoadsTheDirectory() {
        IdxFile.write(dir.resolve("t10k-images-idx3-ubyte"), new int[] {1, 2, 2}, new byte[4], false);
        IdxFile.write(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {1}, new byte[] {4}, false);
        ImageDataset test = DataSource.parse("mnist:" + dir).load(Split.TEST);
        assertThat(test.label(0)).isEqualTo(4);
    }

    @Test
    void unsplitFolderHoldsOutEveryTenthImage() throws Exception {
        for (int i = 0; i < 25; i++) {
            ImageFolderTest.png(dir.resolve((i < 12 ? "a" : "b") + "/" + (100 + i) + ".png"), 2, 2, true, i << 16);
        }
        DataSource source = DataSource.parse("folder:" + dir);
        ImageDataset train = source.load(Split.TRAIN);
        ImageDataset test = source.load(Split.TEST);
        assertThat(train.size()).isEqualTo(23);
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.pixels()[0]).isEqualTo((byte) 9);
        assertThat(test.pixels()[4]).isEqualTo((byte) 19);
        assertThat(test.label(1)).isEqualTo(1);
        assertThat(source.classNames()).containsExactly("a", "b");
        assertThat(source.describe()).contains("every 10th image held out");
    }

    @Test
    void splitFolderUsesTrainAndTest() throws Exception {
        ImageFolderTest.png(dir.resolve("train/cat/1.png"), 2, 2, false, 0x010203);
        ImageFolderTest.png(dir.resolve("train/dog/1.png"), 2, 2, false, 0x010203);
        ImageFolderTest.png(dir.resolve("test/cat/1.png"), 2, 2, false, 0x010203);
        ImageFolderTest.png(dir.resolve("test/dog/1.png"), 2, 2, false, 0x010203);
        DataSource source = DataSource.parse("folder:" + dir);
        assertThat(source.load(Split.TRAIN).size()).isEqualTo(2);
        assertThat(source.load(Split.TEST).channels()).isEqualTo(3);
        assertThat(source.classNames()).containsExactly("cat", "dog");
    }

    @Test
    void tooSmallUnsplitFolderSaysSo() throws Exception {
        ImageFolderTest.png(dir.resolve("a/1.png"), 2, 2, true, 0);
        assertThatThrownBy(() -> DataSource.parse("folder:" + dir).load(Split.TEST))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("1 images, too few to hold out");
    }
}
