package io.descent.spark;

import io.descent.cli.SegmentCodec;
import io.descent.cli.TrialCluster;
import io.descent.cli.TuneSegments;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code descent tune --spark MASTER}: each trial segment is one Spark job of one task, which runs
 * {@link TuneSegments#run} on an executor (the request carries the checkpoint it continues from, the result the
 * new one; both travel as {@link SegmentCodec}'s bytes). Up to {@code parallel} jobs are in flight at once, each submitted from its own driver thread, as
 * Spark's scheduler allows; the tune command's schedulers decide on a clock of epochs, so the cluster's timing
 * changes no result.
 */
public final class SparkTrialCluster implements TrialCluster.Factory {
    @Override
    public TrialCluster open(String master, int parallel) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSessions.embedded(master).sparkContext());
        ExecutorService driver = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "descent-tune-spark");
            t.setDaemon(true);
            return t;
        });
        return new TrialCluster() {
            @Override
            public CompletableFuture<Result> submit(Request request) {
                return CompletableFuture.supplyAsync(() -> {
                    sc.setJobDescription("descent tune: trial " + request.trial() + ", epochs " + request.fromEpochs()
                            + " to " + request.toEpochs());
                    byte[] result = sc.parallelize(List.of(SegmentCodec.encode(request)), 1)
                            .map(TuneSegments::runEncoded).collect().get(0);
                    return SegmentCodec.decodeResult(result);
                }, driver);
            }

            @Override
            public void close() {
                driver.shutdownNow();
            }
        };
    }
}
