package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.train.CheckpointLock;
import io.descent.train.Checkpointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19, items 6 and 9 (stale temporaries): one run per checkpoint directory, and resume only the same run. */
class CheckpointDirectoryCommandTest {
    @TempDir
    Path dir;
    Path ck;

    private static final String[] RUN = {"train", "--data", "moons(n=200)", "--model", "mlp(8)", "--optimizer",
        "adam(lr=0.01)", "--batch-size", "32", "--seed", "3"};

    @BeforeEach
    void firstRun() {
        ck = dir.resolve("ck");
        CliTestSupport.Result r = run("--epochs", "2", "--checkpoint-dir", ck.toString());
        assertThat(r.status()).as(r.err()).isZero();
    }

    /** The base run with {@code more}'s options replacing the base's values of the same options. */
    private CliTestSupport.Result run(String... more) {
        List<String> args = new ArrayList<>();
        List<String> given = List.of(more);
        args.add(RUN[0]);
        for (int i = 1; i < RUN.length; i += 2) {
            if (!given.contains(RUN[i])) {
                args.add(RUN[i]);
                args.add(RUN[i + 1]);
            }
        }
        args.addAll(given);
        if (!args.contains("--save")) {
            args.addAll(List.of("--save", dir.resolve("m.safetensors").toString()));
        }
        return CliTestSupport.run(args.toArray(new String[0]));
    }

    @Test
    void aFreshRunOverAnEarlierRunsCheckpointIsRefusedUnlessOverwrite() throws IOException {
        byte[] before = Files.readAllBytes(ck.resolve(Checkpointer.LAST));
        CliTestSupport.Result again = run("--epochs", "1", "--checkpoint-dir", ck.toString());
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("descent: --checkpoint-dir, " + ck + ": holds last.safetensors of an earlier "
                + "run: continue it with --resume " + ck + ", start afresh over it with --overwrite, or give another "
                + "directory\n");
        assertThat(Files.readAllBytes(ck.resolve(Checkpointer.LAST))).isEqualTo(before);
        CliTestSupport.Result forced = run("--epochs", "1", "--checkpoint-dir", ck.toString(), "--overwrite");
        assertThat(forced.status()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(ck.resolve(Checkpointer.LAST))).isNotEqualTo(before);
    }

    @Test
    void aSecondRunOnADirectoryAnotherProcessHoldsFailsAtOnceNamingItsPid() throws Exception {
        Path other = dir.resolve("other-ck");
        List<String> args = new ArrayList<>(Arrays.asList(RUN).subList(0, 1));
        args.addAll(List.of("--data", "moons(n=20000)", "--epochs", "100000", "--checkpoint-dir", other.toString(),
                "--save", dir.resolve("child.safetensors").toString()));
        Process child = ChildJvm.start("256m", dir.resolve("child.out"), dir.resolve("child.err"),
                args.toArray(new String[0]));
        try {
            Path lockFile = other.resolve(CheckpointLock.FILE);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(lockFile) && Files.readString(lockFile).strip().equals(Long.toString(child.pid())))) {
                assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.err"))).isTrue();
                assertThat(System.nanoTime()).as("the child never took the lock").isLessThan(deadline);
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            CliTestSupport.Result second = run("--epochs", "1", "--checkpoint-dir", other.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(second.status()).isEqualTo(2);
            assertThat(second.err()).isEqualTo("descent: " + other + ": another run holds this checkpoint directory "
                    + "(process " + child.pid() + "); wait for it to end, or give another --checkpoint-dir\n");
            assertThat(second.out()).doesNotContain("epoch 1");
            assertThat(seconds).as("before any data loads or epoch runs").isLessThan(30);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void resumeRefusesEveryChangedSettingAndListsEach() throws IOException {
        Path csv = dir.resolve("d.csv");
        CliTestSupport.Result r = run("--epochs", "4", "--resume", ck.toString(), "--checkpoint-dir", ck.toString(),
                "--optimizer", "adam(lr=0.001)", "--seed", "4", "--batch-size", "16", "--model", "mlp(8, activation=tanh)",
                "--validation-split", "0.2", "--schedule", "step(step_size=1)");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: " + ck.resolve(Checkpointer.LAST) + ", entries 'run.*': the checkpoint "
                + "was written by a run with other settings: ")
                .contains("--model was mlp(8), now mlp(8, activation=tanh)")
                .contains("--optimizer was adam(lr=0.01), now adam(lr=0.001)")
                .contains("--schedule was none, now step(step_size=1)")
                .contains("--seed was 3, now 4")
                .contains("--batch-size was 32, now 16")
                .contains("--validation-split was 0.1, now 0.2");
        assertThat(r.err().strip()).doesNotContain("\n");
        CliTestSupport.Result data = run("--epochs", "4", "--resume", ck.toString(), "--checkpoint-dir", ck.toString(),
                "--data", "moons(n=201)");
        assertThat(data.status()).isEqualTo(2);
        assertThat(data.err()).contains("--data was moons(n=200), now moons(n=201)");
        assertThat(csv).doesNotExist();
    }

    @Test
    void aChangedDataFileIsRefusedOnResume() throws IOException {
        Path csv = dir.resolve("d.csv");
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 60; i++) {
            sb.append(i * 0.01).append(',').append(1 - i * 0.01).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, sb);
        Path ck2 = dir.resolve("ck2");
        String[] csvRun = {"--data", "csv:" + csv, "--checkpoint-dir", ck2.toString()};
        CliTestSupport.Result first = run(concat(csvRun, "--epochs", "1"));
        assertThat(first.status()).as(first.err()).isZero();
        Files.writeString(csv, sb.append("0.5,0.5,1\n"));
        CliTestSupport.Result r = run(concat(csvRun, "--epochs", "2", "--resume", ck2.toString()));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--data was csv:" + csv + " (").contains("bytes, modified");
    }

    @Test
    void moreEpochsOnResumeIsAccepted() {
        CliTestSupport.Result r = run("--epochs", "3", "--resume", ck.toString(), "--checkpoint-dir", ck.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 3/3").doesNotContain("epoch 1/3");
    }

    @Test
    void theNextRunOnTheDirectoryDeletesStaleTemporariesOfAKilledCheckpointWrite() throws IOException {
        Path stale = Files.writeString(ck.resolve(".last.safetensors.3f9a0c2b1d.tmp"), "half a checkpoint");
        Path staleBest = Files.writeString(ck.resolve(".best.safetensors.77.tmp"), "half");
        Path mine = Files.writeString(ck.resolve("notes.tmp"), "a user's file");
        CliTestSupport.Result r = run("--epochs", "3", "--resume", ck.toString(), "--checkpoint-dir", ck.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("removed 2 stale temporary file(s) of a killed checkpoint write in " + ck);
        assertThat(stale).doesNotExist();
        assertThat(staleBest).doesNotExist();
        assertThat(mine).exists();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
