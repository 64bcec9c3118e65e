package io.github.pixelcnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Each named convolution has the kernel and padding that §2.2 (and the PixelCNN's masked k×k)
 * call for; causality itself is tested by gradients in {@code model/CausalityTest}.
 */
class MaskedConv2dFactoriesTest {
    @Test
    void theFirstVerticalLayerCropsTheLastRowAndLaterOnesDoNot() {
        MaskedConv2d first = MaskedConv2d.verticalStack(10, 1, 7, true);
        assertThat(first.weightShape()).isEqualTo(new Shape(10, 1, 3, 7)); // (k/2)×k
        assertThat(first.padding()).isEqualTo(new Shape(3, 3, 3, -1));
        MaskedConv2d later = MaskedConv2d.verticalStack(10, 5, 3, false);
        assertThat(later.weightShape()).isEqualTo(new Shape(10, 5, 2, 3)); // (k/2+1)×k
        assertThat(later.padding()).isEqualTo(new Shape(1, 1, 1, 0));
        // Output size stays H×W: H + top + bottom - kh + 1 = H.
        assertThat(first.getOutputShapes(new Shape[] {new Shape(2, 1, 9, 11)})[0]).isEqualTo(new Shape(2, 10, 9, 11));
        assertThat(later.getOutputShapes(new Shape[] {new Shape(2, 5, 9, 11)})[0]).isEqualTo(new Shape(2, 10, 9, 11));
    }

    @Test
    void theHorizontalStackReadsTheRowUpToItsColumn() {
        MaskedConv2d h = MaskedConv2d.horizontalStack(6, 3, 5, ConvMask.Type.A, 3);
        assertThat(h.weightShape()).isEqualTo(new Shape(6, 3, 1, 3)); // 1×(k/2+1)
        assertThat(h.padding()).isEqualTo(new Shape(2, 0, 0, 0)); // left only
        assertThat(h.getOutputShapes(new Shape[] {new Shape(1, 3, 4, 4)})[0]).isEqualTo(new Shape(1, 6, 4, 4));
    }

    @Test
    void maskedAndSameKxKKeepTheSize() {
        MaskedConv2d masked = MaskedConv2d.maskedKxK(ConvMask.Type.B, 4, 4, 5, 1);
        assertThat(masked.weightShape()).isEqualTo(new Shape(4, 4, 5, 5));
        assertThat(masked.padding()).isEqualTo(new Shape(2, 2, 2, 2));
        MaskedConv2d same = MaskedConv2d.same(4, 2, 3);
        assertThat(same.weightShape()).isEqualTo(new Shape(4, 2, 3, 3));
        assertThat(same.padding()).isEqualTo(new Shape(1, 1, 1, 1));
    }
}
