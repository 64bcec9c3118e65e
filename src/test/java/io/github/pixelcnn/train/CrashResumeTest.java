package io.github.pixelcnn.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run killed three times, at points drawn from a printed seed, and resumed each time
 * until it completes: every checkpoint left behind loads and holds the step the kill implies, each
 * session resumes at that step, metrics.csv has no duplicate or missing rows, and the final
 * parameters equal those of a run that was never killed, bit for bit.
 *
 * <p>The kills are {@link HaltingRun}'s {@code Runtime.halt}, which is {@code kill -9} for the JVM
 * (no hook, no flush), at fixed points: mid-epoch after a step (its checkpoint not yet written),
 * after an epoch's evaluation and checkpoint (its sample grid not yet drawn), and mid-epoch again.
 * Nothing depends on timing, so a failure repeats with the seed it prints; {@code
 * -Dcrash.seed=N} tries another.
 */
class CrashResumeTest {
    private static final int LOG_EVERY = 10;
    private static final int STEPS_PER_EPOCH = 20;
    /** Only a hang guard: a session takes seconds idle and about a minute at a load average of 11. */
    private static final long HANG_SECONDS = 900;

    @TempDir Path dir;

    @Test
    void killedAndResumedRunEndsBitIdentical() throws Exception {
        long seed = Long.getLong("crash.seed", 23);
        SplittableRandom random = new SplittableRandom(seed);
        int first = 2 + random.nextInt(STEPS_PER_EPOCH - 2); // step 1 leaves no checkpoint to resume
        int epoch = random.nextInt(2); // ends at step 20 or 40
        int third = STEPS_PER_EPOCH * (epoch + 1) + 2 + random.nextInt(STEPS_PER_EPOCH - 2);
        List<String> kills = List.of("step:" + first, "epoch:" + epoch, "step:" + third);
        List<Long> leftAt = List.of(first - 1L, (long) STEPS_PER_EPOCH * (epoch + 1), third - 1L);
        System.out.printf("crash seed %d: kills at %s%n", seed, kills);

        Path straight = dir.resolve("straight");
        Process reference = launch(straight, "none", false, dir.resolve("straight.log")); // runs alongside
        Path run = dir.resolve("killed");
        for (int session = 0; session <= kills.size(); session++) {
            boolean last = session == kills.size();
            Path log = dir.resolve("session-" + session + ".log");
            Process p = launch(run, last ? "none" : kills.get(session), session > 0, log);
            assertThat(p.waitFor(HANG_SECONDS, TimeUnit.SECONDS)).as("session %d ended", session).isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).as("seed %d, session %d: %s", seed, session, out)
                    .isEqualTo(last ? 0 : HaltingRun.HALTED);
            if (session > 0) {
                assertThat(out).as("seed %d", seed).contains("resumed at step " + leftAt.get(session - 1));
            }
            if (!last) {
                // Always loads: a kill never leaves a torn checkpoint.
                TrainState state = Checkpoint.read(run.resolve("checkpoint.ckpt")).state();
                assertThat(state.step()).as("seed %d, after kill %s", seed, kills.get(session))
                        .isEqualTo(leftAt.get(session));
            }
        }
        assertThat(reference.waitFor(HANG_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(reference.exitValue()).as(Files.readString(dir.resolve("straight.log"))).isZero();

        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).state().step()).isEqualTo(HaltingRun.STEPS);
        assertThat(parameters(run)).as("parameters after kills and resumes (seed %d)", seed)
                .containsExactlyElementsOf(parameters(straight));
        assertMetricsContinuous(run);
        try (var files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** A child JVM (the test's own classpath) with one native thread, so both runs do the same arithmetic. */
    private static Process launch(Path run, String halt, boolean resume, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), HaltingRun.class.getName(),
                run.toString(), halt, resume ? "resume" : "new");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<List<Float>> parameters(Path run) {
        List<List<Float>> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Pair<String, Parameter> p :
                    Checkpoint.read(run.resolve("checkpoint.ckpt")).restoreModel(manager).namedParameters()) {
                List<Float> values = new ArrayList<>();
                for (float v : p.getValue().getArray().toFloatArray()) {
                    values.add(v);
                }
                out.add(values);
            }
        }
        return out;
    }

    /** Train rows: strictly rising steps, none repeated, none missing beyond the log interval. */
    private static void assertMetricsContinuous(Path run) throws IOException {
        List<Long> steps = new ArrayList<>();
        for (double[] row : MetricsLog.read(run.resolve("metrics.csv"))) {
            if (!Double.isNaN(row[1])) {
                steps.add((long) row[0]);
            }
        }
        System.out.println("train rows at steps " + steps);
        assertThat(steps).isNotEmpty().doesNotHaveDuplicates();
        assertThat(steps.get(0)).isLessThanOrEqualTo(LOG_EVERY);
        assertThat(steps.get(steps.size() - 1)).isEqualTo(HaltingRun.STEPS);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i) - steps.get(i - 1)).as("rows %s", steps).isBetween(1L, (long) LOG_EVERY);
        }
    }
}
