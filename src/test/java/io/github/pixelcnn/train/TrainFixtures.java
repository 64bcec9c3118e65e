package io.github.pixelcnn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.pixelcnn.data.ImageDataset;
import io.github.pixelcnn.model.ModelConfig;
import io.github.pixelcnn.model.PixelModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Shared helpers: tiny models and structured gray images from a fixed seed. */
final class TrainFixtures {
    private TrainFixtures() {}

    static ModelConfig tiny(int channels) {
        return ModelConfig.builder().setImage(1, 8, 8).optLayers(3).optChannels(channels).optKernels(3, 3)
                .optHeadChannels(32).build();
    }

    static PixelModel model(ModelConfig cfg, long seed, NDManager manager) {
        Engine.getInstance().setRandomSeed((int) seed);
        PixelModel model = PixelModel.create(cfg);
        model.initialize(manager);
        return model;
    }

    /** n 8x8 gray images: stripes, checkerboards and ramps with random period, phase and levels. */
    static ImageDataset patterns(int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 64];
        for (int i = 0; i < n; i++) {
            int kind = i % 4;
            int period = 2 + r.nextInt(3);
            int phase = r.nextInt(period);
            int lo = r.nextInt(2) * 32;
            int hi = 255 - r.nextInt(2) * 32;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int v;
                    switch (kind) {
                        case 0 -> v = ((y + phase) / period) % 2 == 0 ? lo : hi;
                        case 1 -> v = ((x + phase) / period) % 2 == 0 ? lo : hi;
                        case 2 -> v = (((x + phase) / period + y / period) % 2) == 0 ? lo : hi;
                        default -> v = lo + (hi - lo) * x / 7;
                    }
                    px[i * 64 + y * 8 + x] = (byte) v;
                }
            }
        }
        return ImageDataset.unlabeled("patterns", px, n, 1, 8, 8);
    }

    static List<float[]> parameters(PixelModel model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.namedParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }
}
