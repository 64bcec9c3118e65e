package io.github.pixelcnn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Casts between float and bfloat16 inside the autograd graph, through two TorchScript modules.
 *
 * <p>DJL 0.36 cannot name bfloat16: its native code maps a {@code DataType} to libtorch's dtype by
 * ordinal and knows only ordinals 0–8, so {@code toType(BFLOAT16)} (and every call that takes a
 * dtype) ends in {@code std::terminate}; its {@code toType} also never carries gradients. A
 * TorchScript method {@code torch.to(x, 15)} (15 is bfloat16's ScalarType code) has neither
 * problem: called through {@link IValueUtils#forward(PtSymbolBlock, NDList, boolean)} it records
 * {@code ToCopyBackward0}, so gradients flow back to the float tensor. The bf16 tensors it returns
 * pass through DJL ops that map no dtype (convolution, matmul, pad, transpose, add); adding a
 * float tensor promotes the result back to float, differentiably.
 *
 * <p>Lifetime: the archives are written by {@link TorchScriptArchive} to a temporary file, loaded
 * once per process on first use and deleted at once; the modules then live in a base manager of
 * their own until the process ends. Nothing is downloaded and no Python runs.
 */
public final class Bf16Cast {
    /** libtorch's ScalarType codes. */
    private static final int BFLOAT16 = 15;
    private static final int FLOAT = 6;

    private final PtSymbolBlock down;
    private final PtSymbolBlock up;

    private Bf16Cast() {
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager();
        down = load(manager, "ToBfloat16", "torch.to(x, " + BFLOAT16 + ")");
        up = load(manager, "ToFloat", "torch.to(x, " + FLOAT + ")");
    }

    private static final class Holder {
        static final Bf16Cast INSTANCE = new Bf16Cast();
    }

    /** x as bfloat16, with gradients flowing back to x; joins x's manager. */
    public static NDArray toBf16(NDArray x) {
        return cast(Holder.INSTANCE.down, x);
    }

    /** x as float32, with gradients flowing back to x; joins x's manager. */
    public static NDArray toFloat32(NDArray x) {
        return cast(Holder.INSTANCE.up, x);
    }

    private static NDArray cast(PtSymbolBlock module, NDArray x) {
        return IValueUtils.forward(module, new NDList(x), true).singletonOrThrow();
    }

    private static PtSymbolBlock load(PtNDManager manager, String name, String body) {
        try {
            Path file = Files.createTempFile("pixelcnn-" + name, ".pt");
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    TorchScriptArchive.write(name, body, out);
                }
                return JniUtils.loadModule(manager, file, false, new String[0], new String[0], true);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TorchScript cast module " + name, e);
        }
    }
}
