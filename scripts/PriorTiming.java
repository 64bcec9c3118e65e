import ai.djl.ndarray.NDManager;
import io.github.pixelcnn.model.Condition;
import io.github.pixelcnn.vq.CodePrior;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;

/**
 * Times 100 class-conditional samples (ten per class) through a VQ-VAE prior and its decoder,
 * several times in one JVM: the first call pays the one-time costs (JIT, libtorch's first call of
 * each operation and convolution shape), the later ones show what a server or a Java program pays.
 * Prints the wall time and the sampling thread's CPU time, which a loaded machine inflates less.
 *
 * <pre>{@code
 * java -Dai.djl.pytorch.num_threads=1 -cp 'target/pixelcnn.jar:target/lib/*' scripts/PriorTiming.java \
 *     models/fashion-mnist-vqvae-prior.ckpt models/fashion-mnist-vqvae.ckpt 6
 * }</pre>
 *
 * A single-file program (Java 11+ runs it from source); nothing else in the project uses it.
 */
public final class PriorTiming {
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: java -cp 'target/pixelcnn.jar:target/lib/*' scripts/PriorTiming.java"
                    + " PRIOR.ckpt VQVAE.ckpt REPEATS");
            System.exit(2);
        }
        int repeats = Integer.parseInt(args[2]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (NDManager manager = NDManager.newBaseManager();
                CodePrior generator = CodePrior.load(Path.of(args[0]), Path.of(args[1]), manager)) {
            int[] labels = new int[100];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i / 10;
            }
            int classes = generator.prior().config().conditionSize();
            for (int r = 0; r < repeats; r++) {
                try (NDManager call = manager.newSubManager()) {
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    byte[] codes = generator.sampleCodes(Condition.classes(labels, classes), labels.length, 1f, r,
                            null, call);
                    long wall1 = System.nanoTime();
                    long cpu1 = threads.getCurrentThreadCpuTime();
                    generator.decode(codes, call);
                    long wall2 = System.nanoTime();
                    long cpu2 = threads.getCurrentThreadCpuTime();
                    System.out.printf("call %d: wall %.3f s (codes %.3f, decoding %.3f); CPU %.3f s (codes %.3f,"
                            + " decoding %.3f)%n", r + 1, (wall2 - wall0) / 1e9, (wall1 - wall0) / 1e9,
                            (wall2 - wall1) / 1e9, (cpu2 - cpu0) / 1e9, (cpu1 - cpu0) / 1e9, (cpu2 - cpu1) / 1e9);
                }
            }
        }
    }
}
