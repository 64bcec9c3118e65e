package io.github.pixelcnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two ways a new model's parameters are drawn, checked against their bounds parameter by parameter. */
class InitializationTest {
    private static ModelConfig config() {
        return ModelConfig.builder().setImage(1, 8, 8).optLayers(3).optChannels(16).optHeadChannels(32)
                .optLevels(16).optConditioning(Conditioning.CLASS, 4).build();
    }

    private static Map<String, float[]> draw(Initialization init, Map<String, Shape> shapes) {
        Engine.getInstance().setRandomSeed(11);
        PixelModel model = PixelModel.create(config());
        init.prepare(model);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager);
            Map<String, float[]> values = new HashMap<>();
            for (Pair<String, Parameter> p : model.getParameters()) {
                NDArray a = p.getValue().getArray();
                values.put(p.getKey(), a.toFloatArray());
                shapes.put(p.getKey(), a.getShape());
            }
            return values;
        }
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void fanInDrawsWeightsAndBiasesWithinOneOverRootFanIn() {
        Map<String, Shape> shapes = new HashMap<>();
        Map<String, float[]> values = draw(Initialization.FAN_IN, shapes);
        int weights = 0;
        int biases = 0;
        for (var e : values.entrySet()) {
            String name = e.getKey();
            if (name.endsWith("table")) {
                // the embedding keeps its own N(0, 1): some of 16 x 16 values lie beyond the conv bounds
                assertThat(maxAbs(e.getValue())).as(name).isGreaterThan(1.0);
                continue;
            }
            Shape weight = name.endsWith("bias") ? shapes.get(name.substring(0, name.length() - 4) + "weight")
                    : shapes.get(name);
            double bound = 1 / Math.sqrt(Initialization.fanIn(weight));
            assertThat(maxAbs(e.getValue())).as(name).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
            if (name.endsWith("bias")) {
                biases++;
            } else {
                weights++;
            }
        }
        // 3 layers x 4 convolutions, the head's two, and the class matrix; a bias beside every convolution
        assertThat(weights).isEqualTo(15);
        assertThat(biases).isEqualTo(14);
    }

    /** Every weight's sample spread is within 15% of √(2 / fan_in) (512 values or more each). */
    @Test
    void heIsDjlsDefaultWithZeroBiases() {
        Map<String, Shape> shapes = new HashMap<>();
        Map<String, float[]> values = draw(Initialization.HE, shapes);
        for (var e : values.entrySet()) {
            String name = e.getKey();
            if (name.endsWith("bias")) {
                assertThat(maxAbs(e.getValue())).as(name).isZero();
            } else if (!name.endsWith("table")) {
                double sigma = Math.sqrt(2.0 / Initialization.fanIn(shapes.get(name)));
                assertThat(rms(e.getValue()) / sigma).as(name).isBetween(0.85, 1.15);
            }
        }
    }

    private static double rms(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s / v.length);
    }

    @Test
    void flagsRoundTripAndAnUnknownOneIsNamed() {
        for (Initialization i : Initialization.values()) {
            assertThat(Initialization.parse(i.flag())).isEqualTo(i);
        }
        assertThat(Initialization.FAN_IN.flag()).isEqualTo("fan-in");
        assertThatThrownBy(() -> Initialization.parse("xavier")).hasMessage(
                "unknown initialisation 'xavier'; expected fan-in or he");
    }
}
