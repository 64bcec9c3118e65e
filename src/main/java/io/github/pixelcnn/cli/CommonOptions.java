package io.github.pixelcnn.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import io.github.pixelcnn.model.PixelModel;
import io.github.pixelcnn.nn.Precision;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options every command shares: the device, the precision and verbosity. */
public final class CommonOptions {
    @Option(names = "--precision", defaultValue = "fp32",
            description = "fp32 or bf16: bf16 runs the convolutions' products in bfloat16 and the rest"
                    + " (weights, optimizer, softmax, loss) in fp32; slower on CPUs without bf16 instructions"
                    + " (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--verbose", description = "print stack traces on errors (default: off)")
    boolean verbose;

    /** The precision asked for; see {@link #newManager()} for the note it may print. */
    Precision precision() {
        return precision;
    }

    /** Runs {@code model} in the precision asked for, and returns it. */
    <M extends PixelModel> M inPrecision(M model) {
        model.setPrecision(precision);
        return model;
    }

    /** Refuses, in one line, a precision other than fp32 for a command that runs only in fp32, and why. */
    void requireFp32(String why) {
        if (precision != Precision.FP32) {
            throw new BadInputException("--precision " + precision.toString().toLowerCase(Locale.ROOT)
                    + " does not apply: " + why);
        }
    }

    /**
     * A base manager on the requested device; gpu fails clearly when none is there. Every command
     * that runs a network calls this once before its work, so this is where bf16 on a CPU without
     * bf16 instructions is announced, in one line (it still runs, emulated by oneDNN).
     */
    NDManager newManager() {
        if (!precision.isNative()) {
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
