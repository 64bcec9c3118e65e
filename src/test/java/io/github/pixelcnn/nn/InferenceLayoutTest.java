package io.github.pixelcnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.ModelType;
import io.github.pixelcnn.model.PixelModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Inference hands libtorch channels-last kernels and training does not: both must compute the same
 * function, or evaluation would report a different model from the one trained.
 */
class InferenceLayoutTest {

    @Test
    void channelsLastKernelKeepsValuesAndShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomUniform(-1, 1, new Shape(8, 5, 2, 3)); // (out, in, kh, kw)
            try (NDManager step = m.newSubManager()) {
                NDArray cl = MaskedConv2d.channelsLast(w, step);
                assertThat(cl.getShape()).isEqualTo(w.getShape());
                assertThat(cl.toFloatArray()).containsExactly(w.toFloatArray());
            }
            assertThat(w.isReleased()).isFalse();
        }
    }

    @Test
    void gatedLogitsAgreeWithAndWithoutAutograd() {
        assertAgree(ModelConfig.builder().setImage(1, 9, 7).optLayers(4).optChannels(16).optHeadChannels(32)
                .optConditioning(Conditioning.CLASS, 3).build());
    }

    @Test
    void colourLogitsAgreeWithAndWithoutAutograd() {
        assertAgree(ModelConfig.builder().setImage(3, 6, 6).optLayers(3).optChannels(12).optHeadChannels(24).build());
    }

    @Test
    void maskedPixelCnnLogitsAgreeWithAndWithoutAutograd() {
        assertAgree(ModelConfig.builder().setImage(1, 8, 8).optType(ModelType.PIXELCNN).optLayers(3).optChannels(16)
                .optHeadChannels(32).build());
    }

    private static void assertAgree(ModelConfig config) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            PixelModel model = PixelModel.create(config);
            model.initialize(m);
            byte[] pixels = new byte[4 * config.dims()];
            new Random(3).nextBytes(pixels);
            NDArray images = m.create(java.nio.ByteBuffer.wrap(pixels),
                    new Shape(4, config.imageChannels(), config.height(), config.width()), DataType.UINT8);
            NDArray cond = config.isConditional()
                    ? m.create(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, new Shape(4, 3))
                    : null;
            float[] inference = model.logits(images, cond).toFloatArray();
            float[] training;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                training = model.logits(images, cond).toFloatArray();
            }
            assertThat(inference).hasSameSizeAs(training);
            double maxDiff = 0;
            double maxAbs = 0;
            for (int i = 0; i < training.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(inference[i] - training[i]));
                maxAbs = Math.max(maxAbs, Math.abs(training[i]));
            }
            assertThat(maxAbs).isGreaterThan(0.01); // the model computes something
            assertThat(maxDiff).isLessThan(1e-4 * Math.max(1, maxAbs));
        }
    }
}
