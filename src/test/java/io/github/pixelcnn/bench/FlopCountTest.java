package io.github.pixelcnn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pixelcnn.model.Conditioning;
import io.github.pixelcnn.model.GatedPixelCNN;
import io.github.pixelcnn.model.InputEncoding;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.nn.GatedLayer;
import io.github.pixelcnn.nn.MaskedConv2d;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlopCountTest {
    /** 2 layers, 4 channels, 3×3 kernels, head 8, 4 levels, one 2×3 gray image, float input (1 channel). */
    private static final ModelConfig TINY =
            ModelConfig.builder().setImage(1, 2, 3).optLayers(2).optChannels(4).optKernels(3, 3).optHeadChannels(8)
                    .optLevels(4).optInput(InputEncoding.FLOAT).build();

    @Test
    void theEmbeddingWidensTheFirstLayersInput() {
        // With the embedding, layer 0 reads C = 4 channels: vertical 2·8·4·3 = 192 (was 48), horizontal
        // 2·8·4·2 = 128 (was 32): 240 more per position, × 6 positions.
        ModelConfig embedded = TINY.toBuilder().optInput(InputEncoding.EMBED).build();
        assertThat(FlopCount.forwardPerImage(embedded)).isEqualTo(6624.0 + 240 * 6);
    }

    @Test
    void matchesAHandCount() {
        // Per position, 2·out·in·kh·kw:
        //   layer 0 (in 1): vertical 1×3 → 2·8·1·3 = 48, horizontal 1×2 → 32, link 2·8·8 = 128,
        //                   residual+skip 2·8·4 = 64                                  = 272
        //   layer 1 (in 4): vertical 2×3 → 2·8·4·6 = 384, horizontal 128, link 128, out 64 = 704
        //   head: 2·8·4 = 64, then 2·4·8 = 64                                         = 128
        // 1104 per position × 6 positions.
        assertThat(FlopCount.forwardPerImage(TINY)).isEqualTo(6624.0);
    }

    @Test
    void addsTheConditioningProduct() {
        ModelConfig conditional = TINY.toBuilder().optConditioning(Conditioning.CLASS, 10).build();
        // V^T h: (L·4C) × K = 32 × 10 multiply-adds.
        assertThat(FlopCount.forwardPerImage(conditional)).isEqualTo(6624.0 + 2 * 32 * 10);
    }

    @Test
    void agreesWithTheKernelsOfTheBuiltModel() {
        ModelConfig r = ModelConfig.reference();
        GatedPixelCNN model = new GatedPixelCNN(r);
        List<MaskedConv2d> convs = new ArrayList<>();
        for (GatedLayer layer : model.layers()) {
            convs.addAll(List.of(layer.vertical(), layer.horizontal(), layer.link(), layer.output()));
        }
        convs.add(model.head().hidden());
        convs.add(model.head().logitsConv());
        double expected = 0;
        for (MaskedConv2d conv : convs) {
            expected += 2.0 * conv.weightShape().size() * r.height() * r.width();
        }
        assertThat(FlopCount.forwardPerImage(r)).isEqualTo(expected);
        // About 2.3 GFLOP per 28×28 image for R.
        assertThat(expected / 1e9).isBetween(2.0, 2.6);
    }
}
