package io.github.pixelcnn.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.BadParameterException;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.data.VectorFile;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each form of h a user can ask for, against each kind of model: the Condition it makes, or one line why not. */
class ConditionSpecTest {
    private static final ModelConfig NONE = ModelConfig.builder().setImage(1, 4, 4).optLayers(2).optChannels(8).build();
    private static final ModelConfig CLASS = NONE.toBuilder().optConditioning(Conditioning.CLASS, 3).build();
    private static final ModelConfig VECTOR = NONE.toBuilder().optConditioning(Conditioning.VECTOR, 2).build();
    private static final VectorFile TABLE = new VectorFile("table.csv", new float[] {1, 2, 3, 4, 5, 6}, 3, 2);

    private static ImageDataset images(int[] labels) {
        return ImageDataset.labeled("four", new byte[4 * 16], 4, 1, 4, 4, labels, List.of("a", "b", "c", "d"));
    }

    @Test
    void samplingMakesOneClassEveryClassOrAVectorRow() {
        assertThat(ConditionSpec.ofClass(2).forSampling(CLASS, 3).labels()).containsExactly(2, 2, 2);
        ConditionSpec every = ConditionSpec.everyClass();
        assertThat(every.count(CLASS, 2)).isEqualTo(6);
        assertThat(every.forSampling(CLASS, 2).labels()).containsExactly(0, 0, 1, 1, 2, 2);
        Condition row = ConditionSpec.vectorRow(TABLE, 1).forSampling(VECTOR, 2);
        assertThat(row.values()).containsExactly(3, 4, 3, 4);
        assertThat(ConditionSpec.none().forSampling(NONE, 5).kind()).isEqualTo(Conditioning.NONE);
    }

    @Test
    void whatDoesNotFitIsRefusedInOneLine() {
        assertThatThrownBy(() -> ConditionSpec.ofClass(3).forSampling(CLASS, 1)).isInstanceOf(BadParameterException.class)
                .hasMessage("class must be in 0..2, got 3");
        assertThatThrownBy(() -> ConditionSpec.vectorRow(TABLE, 3).forSampling(VECTOR, 1))
                .isInstanceOf(BadParameterException.class).hasMessage("index 3: outside 0..2 of table.csv");
        assertThatThrownBy(() -> ConditionSpec.ofClass(0).forSampling(NONE, 1)).isInstanceOf(BadInputException.class)
                .hasMessage("a class does not apply to an unconditional model");
        assertThatThrownBy(() -> ConditionSpec.none().forSampling(CLASS, 1))
                .hasMessage("this model is conditioned on class labels; give its h");
        assertThatThrownBy(() -> ConditionSpec.vectorRow(TABLE, 0).forSampling(
                NONE.toBuilder().optConditioning(Conditioning.VECTOR, 3).build(), 1))
                .hasMessage("table.csv: vectors of size 2, the model takes 3");
        assertThatThrownBy(() -> ConditionSpec.marginal().forSampling(CLASS, 1))
                .hasMessage("the class marginal needs images, and a sample has none to give it");
    }

    @Test
    void imagesGetTheirLabelsAClassTheirVectorsOrTheMarginal() {
        PixelModel cls = PixelModel.create(CLASS); // only its config is read
        ImageDataset data = images(new int[] {0, 2, 1, 2});
        assertThat(ConditionSpec.labels().forImages(cls, null, data).forImages(new int[] {1, 3}, null, null).labels())
                .containsExactly(2, 2);
        assertThat(ConditionSpec.ofClass(1).forImages(cls, null, data).forImages(new int[] {0}, null, null).labels())
                .containsExactly(1);
        assertThatThrownBy(() -> ConditionSpec.labels().forImages(cls, null, images(new int[] {0, 3, 1, 2})))
                .hasMessage("four: label 3 of image 1 is beyond the model's 3 classes");
        PixelModel vec = PixelModel.create(VECTOR);
        assertThatThrownBy(() -> ConditionSpec.vectors(TABLE).forImages(vec, null, data))
                .hasMessage("table.csv: 3 vectors for 4 images in four");
    }

    @Test
    void theMarginalWeighsByTheStoredPriorElseUniformly() {
        double[] stored = {0.5, 0.3, 0.2};
        assertThat(ConditionSpec.prior(stored, 3)).containsExactly(0.5, 0.3, 0.2);
        assertThat(ConditionSpec.prior(null, 3)).containsExactly(1 / 3.0, 1 / 3.0, 1 / 3.0);
        assertThat(ConditionSpec.prior(new double[] {0.5, 0.5}, 3)).as("a prior of another size")
                .containsExactly(1 / 3.0, 1 / 3.0, 1 / 3.0);
        PixelModel cls = PixelModel.create(CLASS);
        Condition h = ConditionSpec.marginal().forImages(cls, stored, images(new int[] {0, 1, 2, 0}))
                .forImages(new int[] {0}, null, null);
        assertThat(h.isMarginal()).isTrue();
        assertThat(h.prior()).containsExactly(0.5, 0.3, 0.2);
    }
}
