package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import com.google.gson.annotations.SerializedName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * How a model's arithmetic is run: the one place that decides what is cast down.
 *
 * <p>{@link #BF16} runs the network as PyTorch's CPU autocast does: the input features are cast
 * to bfloat16 once, laid out channels-last, and stay so from the first convolution to the output
 * head (every convolution with its kernel and bias cast to bf16, the gates, residual sums and
 * skip sums between them in bf16), so oneDNN runs its bf16 kernels on NHWC activations without a
 * reorder or a cast at each layer. Terms made in float ({@code V^T h}, the map of h) are cast once
 * per forward pass. The logits are cast back to float before the softmax, so the log-likelihood,
 * every reduction, the master weights and their gradients, and Adam stay float. Each weight is
 * cast once per forward pass (in training, once per step), inside the autograd graph, so its
 * gradient reaches the float master weight.
 *
 * <p>The cached samplers use {@link #stepConv2d} and {@link #matMul}: products in bf16, their
 * results and everything between them in float.
 *
 * <p>Precision is how a model is run, not what it is: parameters are float32 either way, so a
 * checkpoint trained in one precision evaluates, samples and resumes in the other.
 */
public enum Precision {
    @SerializedName("fp32")
    FP32,
    @SerializedName("bf16")
    BF16;

    /** Linux's /proc/cpuinfo flags of bf16 arithmetic (AVX-512 BF16, AMX tiles). */
    private static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

    /** "fp32" or "bf16", the name the command line and config.json use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@link #label()}, in any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "', expected fp32 or bf16");
    }

    /**
     * Whether this CPU has instructions for this precision. Without them (e.g. AVX2-only CPUs)
     * oneDNN emulates bf16, which runs correctly but slower than fp32.
     */
    public boolean isNative() {
        return this == FP32 || CpuFlags.HAS_BF16;
    }

    /**
     * The network's activations in this precision: x itself in fp32; in bf16 a channels-last bf16
     * copy (made once, at the network's input), which every later operation keeps.
     *
     * @param x (N, C, H, W) float
     * @return (N, C, H, W); joins x's manager
     */
    public NDArray activations(NDArray x) {
        if (this == FP32) {
            return x;
        }
        Shape s = x.getShape();
        NDArray nhwc = x.transpose(0, 2, 3, 1).reshape(s.get(0), s.get(2), s.get(3), s.get(1)); // (N, H, W, C) copy
        return Bf16Cast.toBf16(nhwc).transpose(0, 3, 1, 2); // (N, C, H, W) view, channels-last strides
    }

    /**
     * A term computed in float (e.g. {@code V^T h}) in the activations' type, so that adding it
     * keeps them in this precision.
     */
    public NDArray terms(NDArray t) {
        return this == FP32 ? t : Bf16Cast.toBf16(t);
    }

    /** The network's output back in float, for the softmax and the loss. */
    public NDArray toFloat(NDArray x) {
        return this == FP32 || !isBf16(x) ? x : Bf16Cast.toFloat32(x);
    }

    /** DJL 0.36 has no code for libtorch's bfloat16 and reports such arrays' type as UNKNOWN. */
    private static boolean isBf16(NDArray x) {
        DataType type = x.getDataType();
        return type == DataType.UNKNOWN || type == DataType.BFLOAT16;
    }

    /**
     * A valid (unpadded) convolution of the network, {@code x} (N, in, H, W) with {@code kernel}
     * (out, in, kh, kw) plus {@code bias} (out); joins x's manager. In bf16 the input (cast if it
     * is float), kernel and bias are bf16 and so is the result, which keeps x's memory format.
     *
     * @return (N, out, H', W') in this precision
     */
    public NDArray conv2d(NDArray x, NDArray kernel, NDArray bias, Shape stride, Shape padding) {
        if (this == FP32) {
            return Conv2d.conv2d(x, kernel, bias, stride, padding).singletonOrThrow(); // (N, out, H', W')
        }
        NDArray in = isBf16(x) ? x : Bf16Cast.toBf16(x);
        return Conv2d.conv2d(in, castFor(kernel, x), castFor(bias, x), stride, padding)
                .singletonOrThrow(); // (N, out, H', W') bf16
    }

    /**
     * A parameter's bf16 copy owned by the step's manager (x's), not the parameter's: a cast's
     * result joins its input's manager, where a copy made every step would stay until the model
     * is closed.
     */
    private static NDArray castFor(NDArray parameter, NDArray x) {
        NDArray copy = Bf16Cast.toBf16(parameter);
        copy.attach(x.getManager());
        return copy;
    }

    /**
     * A convolution for the cached samplers' row steps: the product in this precision, the float
     * bias added to it, so the result is float (bf16 + float promotes).
     *
     * @return (N, out, H', W') float
     */
    public NDArray stepConv2d(NDArray x, NDArray kernel, NDArray bias, Shape stride, Shape padding) {
        if (this == FP32) {
            return Conv2d.conv2d(x, kernel, bias, stride, padding).singletonOrThrow(); // (N, out, H', W')
        }
        NDArray y = Conv2d.conv2d(Bf16Cast.toBf16(x), Bf16Cast.toBf16(kernel), null, stride, padding)
                .singletonOrThrow(); // (N, out, H', W') bf16
        return y.add(bias.reshape(1, -1, 1, 1)); // (N, out, H', W') float: bf16 + float promotes
    }

    /**
     * {@code a · b + bias} for the samplers' per-position products: {@code a} (N, in) of the
     * step, {@code b} (in, out) prepared once by {@link #weight}, {@code bias} (out) float.
     *
     * @return (N, out) in a's floating type; joins a's manager
     */
    public NDArray matMul(NDArray a, NDArray b, NDArray bias) {
        NDArray product = this == FP32 ? a.matMul(b) : Bf16Cast.toBf16(a).matMul(b); // (N, out)
        return bias == null ? castBack(product) : product.add(bias); // (N, out)
    }

    /** A weight for {@link #matMul}, cast once: itself in fp32, its bf16 copy in bf16. */
    public NDArray weight(NDArray w) {
        return this == FP32 ? w : Bf16Cast.toBf16(w);
    }

    private NDArray castBack(NDArray product) {
        return this == FP32 ? product : Bf16Cast.toFloat32(product);
    }

    private static final class CpuFlags {
        static final boolean HAS_BF16 = readFlags();

        private static boolean readFlags() {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            try {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("flags")) {
                        for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                            if (BF16_FLAGS.contains(flag)) {
                                return true;
                            }
                        }
                        return false;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return false; // not Linux, or unreadable: report no native bf16
            }
            return false;
        }
    }
}
