package io.github.pixelcnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.pixelcnn.train.Checkpoint;
import io.github.pixelcnn.train.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at random moments of {@code pixelcnn train}, then {@code --resume}, until the
 * run completes: every checkpoint left behind loads, each session resumes at that checkpoint's
 * step, metrics.csv has no duplicate or missing rows, and the final parameters equal those of a
 * run that was never killed, bit for bit.
 *
 * <p>Training runs in child JVMs (the test's own classpath) with one native thread, so both runs
 * do the same arithmetic; {@code --checkpoint-minutes 0.001} checkpoints every few steps.
 */
class CrashResumeTest {
    private static final int STEPS = 60;
    private static final int LOG_EVERY = 10;
    private static final int KILLS = 3;
    private static final Pattern RESUMED = Pattern.compile("resuming .* at step (\\d+) ");

    @TempDir Path dir;

    @Test
    void killedAndResumedRunEndsBitIdentical() throws Exception {
        Path data = TinyIdx.write(dir.resolve("data"), 320, 16); // 20 steps per epoch
        Path straight = dir.resolve("straight");
        Process reference = launch(straight, dir.resolve("straight.log"), false); // runs alongside

        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path run = dir.resolve("killed");
        long lastStep = 0;
        int kills = 0;
        for (int session = 0; ; session++) {
            Path out = dir.resolve("session-" + session + ".log");
            Process p = launch(run, out, session > 0);
            long before = lastStep;
            boolean killed = false;
            if (kills < KILLS) {
                // A random checkpoint step in the rest of the run, spread so each session gets one.
                long span = (STEPS - before) / (KILLS - kills + 1);
                long target = before + 1 + random.nextInt((int) Math.max(span, 1));
                killed = killAfterCheckpoint(p, run.resolve("checkpoint.ckpt"), target, random);
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (session > 0 && before > 0) {
                Matcher m = RESUMED.matcher(log(out));
                assertThat(m.find()).as("session %d resumed: %s", session, log(out)).isTrue();
                assertThat(Long.parseLong(m.group(1))).as("resumed at the checkpoint's step").isEqualTo(before);
            }
            if (!killed) {
                assertThat(p.exitValue()).as(log(out)).isZero();
                break;
            }
            kills++;
            long step = Checkpoint.read(run.resolve("checkpoint.ckpt")).state().step(); // always loads
            assertThat(step).as("kill %d (seed %d)", kills, seed).isGreaterThanOrEqualTo(before).isPositive();
            System.out.printf("kill %d: checkpoint at step %d%n", kills, step);
            lastStep = step;
            if (step == STEPS) {
                // Killed after its last checkpoint, while exiting: the run is complete, and a resume
                // would rightly refuse ("already past its stop"), so there is nothing left to resume.
                break;
            }
        }
        assertThat(kills).as("kills before the run finished (seed %d)", seed).isGreaterThanOrEqualTo(2);
        assertThat(reference.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(reference.exitValue()).as(log(dir.resolve("straight.log"))).isZero();

        assertThat(Checkpoint.read(run.resolve("checkpoint.ckpt")).state().step()).isEqualTo(STEPS);
        assertThat(parameters(run)).as("parameters after kills and resumes (seed %d)", seed)
                .containsExactlyElementsOf(parameters(straight));
        assertMetricsContinuous(run);
        try (var files = Files.list(run)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /**
     * Waits until the checkpoint has reached {@code targetStep}, then kills the process after a
     * random delay (mid-step, mid-save or mid-log); false when the process finished first.
     */
    private static boolean killAfterCheckpoint(Process p, Path ckpt, long targetStep, Random random)
            throws Exception {
        FileTime seen = null;
        while (p.isAlive()) {
            FileTime now = Files.exists(ckpt) ? Files.getLastModifiedTime(ckpt) : null;
            if (now != null && !now.equals(seen)) {
                seen = now;
                if (Checkpoint.read(ckpt).state().step() >= targetStep) {
                    Thread.sleep(random.nextInt(300));
                    if (!p.isAlive()) {
                        return false;
                    }
                    p.destroyForcibly(); // SIGKILL: no hook, no flush
                    p.waitFor();
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    private Process launch(Path run, Path log, boolean resume) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--dataset", "mnist:" + dir.resolve("data"), "--layers", "2", "--channels", "8",
                "--head", "16", "--batch", "16", "--lr", "0.01", "--seed", "5", "--eval-limit", "16",
                "--steps", String.valueOf(STEPS), "--checkpoint-minutes", "0.001", "--out", run.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String log(Path file) throws IOException {
        return Files.readString(file);
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
        assertThat(steps.get(steps.size() - 1)).isEqualTo(STEPS);
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i) - steps.get(i - 1)).as("rows %s", steps).isBetween(1L, (long) LOG_EVERY);
        }
    }
}
