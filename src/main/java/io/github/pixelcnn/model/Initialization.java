package io.github.pixelcnn.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.google.gson.annotations.SerializedName;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a new model's parameters are drawn before its first step. Only the parameters that take
 * their type's default are redrawn; one that chose its own (the input embedding's N(0, 1) table)
 * keeps it.
 */
public enum Initialization {
    /**
     * DJL's default for weights, {@code XavierInitializer(GAUSSIAN, IN, 2)}: N(0, 2 / fan_in),
     * which is He et al.'s initialisation, with zero biases. Its spread is √6 ≈ 2.45× that of
     * {@link #FAN_IN}; every model trained before this choice existed was drawn this way.
     */
    @SerializedName("he")
    HE,
    /**
     * PyTorch's default for {@code nn.Conv2d} and {@code nn.Linear} ({@code kaiming_uniform_} with
     * a = √5): weights and biases U(±1/√fan_in), fan_in being the kernel's inputs times its taps
     * (a mask does not change it). A bias whose layer's weight is not named beside it stays zero.
     */
    @SerializedName("fan-in")
    FAN_IN;

    /** The name {@code --init} and config.json use. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Initialization parse(String text) {
        for (Initialization i : values()) {
            if (i.flag().equals(text)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initialisation '" + text + "'; expected fan-in or he");
    }

    /**
     * Sets the initialisers of {@code model}'s parameters; call it after {@link PixelModel#create}
     * and before {@link PixelModel#initialize}.
     */
    public void prepare(PixelModel model) {
        if (this == HE) {
            return; // DJL's defaults are already in place
        }
        PairList<String, Parameter> parameters = model.getParameters();
        Map<String, Shape> weights = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            if (p.getKey().endsWith("weight") && p.getValue().getShape() != null) {
                weights.put(owner(p.getKey(), "weight"), p.getValue().getShape());
            }
        }
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            if (parameter.getInitializer() != parameter.getType().getInitializer() || parameter.getShape() == null) {
                continue; // chose its own initialiser, or has no shape before initialisation
            }
            Shape shape = parameter.getShape();
            if (parameter.getType() == Parameter.Type.WEIGHT && shape.dimension() >= 2) {
                parameter.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn(shape)))));
            } else if (parameter.getType() == Parameter.Type.BIAS && p.getKey().endsWith("bias")) {
                Shape weight = weights.get(owner(p.getKey(), "bias"));
                if (weight != null) {
                    parameter.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn(weight)))));
                }
            }
        }
    }

    /** Inputs per output of a weight (out, in, kh, kw) or (out, in). */
    static long fanIn(Shape weight) {
        return weight.size() / weight.get(0);
    }

    private static String owner(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
