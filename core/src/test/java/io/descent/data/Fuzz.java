package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.InvalidInputException;
import io.descent.tensor.Rng;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the reader fuzz properties share: input mutations and the one outcome allowed on bad input. */
final class Fuzz {
    /** A reader may allocate a few times its input, never what a lying header claims. */
    static final long MAX_ALLOCATED = 64L << 20;

    private Fuzz() {
    }

    /**
     * Runs {@code read}: it must return or throw {@link InvalidInputException}, and nothing else (no other
     * exception, no error such as OutOfMemoryError), within two seconds (on one reused worker thread), allocating under {@link #MAX_ALLOCATED}.
     */
    static void onlyInvalidInput(byte[] input, Runnable read) {
        Future<Long> run = worker().submit(() -> {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            try {
                read.run();
            } catch (InvalidInputException expected) {
                assertThat(expected.getMessage()).startsWith(expected.source());
            } catch (Throwable other) {
                throw new AssertionError("input " + show(input) + " raised " + other, other);
            }
            return threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        });
        long allocated;
        try {
            allocated = run.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            worker = null; // the stuck thread is abandoned (a daemon); later inputs get a fresh one
            throw new AssertionError("input " + show(input) + " took more than 2 s: a hang");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(allocated).as("bytes allocated for input " + show(input)).isLessThan(MAX_ALLOCATED);
    }

    private static ExecutorService worker;

    /** One reused daemon thread runs the reads, so that a hang can be timed out without a thread per input. */
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

    /** {@code template} with {@code count} random edits: byte changes, truncation, insertion, deletion, repetition. */
    static byte[] mutate(byte[] template, long seed, int count) {
        String alphabet = "0123456789 :,.-e#\n\t\"qid";
        Rng rng = new Rng(seed);
        byte[] b = template.clone();
        for (int k = 0; k < count; k++) {
            int at = b.length == 0 ? 0 : rng.nextInt(b.length);
            switch (rng.nextInt(6)) {
                case 0:
                case 1:
                    if (b.length > 0) {
                        b[at] = (byte) rng.nextInt(256);
                    }
                    break;
                case 2:
                    b = Arrays.copyOf(b, at);
                    break;
                case 3: {
                    byte[] insert = new byte[1 + rng.nextInt(8)];
                    for (int i = 0; i < insert.length; i++) {
                        insert[i] = (byte) (rng.nextInt(2) == 0 ? rng.nextInt(256) : alphabet.charAt(rng.nextInt(alphabet.length())));
                    }
                    b = splice(b, at, 0, insert);
                    break;
                }
                case 4:
                    b = splice(b, at, Math.min(b.length - at, 1 + rng.nextInt(8)), new byte[0]);
                    break;
                default: {
                    int len = Math.min(b.length - at, 1 + rng.nextInt(16));
                    b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static String show(byte[] b) {
        return b.length <= 64 ? Arrays.toString(b) : b.length + " bytes starting " + Arrays.toString(Arrays.copyOf(b, 64));
    }
}
