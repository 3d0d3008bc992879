package io.descent.cli;

import io.descent.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Both ends of {@link TrialCluster}: {@link #run} is what a cluster task does with a request (loads the task once per
 * process, writes the checkpoint it got to a temporary file, trains with {@link TrialTraining}, sends the new
 * checkpoint back); {@link #executor} is the {@link TrialExecutor} the tune command drives, holding each live trial's
 * latest checkpoint in memory (one per trial, the older one dropped when the next arrives).
 */
public final class TuneSegments {
    /** The task each process loaded, by its options: data loads once per executor, not once per segment. */
    private static final Map<Map<String, String>, TaskOptions.Prepared> TASKS = new ConcurrentHashMap<>();

    private TuneSegments() {
    }

    /** {@link #run} on {@link SegmentCodec}'s bytes: what a cluster task ships and returns. */
    public static byte[] runEncoded(byte[] request) {
        return SegmentCodec.encode(run(SegmentCodec.decodeRequest(request)));
    }

    /** Runs one segment where the cluster placed it. */
    public static TrialCluster.Result run(TrialCluster.Request r) {
        TaskOptions.Prepared p = TASKS.computeIfAbsent(r.task(), TuneSegments::prepare);
        TrialConfig c = new TrialConfig(r.trial(), r.optimizer(), r.batchSize(), r.model(), r.searched());
        try {
            Path dir = Files.createTempDirectory("descent-segment-");
            try {
                Path from = null;
                if (r.fromEpochs() > 0) {
                    from = dir.resolve("from.safetensors");
                    Files.write(from, r.checkpoint());
                }
                Path to = dir.resolve("to.safetensors");
                TaskRun run = TrialTraining.segment(p, c, from, r.toEpochs(), to);
                byte[] checkpoint = Files.exists(to) ? Files.readAllBytes(to) : new byte[0];
                return new TrialCluster.Result(run.history().toJson(), run.seconds(), run.diverged(), checkpoint);
            } finally {
                for (String f : new String[] {"from.safetensors", "to.safetensors"}) {
                    Files.deleteIfExists(dir.resolve(f));
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options a cluster task rebuilds the task from. */
    static Map<String, String> taskOptions(TaskOptions t) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", t.data);
        m.put("model", t.model);
        m.put("loss", t.loss == null ? "" : t.loss);
        m.put("batch_size", Integer.toString(t.batchSize));
        m.put("seed", Long.toString(t.seed));
        m.put("validation_split", Double.toString(t.validationSplit));
        m.put("label", t.label == null ? "" : t.label);
        m.put("no_header", Boolean.toString(t.noHeader));
        m.put("regression", Boolean.toString(t.regression));
        return Map.copyOf(m);
    }

    private static TaskOptions.Prepared prepare(Map<String, String> m) {
        TaskOptions t = new TaskOptions();
        t.data = m.get("data");
        t.model = m.get("model");
        t.loss = m.get("loss").isEmpty() ? null : m.get("loss");
        t.batchSize = Integer.parseInt(m.get("batch_size"));
        t.seed = Long.parseLong(m.get("seed"));
        t.validationSplit = Double.parseDouble(m.get("validation_split"));
        t.label = m.get("label").isEmpty() ? null : m.get("label");
        t.noHeader = Boolean.parseBoolean(m.get("no_header"));
        t.regression = Boolean.parseBoolean(m.get("regression"));
        return t.prepare();
    }

    /** The tune command's executor over a cluster, keeping the checkpoints between segments in memory. */
    static TrialExecutor executor(TrialCluster cluster, TaskOptions task, int parallel) {
        Map<String, String> options = taskOptions(task);
        Map<Integer, byte[]> checkpoints = new ConcurrentHashMap<>();
        return new TrialExecutor() {
            @Override
            public CompletableFuture<TaskRun> submit(TrialConfig c, RungJob job) {
                byte[] from = job.fromEpochs() == 0 ? new byte[0] : checkpoints.get(job.trial());
                var request = new TrialCluster.Request(options, c.id(), c.optimizer(), c.batchSize(), c.model(),
                        Map.copyOf(c.searched()), job.fromEpochs(), job.toEpochs(), from);
                return cluster.submit(request).thenApply(r -> {
                    checkpoints.put(job.trial(), r.checkpoint());
                    History h = History.fromJson("trial " + c.id(), r.historyJson());
                    return new TaskRun(c.label(), h, r.seconds(), r.diverged());
                });
            }

            @Override
            public int parallelism() {
                return parallel;
            }

            @Override
            public void close() {
                cluster.close();
            }
        };
    }
}
