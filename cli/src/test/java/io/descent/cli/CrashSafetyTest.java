package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.io.CheckpointFile;
import io.descent.io.ModelFile;
import io.descent.tensor.Rng;
import io.descent.train.CheckpointLock;
import io.descent.train.Checkpointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: {@code descent train --checkpoint-dir} in a JVM of its own, killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) at random moments: before its first checkpoint, right after one,
 * in the middle of writing one. Every time, the checkpoint directory holds a complete, loadable
 * {@code last.safetensors} (or none yet; never half a file), and {@code --resume} from it ends with a model
 * file identical, byte for byte, to that of a run never stopped.
 *
 * <p>A few kills by default; {@code -Ddescent.crash.iterations=50} for more when run on purpose.
 */
class CrashSafetyTest {
    private static final int ITERATIONS = Integer.getInteger("descent.crash.iterations", 3);
    private static final String[] RUN = {"train", "--data", "spirals(n=2000)", "--model", "mlp(32,32)", "--optimizer",
        "adam(lr=0.01)", "--batch-size", "16", "--epochs", "30", "--seed", "7"};

    @TempDir
    Path dir;

    private static String[] with(String... more) {
        String[] out = new String[RUN.length + more.length];
        System.arraycopy(RUN, 0, out, 0, RUN.length);
        System.arraycopy(more, 0, out, RUN.length, more.length);
        return out;
    }

    @Test
    void killedAtRandomMomentsTheLastCheckpointLoadsAndResumingEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.safetensors");
        CliTestSupport.Result straight = CliTestSupport.run(with("--checkpoint-dir", dir.resolve("ref-ck").toString(),
                "--save", reference.toString()));
        assertThat(straight.status()).as(straight.err()).isZero();
        byte[] expected = Files.readAllBytes(reference);

        long seed = Long.getLong("descent.crash.seed", System.nanoTime()); // -Ddescent.crash.seed=... replays the delays
        Rng rng = new Rng(seed);
        String where = "seed " + seed + ", ";
        int resumed = 0;
        int duringWrite = 0;
        List<String> log = new ArrayList<>();
        for (int i = 0; i < ITERATIONS; i++) {
            Path ck = dir.resolve("ck-" + i);
            Path saved = dir.resolve("killed-" + i + ".safetensors");
            Process child = ChildJvm.start("256m", dir.resolve("out-" + i), dir.resolve("err-" + i),
                    with("--checkpoint-dir", ck.toString(), "--save", saved.toString()));
            long started = System.nanoTime();
            long delayMs;
            if (i % 3 == 2) {
                delayMs = rng.nextInt(2500); // any moment, the first checkpoint perhaps not yet written
                Thread.sleep(delayMs);
            } else {
                while (child.isAlive() && !Files.exists(ck.resolve(Checkpointer.LAST))) {
                    Thread.sleep(5); // the first epoch
                }
                delayMs = rng.nextInt(1500); // then somewhere in later epochs and their checkpoint writes
                Thread.sleep(delayMs);
            }
            boolean killed = child.isAlive();
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String when = "iteration " + i + ": " + (killed ? "killed" : "finished") + " after "
                    + (System.nanoTime() - started) / 1_000_000 + " ms";
            if (!killed) {
                assertThat(child.exitValue()).as(where + when + ": " + Files.readString(dir.resolve("err-" + i)))
                        .isZero();
            }

            Path last = ck.resolve(Checkpointer.LAST);
            if (Files.exists(ck)) {
                List<String> names;
                try (Stream<Path> files = Files.list(ck)) {
                    names = files.map(p -> p.getFileName().toString()).toList();
                }
                assertThat(names.stream().filter(n -> !n.endsWith(".tmp") && !n.equals(CheckpointLock.FILE)))
                        .as(where + when + ": only whole checkpoints under their name").allMatch(Checkpointer.LAST::equals);
                if (names.stream().anyMatch(n -> n.endsWith(".tmp"))) {
                    when += " while writing a checkpoint (its temporary file is left)";
                    duringWrite++;
                }
            }
            if (Files.exists(saved)) {
                ModelFile.load(saved); // a model file, if written, is whole too
            }
            if (!Files.exists(last)) {
                log.add(when + ", before the first checkpoint");
                continue;
            }
            CheckpointFile.Contents c = CheckpointFile.read(last); // complete: every checksum verified
            String epoch = c.extra("epoch");
            Path finished = dir.resolve("resumed-" + i + ".safetensors");
            CliTestSupport.Result rest = CliTestSupport.run(with("--checkpoint-dir", ck.toString(), "--resume",
                    ck.toString(), "--save", finished.toString()));
            assertThat(rest.status()).as(where + when + ": " + rest.err()).isZero();
            try (Stream<Path> files = Files.list(ck)) { // the resumed run, holding the lock, removed the stale ones
                assertThat(files.map(p -> p.getFileName().toString())).as(where + when).noneMatch(n -> n.endsWith(".tmp"));
            }
            assertThat(rest.lastLine()).as(where + when).isEqualTo(straight.lastLine());
            assertThat(Files.readAllBytes(finished)).as(where + when + ", resumed from epoch " + epoch)
                    .isEqualTo(expected);
            log.add(when + ", resumed from epoch " + epoch);
            resumed++;
        }
        System.out.println("crash safety (seed " + seed + "): " + ITERATIONS + " runs, " + resumed + " resumed, " + duringWrite
                + " killed while writing: " + String.join("; ", log));
        assertThat(resumed).as("kills after a checkpoint").isGreaterThanOrEqualTo(Math.min(ITERATIONS, 2 * ITERATIONS / 3));
    }
}
