package io.github.pixelcnn.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.BadInputException;
import picocli.CommandLine.Option;

/** Options every command shares: the device and verbosity. */
public final class CommonOptions {
    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--verbose", description = "print stack traces on errors (default: off)")
    boolean verbose;

    /** A base manager on the requested device; gpu fails clearly when none is there. */
    NDManager newManager() {
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
