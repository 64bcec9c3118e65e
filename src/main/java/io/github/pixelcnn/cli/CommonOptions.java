package io.github.pixelcnn.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.Precision;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options every command shares: the device, the precision and verbosity. */
public final class CommonOptions {
    @Option(names = "--precision", defaultValue = "auto", converter = PrecisionChoice.class,
            description = "fp32 | bf16 | auto: bf16 runs the network in bfloat16 (activations and convolutions) and"
                    + " the softmax, loss, weights and optimizer in fp32; slower on CPUs without bf16 instructions."
                    + " auto is bf16 for train and eval on a CPU with avx512_bf16 or amx_bf16, else fp32"
                    + " (default: ${DEFAULT-VALUE})")
    String precisionText;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--verbose", description = "print stack traces on errors (default: off)")
    boolean verbose;

    /** The precision asked for, auto meaning fp32; see {@link #newManager()} for the note it may print. */
    Precision precision() {
        return resolve(false);
    }

    /**
     * The precision for training and evaluation, where bf16 pays and its fidelity is measured:
     * auto means bf16 on a CPU with bf16 instructions ({@link #autoNote} says so), else fp32.
     */
    Precision trainingPrecision() {
        return resolve(true);
    }

    /** Runs {@code model} in the precision asked for, and returns it. */
    <M extends PixelModel> M inPrecision(M model) {
        model.setPrecision(precision());
        return model;
    }

    /** Refuses, in one line, an explicit bf16 for a command that runs only in fp32, and why. */
    void requireFp32(String why) {
        if (resolve(false) != Precision.FP32) {
            throw new BadInputException("--precision " + precisionText.strip().toLowerCase(Locale.ROOT)
                    + " does not apply: " + why);
        }
    }

    private Precision resolve(boolean bf16WhereNative) {
        if (!precisionText.equals("auto")) {
            return Precision.parse(precisionText); // PrecisionChoice let only fp32 and bf16 through
        }
        if (bf16WhereNative && Precision.BF16.isNative()) {
            autoBf16 = true;
            return Precision.BF16;
        }
        return Precision.FP32;
    }

    /**
     * The line a command prints where its output begins when auto chose bf16, so that the change
     * of arithmetic is never silent; null otherwise.
     */
    String autoNote() {
        return autoBf16 ? "precision: bf16, the default on this CPU (it has bf16 instructions);"
                + " --precision fp32 for float32 arithmetic" : null;
    }

    private boolean autoBf16;

    /** Refuses an unknown precision while the command line is parsed, before any other check. */
    static final class PrecisionChoice implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (!v.equals("auto") && !v.equals("fp32") && !v.equals("bf16")) {
                throw new TypeConversionException("unknown precision '" + value + "', expected fp32, bf16 or auto");
            }
            return v;
        }
    }

    /**
     * A base manager on the requested device; gpu fails clearly when none is there. Every command
     * that runs a network calls this once before its work, so this is where bf16 on a CPU without
     * bf16 instructions is announced, in one line (it still runs, emulated by oneDNN).
     */
    NDManager newManager() {
        if (!precision().isNative()) {
            System.err.println("pixelcnn: note: this CPU has no bf16 instructions (neither avx512_bf16 nor amx_bf16);"
                    + " --precision bf16 runs emulated and slower than fp32");
        }
        Device d;
        switch (device) {
            case "cpu" -> d = Device.cpu();
            case "gpu" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new BadInputException("--device gpu: no CUDA GPU is visible to the PyTorch engine;"
                            + " it needs an NVIDIA GPU and DJL's CUDA build of libtorch (mvn -Pcuda package)");
                }
                d = Device.gpu();
            }
            default -> throw new BadInputException("--device must be cpu or gpu, got " + device);
        }
        return NDManager.newBaseManager(d);
    }
}
