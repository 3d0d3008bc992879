package io.descent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Trial segments on {@code parallel} threads of this process ({@link TrialPool}, which the report's claims grids use
 * too), each segment one trial on one thread. A segment's checkpoint goes to a temporary
 * directory, {@code trial-ID-EPOCHS.safetensors}; the one it continued from is deleted once it is done, so the
 * directory holds at most one checkpoint per live trial. The directory goes on {@link #close}.
 */
final class LocalTrials implements TrialExecutor {
    private final TaskOptions.Prepared task;
    private final TrialPool pool;
    private final Path dir;

    LocalTrials(TaskOptions.Prepared task, int parallel) throws IOException {
        this.task = task;
        this.pool = new TrialPool(parallel);
        this.dir = Files.createTempDirectory("descent-tune-");
    }

    @Override
    public CompletableFuture<TaskRun> submit(TrialConfig config, RungJob job) {
        return pool.submit(() -> {
            Path from = job.fromEpochs() == 0 ? null : checkpoint(job.trial(), job.fromEpochs());
            try {
                TaskRun run = TrialTraining.segment(task, config, from, job.toEpochs(),
                        checkpoint(job.trial(), job.toEpochs()));
                if (from != null) {
                    Files.deleteIfExists(from);
                }
                return run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Path checkpoint(int trial, int epochs) {
        return dir.resolve("trial-" + trial + "-" + epochs + ".safetensors");
    }

    @Override
    public int parallelism() {
        return pool.parallelism();
    }

    @Override
    public void close() {
        pool.close();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a finished search for
        }
    }
}
