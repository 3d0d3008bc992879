package io.descent.data;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * The child JVM of {@link StreamingMemoryTest}: streams one shuffled epoch of a LIBSVM file through
 * {@link TextChunks} and {@link StreamingRows} (1 MB chunks, 2 queued, 8192 rows shuffled) with the heap it was
 * given and prints what it saw: {@code rows labelSum valueSum maxHeapBytes peakHeapBytes seconds}.
 */
public final class StreamingChild {
    private StreamingChild() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        TextChunks source = TextChunks.libsvm(Path.of(args[0]), LibSvmFormat.DEFAULT, 1 << 20);
        StreamingRows stream = new StreamingRows(source, args[0], new StreamingRows.Options(256, 8192, true, 42, 2),
                key -> true, StreamingRows.Labels.SIGNS);
        long rows = 0;
        double labelSum = 0;
        double valueSum = 0;
        stream.beginEpoch(1, 0);
        for (int n = stream.fill(); n > 0; n = stream.fill()) {
            SparseBatch b = stream.sparseBatch(n);
            rows += b.size();
            for (int k = 0; k < b.size(); k++) {
                labelSum += b.y().floats()[k];
            }
            float[] values = b.x().values();
            for (int p = 0; p < b.x().nnz(); p++) {
                valueSum += values[p];
            }
        }
        stream.close();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(rows + " " + labelSum + " " + valueSum + " " + Runtime.getRuntime().maxMemory() + " "
                + peak + " " + (System.nanoTime() - start) / 1e9);
    }
}
