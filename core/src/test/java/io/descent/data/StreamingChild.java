package io.descent.data;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * The child JVM of {@link StreamingMemoryTest}: streams one epoch of a LIBSVM file with the heap it was
 * given and prints what it saw: {@code rows labelSum valueSum maxHeapBytes peakHeapBytes seconds}.
 */
public final class StreamingChild {
    private StreamingChild() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        StreamingLoader<SparseBatch> loader = StreamingLoader.libsvm(Path.of(args[0]), LibSvmFormat.DEFAULT,
                StreamingLoader.Options.of(256, 42).withChunks(4096, 8));
        long rows = 0;
        double labelSum = 0;
        double valueSum = 0;
        for (SparseBatch b : loader) {
            rows += b.size();
            for (int k = 0; k < b.size(); k++) {
                labelSum += b.y().floats()[k];
            }
            float[] values = b.x().values();
            for (int p = 0; p < b.x().nnz(); p++) {
                valueSum += values[p];
            }
        }
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
