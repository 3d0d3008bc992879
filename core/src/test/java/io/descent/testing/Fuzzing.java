package io.descent.testing;

import io.descent.InvalidInputException;
import io.descent.tensor.Rng;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The contract every reader of untrusted input is fuzzed against: it returns, or throws
 * {@link InvalidInputException} with a message that starts with its source; it throws nothing else (no other
 * exception, no error such as OutOfMemoryError or StackOverflowError), finishes within {@link #TIME_LIMIT_SECONDS}
 * and allocates less than a bound (so a header that claims a huge size is refused before anything is allocated).
 * Each reader's inputs are counted under its name, for the closing figures ({@link #report()}).
 */
public final class Fuzzing {
    /** Far above what any input here needs (milliseconds); a shared, loaded machine still passes. */
    public static final long TIME_LIMIT_SECONDS = 10;
    /** Bytes a reader may allocate for one small input: a few times the input, never what a lying header claims. */
    public static final long MAX_ALLOCATED = 64L << 20;

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    private static ExecutorService worker;

    private Fuzzing() {
    }

    /** Code under test; any exception it throws is judged by {@link #onlyInvalidInput}. */
    @FunctionalInterface
    public interface Read {
        void run() throws Exception;
    }

    /** {@link #onlyInvalidInput(String, Supplier, long, Read)} with the default allocation bound. */
    public static boolean onlyInvalidInput(String reader, Supplier<String> input, Read read) {
        return onlyInvalidInput(reader, input, MAX_ALLOCATED, read);
    }

    /**
     * Runs {@code read} on a worker thread and checks the contract.
     *
     * @param reader       the name the input is counted under, e.g. "ModelFile.load"
     * @param input        describes the input in a failure message
     * @param maxAllocated bytes the worker thread may allocate during the read
     * @return whether the read succeeded (false: it refused the input)
     */
    public static boolean onlyInvalidInput(String reader, Supplier<String> input, long maxAllocated, Read read) {
        COUNTS.computeIfAbsent(reader, k -> new AtomicLong()).incrementAndGet();
        Future<long[]> run = worker().submit(() -> {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            boolean ok = true;
            try {
                read.run();
            } catch (InvalidInputException expected) {
                if (expected.getMessage() == null || !expected.getMessage().startsWith(expected.source())
                        || expected.getMessage().length() <= expected.source().length() + 2) {
                    throw new AssertionError(reader + ": input " + input.get() + " was refused without a proper message: "
                            + expected.getMessage(), expected);
                }
                ok = false;
            } catch (Throwable other) {
                throw new AssertionError(reader + ": input " + input.get() + " raised " + other, other);
            }
            return new long[] {threads.getThreadAllocatedBytes(id) - before, ok ? 1 : 0};
        });
        long[] result;
        try {
            result = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            abandonWorker();
            throw new AssertionError(reader + ": input " + input.get() + " took more than " + TIME_LIMIT_SECONDS
                    + " s: a hang");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (result[0] >= maxAllocated) {
            throw new AssertionError(reader + ": input " + input.get() + " made the reader allocate " + result[0]
                    + " bytes, over the bound of " + maxAllocated);
        }
        return result[1] == 1;
    }

    /** How many inputs each reader was given so far in this JVM, by reader name. */
    public static Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** One line per reader: "fuzz inputs tried: ModelFile.load 1234". */
    public static String report() {
        StringBuilder sb = new StringBuilder();
        counts().forEach((k, v) -> sb.append("fuzz inputs tried: ").append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    private static synchronized ExecutorService worker() {
        if (worker == null) {
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fuzz-reader");
                t.setDaemon(true);
                return t;
            });
        }
        return worker;
    }

    /** A stuck thread is left behind (a daemon); later inputs get a fresh one. */
    private static synchronized void abandonWorker() {
        worker = null;
    }

    // ---------------------------------------------------------------- mutations of binary files

    /** Values that lengths, counts and offsets in a header may lie with. */
    public static final long[] EDGE_LONGS = {0, 1, 2, 7, 8, 255, 65535, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
        0xFFFFFFFFL, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1, -8};

    /**
     * {@code template} with {@code count} random edits: bit flips, byte changes, truncation, insertion,
     * deletion, repetition, a chunk copied over another place (splicing), and 8-byte little-endian integers
     * overwritten with {@link #EDGE_LONGS} (lying lengths and offsets).
     */
    public static byte[] mutate(byte[] template, long seed, int count) {
        Rng rng = new Rng(seed);
        byte[] b = template.clone();
        for (int k = 0; k < count; k++) {
            int at = b.length == 0 ? 0 : rng.nextInt(b.length);
            switch (rng.nextInt(8)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << rng.nextInt(8));
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[at] = (byte) rng.nextInt(256);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] insert = new byte[1 + rng.nextInt(8)];
                    for (int i = 0; i < insert.length; i++) {
                        insert[i] = (byte) rng.nextInt(256);
                    }
                    b = splice(b, at, 0, insert);
                }
                case 4 -> b = splice(b, at, Math.min(b.length - at, 1 + rng.nextInt(16)), new byte[0]);
                case 5 -> {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(32));
                    b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
                case 6 -> {
                    if (b.length > 1) {
                        int from = rng.nextInt(b.length);
                        int len = Math.min(Math.min(b.length - from, b.length - at), 1 + rng.nextInt(32));
                        System.arraycopy(b.clone(), from, b, at, len);
                    }
                }
                default -> {
                    int where = rng.nextInt(4) == 0 ? 0 : at; // the header length field often
                    if (where + 8 <= b.length) {
                        long v = EDGE_LONGS[rng.nextInt(EDGE_LONGS.length)];
                        for (int i = 0; i < 8; i++) {
                            b[where + i] = (byte) (v >>> (8 * i));
                        }
                    }
                }
            }
        }
        return b;
    }

    public static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** A short description of bytes for failure messages. */
    public static String show(byte[] b) {
        return b.length <= 64 ? Arrays.toString(b) : b.length + " bytes starting " + Arrays.toString(Arrays.copyOf(b, 64));
    }
}
