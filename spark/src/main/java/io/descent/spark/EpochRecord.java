package io.descent.spark;

import java.util.Locale;

/**
 * One epoch of distributed training, as the history keeps it.
 *
 * @param epoch           the epoch, from 0
 * @param step            the global step at its end
 * @param loss            mean training loss over the epoch's samples
 * @param seconds         wall-clock time of the epoch's steps
 * @param bytesBroadcast  payload sent to the workers during the epoch
 * @param bytesAggregated payload sent back and combined during the epoch
 * @param metric          the evaluator's number at the epoch's end, NaN without an evaluator
 */
public record EpochRecord(long epoch, long step, double loss, double seconds, long bytesBroadcast,
        long bytesAggregated, double metric) {

    public static final String CSV_HEADER = "epoch,step,loss,seconds,bytes_broadcast,bytes_aggregated,metric";

    public String csv() {
        return epoch + "," + step + "," + loss + "," + String.format(Locale.ROOT, "%.3f", seconds) + ","
                + bytesBroadcast + "," + bytesAggregated + "," + metric;
    }
}
