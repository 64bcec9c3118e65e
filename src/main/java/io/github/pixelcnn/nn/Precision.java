package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
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
 * <p>{@link #BF16}: the products of every convolution and of the samplers' matrix products run
 * in bfloat16 (inputs and kernels cast down by {@link Bf16Cast}); their float bias is added to
 * the bf16 result, which promotes it back to float. So everything else stays float: master
 * weights and their gradients, Adam's moments, gated activations, residual sums, the softmax,
 * the log-likelihood and every reduction. Each product's inputs are rounded to bf16 (8 bits of
 * mantissa); oneDNN accumulates in float.
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
     * A valid (unpadded) convolution of {@code x} (N, in, H, W) with {@code kernel} (out, in, kh,
     * kw) plus {@code bias} (out); joins x's manager.
     *
     * @return (N, out, H', W') in x's floating type
     */
    public NDArray conv2d(NDArray x, NDArray kernel, NDArray bias, Shape stride, Shape padding) {
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
