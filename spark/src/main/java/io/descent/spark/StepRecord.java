package io.descent.spark;

/**
 * What one step of distributed training did, as the history keeps it. For local SGD one record covers a
 * round of {@code localSteps} steps on every worker.
 *
 * @param step            the global step reached (steps done so far, counting every local step of a round)
 * @param epoch           the epoch it belongs to, from 0
 * @param localSteps      steps the record covers (1 for a synchronous step, k for a round of local SGD)
 * @param samples         samples the workers computed on
 * @param loss            the mean training loss over those samples, at the weights they were computed with
 * @param computeMs       the longest time one worker spent computing (forward, backward, local updates)
 * @param aggregateMs     the rest of the Spark job: scheduling, shipping weights and results, combining them
 * @param broadcastMs     time to serialize and register the broadcast on the driver
 * @param updateMs        the driver's update: optimizer step (synchronous) or averaging (local SGD)
 * @param totalMs         the whole step, wall clock, on the driver
 * @param bytesBroadcast  payload broadcast to the workers (weights, batch indices, optimizer state); each
 *                        executor fetches one copy
 * @param bytesAggregated payload of the results sent back and combined (one vector per partition, plus the
 *                        intermediate levels of a tree aggregation)
 */
public record StepRecord(long step, long epoch, int localSteps, long samples, double loss, double computeMs,
        double aggregateMs, double broadcastMs, double updateMs, double totalMs, long bytesBroadcast,
        long bytesAggregated) {

    /** The CSV header matching {@link #csv()}. */
    public static final String CSV_HEADER = "step,epoch,local_steps,samples,loss,compute_ms,aggregate_ms,"
            + "broadcast_ms,update_ms,total_ms,bytes_broadcast,bytes_aggregated";

    public String csv() {
        return step + "," + epoch + "," + localSteps + "," + samples + "," + loss + "," + ms(computeMs) + ","
                + ms(aggregateMs) + "," + ms(broadcastMs) + "," + ms(updateMs) + "," + ms(totalMs) + ","
                + bytesBroadcast + "," + bytesAggregated;
    }

    private static String ms(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
