package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.pixelcnn.BadInputException;
import org.junit.jupiter.api.Test;

/** h as one value: validation, selection, its array, and the refusal of an h of another kind. */
class ConditionTest {
    private static final ModelConfig UNCONDITIONAL =
            ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.GATED).optLayers(2).optChannels(8).optKernels(3, 3).optHeadChannels(16).optLevels(256).build();
    private static final ModelConfig CLASSES = UNCONDITIONAL.toBuilder().optConditioning(Conditioning.CLASS, 3).build();
    private static final ModelConfig VECTORS = UNCONDITIONAL.toBuilder().optConditioning(Conditioning.VECTOR, 2).build();
    private static final ModelConfig AUTOENCODER = UNCONDITIONAL.toBuilder().optAutoEncoder(4).build();

    @Test
    void eachKindFitsItsModelAndNoOther() {
        Condition none = Condition.none();
        Condition classes = Condition.classes(new int[] {0, 2}, 3);
        Condition vectors = Condition.vectors(new float[] {1, 2, 3, 4}, 2);
        Condition codes = Condition.codes(new float[8], 4);
        none.requireFits(UNCONDITIONAL, 2);
        classes.requireFits(CLASSES, 2);
        vectors.requireFits(VECTORS, 2);
        codes.requireFits(AUTOENCODER, 2);

        assertThatThrownBy(() -> vectors.requireFits(CLASSES, 2)).isInstanceOf(BadInputException.class)
                .hasMessage("h: the model was trained on class labels of 3 classes, got vectors of size 2");
        assertThatThrownBy(() -> classes.requireFits(UNCONDITIONAL, 2))
                .hasMessage("h: the model was trained on no h (unconditional), got class labels of 3 classes");
        assertThatThrownBy(() -> none.requireFits(AUTOENCODER, 2))
                .hasMessage("h: the model was trained on auto-encoder codes of size 4, got no h (unconditional)");
        assertThatThrownBy(() -> Condition.vectors(new float[8], 4).requireFits(AUTOENCODER, 2))
                .hasMessageContaining("trained on auto-encoder codes of size 4, got vectors of size 4");
        assertThatThrownBy(() -> Condition.vectors(new float[6], 3).requireFits(VECTORS, 2))
                .hasMessage("h: the model takes vectors of size 2, got vectors of size 3");
        assertThatThrownBy(() -> classes.requireFits(CLASSES, 3)).hasMessage("h: 2 rows for 3 images");
    }

    @Test
    void badValuesAreRefusedWhereTheConditionIsMade() {
        assertThatThrownBy(() -> Condition.vectors(new float[] {0, 1, Float.NaN, 2}, 2))
                .isInstanceOf(BadInputException.class).hasMessage("vectors: row 1, column 0 is NaN; h must be finite");
        assertThatThrownBy(() -> Condition.codes(new float[] {Float.POSITIVE_INFINITY}, 1))
                .hasMessageContaining("row 0, column 0 is Infinity");
        assertThatThrownBy(() -> Condition.vectors(new float[5], 2)).hasMessageContaining("do not form rows of size 2");
        assertThatThrownBy(() -> Condition.classes(new int[] {0, 3}, 3))
                .hasMessage("class labels: label 3 of image 1 is outside 0..2");
        assertThatThrownBy(() -> Condition.marginal(new double[] {0.5, 0.6})).hasMessageContaining("does not sum to 1");
        assertThatThrownBy(() -> Condition.marginal(new double[] {1.5, -0.5})).hasMessageContaining("negative");
    }

    @Test
    void selectRepeatAndRangePickRowsInOrder() {
        Condition v = Condition.vectors(new float[] {0, 1, 10, 11, 20, 21}, 2);
        assertThat(v.select(new int[] {2, 0}).values()).containsExactly(20, 21, 0, 1);
        assertThat(v.repeat(2).values()).containsExactly(0, 1, 0, 1, 10, 11, 10, 11, 20, 21, 20, 21);
        assertThat(v.range(1, 2).values()).containsExactly(10, 11, 20, 21);
        Condition c = Condition.classes(new int[] {2, 1}, 3);
        assertThat(c.repeat(2).labels()).containsExactly(2, 2, 1, 1);
        assertThat(Condition.none().select(new int[] {5}).rows()).isZero();
        Condition marginal = Condition.marginal(Condition.uniformPrior(3));
        assertThat(marginal.select(new int[] {0, 1}).isMarginal()).isTrue();
        assertThatThrownBy(() -> marginal.requirePerImage("sampling"))
                .hasMessage("sampling needs a class per image, not the marginal over classes");
    }

    @Test
    void theArrayIsOneHotOrTheRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray oneHot = Condition.classes(new int[] {1, 0}, 3).toArray(m); // (2, 3)
            assertThat(oneHot.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(oneHot.toFloatArray()).containsExactly(0, 1, 0, 1, 0, 0);
            assertThat(Condition.vectors(new float[] {1, 2, 3, 4}, 2).toArray(m).getShape()).isEqualTo(new Shape(2, 2));
            assertThat(Condition.none().toArray(m)).isNull();
        }
    }

    @Test
    void aModelRefusesAnOtherKindOfH() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelModel model = PixelModel.create(CLASSES);
            model.initialize(m);
            NDArray x = m.zeros(new Shape(2, 1, 8, 8), DataType.UINT8); // (N, C, H, W)
            assertThat(model.logits(x, Condition.classes(new int[] {0, 1}, 3)).getShape())
                    .isEqualTo(new Shape(2, 256, 1, 8, 8));
            assertThatThrownBy(() -> model.logits(x, Condition.vectors(new float[4], 2)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage("h: the model was trained on class labels of 3 classes, got vectors of size 2");
            assertThatThrownBy(() -> model.logits(x, Condition.none())).hasMessageContaining("got no h");
        }
    }

    /** The auto-encoder's own code is a named value, not a null: it fits the auto-encoder alone and has no array. */
    @Test
    void theOwnCodeIsNamedAndFitsTheAutoEncoderOnly() {
        Condition own = Condition.ownCode();
        assertThat(own.isOwnCode()).isTrue();
        assertThat(Condition.codes(new float[4], 4).isOwnCode()).isFalse();
        own.requireFits(AUTOENCODER, 5); // any number of images, any bottleneck
        own.requireFits(UNCONDITIONAL.toBuilder().optAutoEncoder(7).build(), 1);
        assertThat(own.select(new int[] {3, 1})).isSameAs(own);
        assertThatThrownBy(() -> own.requireFits(VECTORS, 2))
                .hasMessage("h: the model was trained on vectors of size 2, got the auto-encoder's own code of each image");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> own.toArray(m)).isInstanceOf(IllegalStateException.class);
            PixelModel ae = PixelModel.create(AUTOENCODER);
            ae.initialize(m);
            ConditionSource source = ConditionSource.of(ae, io.github.pixelcnn.data.ImageDataset.unlabeled(
                    "x", new byte[2 * 64], 2, 1, 8, 8));
            assertThat(source.forTraining(new int[] {0, 1})).isSameAs(own);
            // The decoder alone takes codes only: the old null meaning "its own code" is refused.
            NDArray x = m.zeros(new Shape(2, 1, 8, 8), DataType.UINT8);
            assertThatThrownBy(() -> ae.logits(x, (NDArray) null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theAutoEncodersCodeIsComputedOnceAndConditionsItsDecoder() {
        try (NDManager m = NDManager.newBaseManager()) {
            PixelCnnAutoEncoder ae = (PixelCnnAutoEncoder) PixelModel.create(AUTOENCODER);
            ae.initialize(m);
            byte[] pixels = new byte[3 * 64];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 37);
            }
            Condition codes = Condition.encode(ae, pixels, 3, 2, m); // two batches: 2 + 1
            assertThat(codes.kind()).isEqualTo(Conditioning.CODE);
            assertThat(codes.rows()).isEqualTo(3);
            NDArray x = m.create(java.nio.ByteBuffer.wrap(pixels), new Shape(3, 1, 8, 8), DataType.UINT8);
            float[] direct = ae.encode(x).toFloatArray(); // (3·4)
            assertThat(codes.values()).containsExactly(direct, org.assertj.core.data.Offset.offset(1e-5f));
            // Given its own code, the auto-encoder's logits are its end-to-end (training) logits.
            assertThat(ae.logits(x, codes).toFloatArray())
                    .containsExactly(ae.logits(x, Condition.ownCode()).toFloatArray(), org.assertj.core.data.Offset.offset(1e-4f));
        }
    }
}
